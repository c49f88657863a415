"""Checks of sent letters (`verzonden-<gebied>.yaml`, docs/formaat.md §12): a letter once sent
never changes. The record must belong to its round and gebied (files only, `check_verzonden`);
once the data has no errors, the count is compared with the record's figures
(`verzonden_result_problems`), and every difference is one error at the place of the change —
the decision in the minutes, the round's budget, the follow-up record of money that came back,
or the round before — naming the figure before and after. A deliberate change is a
*herziening* (`wijk advies RONDE --herzien REDEN`); then the figures of the herziening hold."""

from __future__ import annotations

from collections.abc import Iterator

from wijkcli.checks.common import error, guarded
from wijkcli.checks.registry import COUNT, check
from wijkcli.count.ledger import Ledger
from wijkcli.dataset import Dataset, Meeting, RondeData, Source
from wijkcli.model import Adviesregel, Stand, Terug, Verzonden
from wijkcli.problems import Location, Problem, register_code
from wijkcli.text import format_date, format_money

HINT = (
    "een verzonden brief verandert niet: maak de wijziging ongedaan, of leg met "
    "'wijk advies {ronde} --herzien \"reden\"' een herziening vast (die komt in de volgende brief)"
)


register_code(
    "sent-without-minutes",
    "Verzonden brief zonder notulen",
    "Een verzonden-<gebied>.yaml hoort bij een ronde met notulen van dat gebied "
    "(vergadering-<gebied>.yaml): de brief kwam uit die notulen.",
    fout="rondes/ronde-2017-3/verzonden-szh.yaml   (geen vergadering-szh.yaml)",
    goed="(zet de notulen terug, of verwijder verzonden-szh.yaml als de brief niet verstuurd is)",
)


@check("id-mismatch", "unknown-gebied", "sent-without-minutes")
def check_verzonden(dataset: Dataset) -> Iterator[Problem]:
    """Een verzonden brief hoort bij een gebied van zijn ronde dat notulen heeft."""
    for r in dataset.rondes.values():
        for gid in sorted(r.verzonden):
            yield from guarded(_record(r, gid, r.verzonden[gid], r.verzonden_src[gid]))


def _record(r: RondeData, gid: str, rec: Verzonden, src: Source) -> Iterator[Problem]:
    if rec.gebied != gid:
        yield error(
            src.at("gebied"),
            "id-mismatch",
            f"gebied '{rec.gebied}' past niet bij de bestandsnaam 'verzonden-{gid}.yaml'",
        )
        return
    if r.ronde is not None and gid not in r.ronde.budget:
        yield error(
            src.at("gebied"),
            "unknown-gebied",
            f"gebied '{gid}' doet niet mee in {r.id}; er is geen brief van dit gebied",
        )
    elif gid not in r.vergaderingen and f"vergadering-{gid}.yaml" not in r.seen:
        yield error(
            src.at("verzonden"),
            "sent-without-minutes",
            f"een brief van {r.id} voor gebied '{gid}' is verzonden, maar de notulen ontbreken "
            f"(vergadering-{gid}.yaml)",
        )


register_code(
    "sent-advice-changed",
    "Een verzonden brief zou veranderen",
    "Na 'wijk advies RONDE --verzonden DATUM' staan de cijfers van de brief in "
    "verzonden-<gebied>.yaml. Verandert daarna iets in de gegevens dat die cijfers zou "
    "veranderen (een besluit in de notulen, het budget, een terugbetaling die vóór de "
    "vergadering gedateerd is, een eerdere ronde), dan is dat deze fout, op de plek van de "
    "wijziging, met het cijfer van toen en van nu. Wat na de vergadering gebeurde, krijgt een "
    "datum na de vergadering en telt pas in een latere ronde. Moet het advies echt anders, "
    'leg dan een herziening vast: wijk advies RONDE --herzien "reden".',
    fout="terugbetaald: 70\nterugbetaald_op: 2017-04-01   (vóór de vergadering van 13 april)",
    goed="terugbetaald_op: 2017-07-10",
)


@check("sent-advice-changed", needs=[COUNT])
def verzonden_result_problems(dataset: Dataset) -> Iterator[Problem]:
    """Na het versturen rekent de telling dezelfde cijfers uit als de brief (of als de laatste
    herziening): elk verschil is een fout op de plek van de wijziging."""
    for r in dataset.rondes.values():
        if r.ronde is None:
            continue
        for gid in sorted(r.verzonden):
            if gid not in r.ronde.budget or gid not in r.vergaderingen:
                continue
            yield from guarded(_compare(dataset, dataset.meeting_of(r, gid)))


def _compare(dataset: Dataset, meeting: Meeting) -> Iterator[Problem]:
    rec = meeting.verzonden
    src = meeting.ronde.verzonden_src.get(meeting.gebied_id)
    assert rec is not None and src is not None
    ledger = Ledger.of(dataset)
    now = ledger.stand(meeting)
    was = rec.geldend
    when = (
        f"de herziening van {format_date(rec.herzieningen[-1].datum)}"
        if rec.herzieningen
        else f"de verzonden brief ({format_date(rec.verzonden)})"
    )
    hint = HINT.format(ronde=meeting.ronde_id)
    # What the letter had to give (budget, carried over, money back) changed: that is the
    # change to report, at its own place; the advice per application follows from it (the
    # budget fit), so it is named in the hint, not reported as changes in the minutes.
    inputs = (
        was.budget != now.budget
        or was.doorgeschoven != now.doorgeschoven
        or {_key(t): t.bedrag for t in was.terug} != {_key(t): t.bedrag for t in now.terug}
    )
    if inputs:
        follows = [
            aid
            for aid in sorted(set(was.aanvragen) | set(now.aanvragen))
            if was.aanvragen.get(aid) != now.aanvragen.get(aid)
        ]
        if follows:
            hint = f"daardoor verandert ook het advies over {', '.join(follows)}; " + hint
        yield from _inputs(dataset, meeting, when, hint, was, now, src)
        return
    r = meeting.ronde
    vsrc = meeting.vergadering_src
    besluiten = meeting.vergadering.besluiten if meeting.vergadering is not None else {}
    for aid in sorted(set(was.aanvragen) | set(now.aanvragen)):
        before, after = was.aanvragen.get(aid), now.aanvragen.get(aid)
        if before == after:
            continue
        if vsrc is not None and aid in besluiten:
            where = vsrc.at("besluiten", aid, key=True)
        elif aid in r.aanvraag_src:
            where = r.aanvraag_src[aid].at("bedrag")
        else:
            where = src.at("aanvragen", aid, key=True)
        yield error(
            where,
            "sent-advice-changed",
            f"{when} adviseerde over '{aid}' {_regel(before)}; nu is het {_regel(after)}",
            hint=hint,
        )


def _inputs(
    dataset: Dataset, meeting: Meeting, when: str, hint: str, was: Stand, now: Stand, src: Source
) -> Iterator[Problem]:
    """The budget, what was carried over and the money back, each at its own place."""
    ledger = Ledger.of(dataset)
    r = meeting.ronde
    if was.budget != now.budget:
        rsrc = r.ronde_src
        yield error(
            rsrc.at("budget", meeting.gebied_id) if rsrc is not None else src.at("budget"),
            "sent-advice-changed",
            f"{when} ging uit van een budget van {format_money(was.budget)}; nu is het "
            f"{format_money(now.budget)}",
            hint=hint,
        )
    if was.doorgeschoven != now.doorgeschoven:
        yield error(
            _previous_place(ledger, meeting, src),
            "sent-advice-changed",
            f"{when} rekende met {format_money(was.doorgeschoven)} doorgeschoven uit de ronde "
            f"ervoor; nu is het {format_money(now.doorgeschoven)} (een eerdere ronde, of de "
            "volgorde van de rondes, veranderde)",
            hint=hint,
        )
    yield from _compare_terug(dataset, meeting, when, hint, was, now, src)


def _regel(regel: Adviesregel | None) -> str:
    if regel is None:
        return "niets (de aanvraag stond er niet in)"
    if regel.advies == "niet-behandeld":
        return "niet behandeld"
    hours = sum(regel.uren.values())
    text = f"{regel.advies} {format_money(regel.bedrag)}"
    return text + (f" en {hours} uur" if hours else "")


def _key(t: Terug) -> tuple[str, str, str]:
    return (t.ronde, t.aanvraag, t.soort)


def _compare_terug(
    dataset: Dataset,
    meeting: Meeting,
    when: str,
    hint: str,
    was: Stand,
    now: Stand,
    src: Source,
) -> Iterator[Problem]:
    """Money back: each movement that is new, gone or different, at the follow-up record."""
    before = {_key(t): t for t in was.terug}
    after = {_key(t): t for t in now.terug}
    places: dict[tuple[str, str, str], Location] = {
        (f.ronde, f.aanvraag, f.soort): f.waar
        for f in Ledger.of(dataset).flows(meeting.gebied_id, meeting.info.year)
    }
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if b is not None and a is not None and b.bedrag == a.bedrag:
            continue  # the letter shows the amount, not the day (moved within the round)
        where = places.get(key) or _grant_place(dataset, key) or src.at("terug")
        ronde, aanvraag, soort = key
        old = f"{format_money(b.bedrag)} ({format_date(b.datum)})" if b else "niets"
        new = f"{format_money(a.bedrag)} ({format_date(a.datum)})" if a else "niets"
        yield error(
            where,
            "sent-advice-changed",
            f"{when} telde als geld terug van '{aanvraag}' ({ronde}, {soort.replace('-', ' ')}) "
            f"{old}; nu is het {new}",
            hint=hint,
        )


def _grant_place(dataset: Dataset, key: tuple[str, str, str]) -> Location | None:
    ronde, aanvraag, _ = key
    r = dataset.rondes.get(ronde)
    if r is None:
        return None
    src = r.voortgang_src.get(aanvraag)
    return src.at("besluit", key=True) if src is not None else None


def _previous_place(ledger: Ledger, meeting: Meeting, src: Source) -> Location:
    rounds = ledger.year_rounds(meeting.info.year, meeting.gebied_id)
    ids = [x.id for x in rounds]
    i = ids.index(meeting.ronde_id)
    if i == 0:
        rsrc = meeting.ronde.ronde_src
        return rsrc.at("doorgeschoven") if rsrc is not None else src.at("doorgeschoven")
    previous = rounds[i - 1]
    vsrc = previous.vergadering_src.get(meeting.gebied_id)
    if vsrc is not None:
        return vsrc.at("besluiten", key=True)
    psrc = previous.ronde_src
    return psrc.at("vergadering", key=True) if psrc is not None else src.at("doorgeschoven")
