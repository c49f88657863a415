"""Count stage: pure arithmetic on a loaded dataset — who was present at each item
(`attendance`), the votes under the round's rules and the budget fit (`tally`, `allocation`),
and the professionals' hours (`uren`). Money is `Decimal`, hours are `int`."""
