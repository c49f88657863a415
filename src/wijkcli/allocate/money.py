"""Money between the data and the engine: a `Decimal` amount and an integer number of smallest
units (``Election.unit`` of them make one currency unit: 100 for euro cents).

The one place that converts: the round's allocation (`count.allocation`), the pabulib export
(`documents.pb_export`), the ``.pb`` writer and the output of ``wijk pb verdeel`` all use it.
Exact both ways; an amount that is not a whole number of units is refused, never rounded.
"""

from __future__ import annotations

from decimal import Decimal


def _digits(unit: int) -> int:
    """How many decimals a unit stands for: 1 → 0, 100 → 2; other units are refused."""
    digits = len(str(unit)) - 1
    if unit < 1 or unit != 10**digits:
        raise ValueError(f"unit {unit} is not a power of ten")
    return digits


def to_units(amount: Decimal, unit: int = 100) -> int:
    """`Decimal("4212.50")` → `421250` (with `unit` 100).

    Raises:
        ValueError: the amount is not a whole number of smallest units.
    """
    scaled = amount * unit
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of 1/{unit}")
    return int(scaled)


def from_units(value: int, unit: int) -> Decimal:
    """`421250` with `unit` 100 → `Decimal("4212.50")`: exact, with the unit's decimals.

    Raises:
        ValueError: `unit` is not a power of ten.
    """
    return Decimal(value).scaleb(-_digits(unit))


def format_units(value: int, unit: int) -> str:
    """`421250` with `unit` 100 → `4212.50`, as in a ``.pb`` file (no thousands separator)."""
    return f"{from_units(value, unit):f}"
