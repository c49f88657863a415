"""The live meeting, the logic: what may be entered, and what the meeting decided so far.

No screen and no clock here. A `LiveMeeting` holds the minutes file as a round-trip document
(`live.store`). Every change is tried on it and kept only when `wijk check` would report no
new error in the file (`pipeline.check_minutes`: the loader and the checks of the minutes);
otherwise it is undone and refused with that problem's own Dutch words (`Refused`). The
outcome of an item is counted by `count.tally.tally_item`, the code `wijk tally` uses.

The steps of a meeting are: attendance (with the opening time), mededelingen, one step per
agenda item (the order of `besluiten`), actiepunten, rondvraag, and the closing. The file is
written when a step is finished (`finish`); reopening resumes at the first unfinished step
(`resume_step`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wijkcli.live import store
from wijkcli.problems import Problem, WijkcliError

if TYPE_CHECKING:
    from wijkcli.count.tally import ItemResult
    from wijkcli.dataset import Meeting
    from wijkcli.model import Aanvraag, Vergadering

StepKind = Literal["aanwezig", "mededelingen", "punt", "actiepunten", "rondvraag", "sluiting"]
VOTE_KINDS = ("voor", "tegen", "onthouding")
VOORSTELLEN = ("toekennen", "gedeeltelijk", "afwijzen", "aanhouden")
TEXT_FIELDS = ("motivering", "voorwaarden", "bespreking", "vervolg")

# The order of the keys of the minutes (model.vergadering): a key the app adds goes after the
# last key before it that the file has.
TOP_ORDER = (
    "gebied", "datum", "voorzitter", "notulist", "opening", "aanwezig", "afgemeld",
    "schriftelijke_inbreng", "volmachten", "vertrokken", "vertrokken_om", "toelichting",
    "mededelingen", "besluiten", "opmerkingen", "actiepunten", "rondvraag", "sluiting",
    "volgende_vergadering",
)  # fmt: skip
ITEM_ORDER = (
    "voorstel", "bedrag", "uren", "motivering", "voorwaarden", "vervolg", "betrokken",
    "stemmen", "voorzitter_beslist", "toelichting", "bespreking",
)  # fmt: skip


class Refused(WijkcliError):
    """Input that cannot be entered; the message says why, in the words of `wijk check`."""


@dataclass(frozen=True)
class Step:
    kind: StepKind
    aanvraag: str | None = None
    """The application of an agenda item (kind `punt`)."""


def _words(exc: Exception) -> str:
    message = getattr(exc, "message", None)
    return message() if callable(message) else str(exc)


def parse_time(value: str) -> time:
    from wijkcli.model.scalars import parse_time as parse

    try:
        return parse(value)
    except ValueError as exc:
        raise Refused(_words(exc)) from None


def parse_day(value: str) -> date:
    from wijkcli.model.scalars import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise Refused(_words(exc)) from None


def parse_amount(value: str) -> Decimal:
    from wijkcli.model.scalars import parse_money

    try:
        return parse_money(value)
    except ValueError as exc:
        raise Refused(_words(exc)) from None


def _put(m: store.CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set `key`, a new key in its place in `order` (after the last key before it)."""
    if key in m:
        m[key] = value
        return
    before = order[: order.index(key)] if key in order else order
    pos = 0
    for i, k in enumerate(m):
        if k in before:
            pos = i + 1
    m.insert(pos, key, value)


def _toggle(mapping: Any, key: str, order: tuple[str, ...], value: str) -> None:
    """Add `value` to the list at `key` (made in its place by `order`), or take it out if it is
    there; an emptied list goes, key and all."""
    seq = _seq(mapping, key, order)
    if value in seq:
        _remove(seq, value)
        if not seq:
            del mapping[key]
    else:
        _append(seq, value)


def _seq(m: store.CommentedMap, key: str, order: tuple[str, ...]) -> Any:
    """The list under `key`, made (as `[]`) when the file has none."""
    found = m.get(key)
    if not isinstance(found, list):
        found = store.flow_list([])
        _put(m, key, found, order)
    return found


def _map(m: store.CommentedMap, key: str, order: tuple[str, ...]) -> Any:
    found = m.get(key)
    if not isinstance(found, dict):
        found = store.CommentedMap()
        found.fa.set_flow_style()
        _put(m, key, found, order)
    return found


def _append(seq: Any, value: Any) -> None:
    seq.append(value)
    if hasattr(seq, "fa") and len(seq) > 2:
        seq.fa.set_block_style()  # a long list one name a line, as the example writes it


def _remove(seq: Any, value: Any) -> None:
    while value in seq:
        seq.remove(value)
    if hasattr(seq, "fa") and len(seq) <= 2:
        seq.fa.set_flow_style()


class LiveMeeting:
    """One meeting being entered: the document, its last accepted version and its problems."""

    def __init__(
        self,
        meeting: Meeting,
        path: Path,
        raw: bytes,
        repo: Path | None = None,
        known: Sequence[Problem] = (),
    ) -> None:
        """`repo` (the folder `wijk check` is run in): after each save the whole repository is
        checked again, and what it reports beyond `known` (the problems before the meeting)
        is kept in `new_problems`."""
        from wijkcli.pipeline import check_minutes

        self.repo = repo
        self.known = {_key(p) for p in known}
        self.new_problems: list[Problem] = []
        self.meeting = meeting
        self.path = path
        self.ronde = meeting.info
        self.regels = meeting.regels
        self.leden = meeting.gebied.leden_by_id
        self.secret = self.ronde.stemming == "geheim"
        self.doc = store.load(raw)
        self.saved = raw
        self.raw = raw
        model, problems = check_minutes(meeting.dataset, meeting.ronde_id, meeting.gebied_id, raw)
        # Errors the file had before (none after `load_clean`) are not blamed on a key press.
        self.baseline = {(p.code, p.message) for p in problems if p.is_error}
        self.problems: list[Problem] = problems
        self._model = model
        self._add_missing_items()

    # --- the document and its checks --------------------------------------------------------

    @property
    def model(self) -> Vergadering:
        assert self._model is not None, "the minutes have errors"
        return self._model

    def _add_missing_items(self) -> None:
        """Applications of the gebied without an item get one at the end, in agenda order
        (as `wijk nieuw vergadering` writes them); saved with the first finished step."""
        from wijkcli.documents.agenda import agenda_order

        besluiten = self.doc.get("besluiten")
        missing = [a.id for a in agenda_order(self.meeting) if a.id not in (besluiten or {})]
        if missing:
            self.change(lambda doc: [self._item(x) for x in missing])

    def change(self, edit: Any, judge: str | None = None) -> None:
        """Apply `edit(doc)`; keep it only when the file would have no new error.

        Raises:
            Refused: with the words of the first new error.
        """
        from wijkcli.pipeline import check_minutes

        before = self.raw
        try:
            edit(self.doc)
            raw = store.keeping(before, store.dump(self.doc))
        except Refused:
            self.doc = store.load(before)
            raise
        m = self.meeting
        model, problems = check_minutes(m.dataset, m.ronde_id, m.gebied_id, raw, judge)
        new = [p for p in problems if p.is_error and (p.code, p.message) not in self.baseline]
        if new or model is None:
            self.doc = store.load(before)
            raise Refused(new[0].message if new else "de notulen kloppen dan niet meer")
        self.raw, self.problems, self._model = raw, problems, model

    @property
    def dirty(self) -> bool:
        return self.raw != self.saved

    def save(self) -> None:
        """Write the file (atomically) as it is now, then read it back as `wijk check` does."""
        store.write(self.path, self.raw)
        self.saved = self.raw
        if self.repo is not None:
            from wijkcli.pipeline import check_repo

            _, problems = check_repo(self.repo)
            self.new_problems = [p for p in problems if _key(p) not in self.known]

    def revert(self) -> None:
        """Forget what was entered since the last save (the step being entered)."""
        from wijkcli.pipeline import check_minutes

        self.doc = store.load(self.saved)
        self.raw = self.saved
        m = self.meeting
        self._model, self.problems = check_minutes(m.dataset, m.ronde_id, m.gebied_id, self.raw)

    # --- steps ------------------------------------------------------------------------------

    @property
    def agenda(self) -> list[str]:
        return [str(k) for k in self.doc.get("besluiten") or {}]

    def steps(self) -> list[Step]:
        return [
            Step("aanwezig"),
            Step("mededelingen"),
            *(Step("punt", aid) for aid in self.agenda),
            Step("actiepunten"),
            Step("rondvraag"),
            Step("sluiting"),
        ]

    def resume_step(self) -> int:
        """Where a reopened meeting goes on: attendance while there is no opening time; then
        the mededelingen while none is entered and no item is finished; then the first
        unfinished item; then the action points while the meeting is not closed; else the
        closing."""
        v = self.model
        steps = self.steps()
        if v.opening is None:
            return 0
        besluiten = v.besluiten
        if not v.mededelingen and all(b.unfinished for b in besluiten.values()):
            return 1
        for i, s in enumerate(steps):
            if s.kind == "punt" and s.aanvraag in besluiten and besluiten[s.aanvraag].unfinished:
                return i
        return len(steps) - 1 if v.sluiting is not None else len(steps) - 3

    def finish(self, step: Step) -> None:
        """The step is done: check that it is complete, then write the file.

        Raises:
            Refused: an agenda item without proposal or votes; the attendance without opening.
        """
        v = self.model
        if step.kind == "aanwezig" and v.opening is None:
            raise Refused("vul de tijd van de opening in (t)")
        if step.kind == "punt":
            assert step.aanvraag is not None
            b = v.besluiten[step.aanvraag]
            if b.unfinished:
                raise Refused(
                    f"agendapunt '{step.aanvraag}' is nog niet afgehandeld (nog "
                    + ("geen voorstel" if b.voorstel is None else "geen stemmen")
                    + ")"
                )
        if step.kind == "sluiting" and v.sluiting is None:
            raise Refused("vul de tijd van de sluiting in (t)")
        self.save()

    # --- people -----------------------------------------------------------------------------

    def name(self, lid_id: str) -> str:
        lid = self.leden.get(lid_id)
        return lid.naam if lid is not None else lid_id

    def _sorted(self, ids: Any) -> list[str]:
        from wijkcli.text import name_sort_key

        return sorted(ids, key=lambda x: (name_sort_key(self.name(x)), x))

    def voters(self) -> list[str]:
        return self._sorted(self.meeting.gebied.voters(self.regels))

    def professionals(self) -> list[str]:
        voters = set(self.meeting.gebied.voters(self.regels))
        return self._sorted(x for x in self.meeting.gebied.professionals if x not in voters)

    def status(self, lid_id: str) -> str:
        """aanwezig, afgemeld, volmacht (then `holder_of`), schriftelijk, or afwezig."""
        v = self.model
        if lid_id in v.volmachten:
            return "volmacht"
        if lid_id in v.afgemeld:
            return "afgemeld"
        if lid_id in v.aanwezig:
            return "aanwezig"
        if lid_id in v.schriftelijke_inbreng:
            return "schriftelijk"
        return "afwezig"

    def holder_of(self, giver: str) -> str | None:
        return self.model.volmachten.get(giver)

    def set_status(self, lid_id: str, status: str) -> None:
        """aanwezig, afgemeld, schriftelijk (a professional's written input) or afwezig."""

        def edit(doc: store.CommentedMap) -> None:
            for key in ("aanwezig", "afgemeld", "schriftelijke_inbreng"):
                if isinstance(doc.get(key), list):
                    _remove(doc[key], lid_id)
            if isinstance(doc.get("volmachten"), store.CommentedMap):
                doc["volmachten"].pop(lid_id, None)
                if not doc["volmachten"]:  # `{}` on its own line after a comment: not YAML
                    doc["volmachten"].fa.set_flow_style()
            where = {"aanwezig": "aanwezig", "afgemeld": "afgemeld",
                     "schriftelijk": "schriftelijke_inbreng"}.get(status)  # fmt: skip
            if where is not None:
                _append(_seq(doc, where, TOP_ORDER), lid_id)

        self.change(edit)

    def proxy_holders(self, giver: str) -> list[str]:
        """Who may hold the proxy of `giver`: members with a vote at the meeting who hold
        fewer than the round allows (none when the round allows no proxies)."""
        cap = self.regels.max_volmachten
        if not cap:
            return []
        v = self.model
        held: dict[str, int] = {}
        for g, h in v.volmachten.items():
            if g != giver:
                held[h] = held.get(h, 0) + 1
        present = set(v.aanwezig) - set(v.afgemeld)
        return [x for x in self.voters() if x in present and x != giver and held.get(x, 0) < cap]

    def next_proxy(self, giver: str) -> None:
        """Give `giver` a proxy to the next member who may hold it (after the last: none).
        Refused with the words of `wijk check` where the round allows none, or every member
        holds as many as allowed."""
        holders = self.proxy_holders(giver)
        current = self.holder_of(giver)
        if not holders:
            v = self.model
            present = [x for x in self.voters() if x in v.aanwezig and x != giver]
            target = present[0] if present else giver  # let the check say why not
        elif current in holders and holders.index(current) + 1 == len(holders):
            self.set_status(giver, "afgemeld")
            return
        else:
            target = holders[holders.index(current) + 1] if current in holders else holders[0]

        def edit(doc: store.CommentedMap) -> None:
            _remove(_seq(doc, "aanwezig", TOP_ORDER), giver)
            afgemeld = _seq(doc, "afgemeld", TOP_ORDER)
            if giver not in afgemeld:
                _append(afgemeld, giver)
            _map(doc, "volmachten", TOP_ORDER)[giver] = target

        self.change(edit)

    def toggle_role(self, role: str, lid_id: str) -> None:
        """`lid_id` is the meeting's `voorzitter` or `notulist` (again: nobody)."""
        assert role in ("voorzitter", "notulist")

        def edit(doc: store.CommentedMap) -> None:
            if doc.get(role) == lid_id:
                del doc[role]
            else:
                _put(doc, role, lid_id, TOP_ORDER)

        self.change(edit)

    def set_opening(self, value: str) -> None:
        tijd = parse_time(value)

        def edit(doc: store.CommentedMap) -> None:
            opening = doc.get("opening")
            if isinstance(opening, dict):
                opening["tijd"] = f"{tijd:%H:%M}"
            else:
                new = store.CommentedMap(tijd=f"{tijd:%H:%M}")
                new.fa.set_flow_style()
                _put(doc, "opening", new, TOP_ORDER)

        self.change(edit)

    # --- agenda items -----------------------------------------------------------------------

    def aanvraag(self, aid: str) -> Aanvraag | None:
        return self.meeting.ronde.aanvragen.get(aid)

    def _item(self, aid: str) -> store.CommentedMap:
        besluiten = self.doc.get("besluiten")
        if not isinstance(besluiten, dict):
            besluiten = store.CommentedMap()
            _put(self.doc, "besluiten", besluiten, TOP_ORDER)
        item = besluiten.get(aid)
        if not isinstance(item, dict):
            item = store.CommentedMap()
            item["voorstel"] = None
            item["stemmen"] = store.CommentedMap(
                voor=store.flow_list([]), tegen=store.flow_list([]), onthouding=store.flow_list([])
            )
            besluiten[aid] = item
        found: store.CommentedMap = item
        return found

    def interest(self, aid: str, lid_id: str) -> str | None:
        """'aanvraag' (in betrokken_leden), 'vergadering' (declared at the meeting), or None."""
        a = self.aanvraag(aid)
        if a is not None and lid_id in a.betrokken_leden:
            return "aanvraag"
        if lid_id in self.model.besluiten[aid].betrokken:
            return "vergadering"
        return None

    def toggle_interest(self, aid: str, lid_id: str) -> None:
        """A member declares a personal interest in the item at the meeting (or takes it back)."""
        if self.interest(aid, lid_id) == "aanvraag":
            raise Refused(
                f"'{lid_id}' heeft volgens de aanvraag een persoonlijk belang (betrokken_leden)"
            )

        def edit(doc: store.CommentedMap) -> None:
            _toggle(self._item(aid), "betrokken", ITEM_ORDER, lid_id)

        self.change(edit)

    def left_before(self, aid: str, lid_id: str) -> bool:
        """Whether the member had left before this item."""
        first = self.model.vertrokken.get(lid_id)
        agenda = self.agenda
        return first is not None and first in agenda and agenda.index(first) <= agenda.index(aid)

    def toggle_left(self, aid: str, lid_id: str) -> None:
        """The member left before this item (and was not there for the rest); again: undo."""
        first = self.model.vertrokken.get(lid_id)
        if first is not None and first != aid and self.left_before(aid, lid_id):
            raise Refused(f"'{lid_id}' vertrok al vóór agendapunt '{first}'")
        if lid_id not in self.model.aanwezig or lid_id in self.model.afgemeld:
            raise Refused(f"'{lid_id}' vertrok, maar staat niet bij aanwezig")

        def edit(doc: store.CommentedMap) -> None:
            left = _map(doc, "vertrokken", TOP_ORDER)
            if left.get(lid_id) == aid:
                del left[lid_id]
                times = doc.get("vertrokken_om")
                if isinstance(times, store.CommentedMap):
                    times.pop(lid_id, None)
                    if not times:  # `{}` alone on a line after a comment is no YAML
                        times.fa.set_flow_style()
                if not left:
                    del doc["vertrokken"]
            else:
                left[lid_id] = aid
                left.fa.set_block_style()

        self.change(edit)

    def set_left_time(self, lid_id: str, value: str) -> None:
        tijd = parse_time(value)
        self.change(
            lambda doc: _map(doc, "vertrokken_om", TOP_ORDER).__setitem__(lid_id, f"{tijd:%H:%M}")
        )

    def members_for(self, aid: str) -> list[str]:
        """Everyone with a vote at the meeting (present at the opening), and the givers of
        proxies: whom the item's screen lists."""
        v = self.model
        present = [x for x in self.voters() if x in v.aanwezig and x not in v.afgemeld]
        givers = [x for x in self.voters() if x in v.volmachten and x not in present]
        return present + givers

    def eligible(self, aid: str) -> list[str]:
        """Who may vote on the item: present, with a vote, no personal interest; and the
        givers of proxies usable on it."""
        from wijkcli.count.attendance import present_for, proxies_for, recused_for
        from wijkcli.model import has_vote

        v = self.model
        b = v.besluiten[aid]
        recused = recused_for(self.aanvraag(aid), b)
        present = present_for(v, aid)
        proxies = proxies_for(v, aid, self.regels, recused)
        ok = {x for x in present if has_vote(self.leden.get(x), self.regels)} | set(proxies)
        return [x for x in self.members_for(aid) if x in ok and x not in recused]

    def set_voorstel(self, aid: str, voorstel: str) -> None:
        assert voorstel in VOORSTELLEN

        def edit(doc: store.CommentedMap) -> None:
            item = self._item(aid)
            item["voorstel"] = voorstel
            if voorstel in ("afwijzen", "aanhouden"):  # no amount, no hours with these
                item.pop("bedrag", None)
                if item.get("uren"):
                    del item["uren"]

        self.change(edit, judge=aid)

    def set_amount(self, aid: str, value: str) -> None:
        """The amount proposed (empty: none, so `toekennen` gives what was asked)."""
        amount = parse_amount(value) if value.strip() else None

        def edit(doc: store.CommentedMap) -> None:
            item = self._item(aid)
            if amount is None:
                item.pop("bedrag", None)
            else:
                _put(item, "bedrag", amount, ITEM_ORDER)

        self.change(edit, judge=aid)

    def set_hours(self, aid: str, value: str) -> None:
        """Hours proposed per professional: `mirjam-lagerweij=30 linda-hoogeveen=10`."""
        hours: dict[str, int] = {}
        for part in value.replace(",", " ").split():
            who, sep, n = part.partition("=")
            if not sep or not n.strip().isdigit() or len(n.strip()) > 5:
                raise Refused(f"'{part}' is geen uren; schrijf professional=uren, bijvoorbeeld "
                              "mirjam-lagerweij=30")  # fmt: skip
            hours[who.strip()] = int(n)

        def edit(doc: store.CommentedMap) -> None:
            item = self._item(aid)
            if not hours:
                item.pop("uren", None)
                return
            m = store.CommentedMap(hours)
            _put(item, "uren", m, ITEM_ORDER)

        self.change(edit, judge=aid)

    def add_text(self, aid: str, field: str, value: str) -> None:
        """A line of motivering, voorwaarden, bespreking or vervolg."""
        assert field in TEXT_FIELDS
        if not value.strip():
            return

        def edit(doc: store.CommentedMap) -> None:
            seq = _seq(self._item(aid), field, ITEM_ORDER)
            seq.fa.set_block_style()
            seq.append(store.text(value.strip()))

        self.change(edit)

    def vote_of(self, aid: str, lid_id: str) -> str | None:
        stemmen = self.model.besluiten[aid].stemmen
        for kind in VOTE_KINDS:
            got = getattr(stemmen, kind)
            if isinstance(got, list) and lid_id in got:
                return kind
        return None

    def _proposal_first(self, aid: str) -> None:
        """The room votes on a proposal: without one the votes cannot be judged."""
        if self.model.besluiten[aid].voorstel is None:
            raise Refused(
                "eerst het voorstel: 1 toekennen, 2 gedeeltelijk, 3 afwijzen, 4 aanhouden"
            )

    def vote(self, aid: str, lid_id: str, kind: str | None) -> None:
        """A named vote: `lid_id` voted `kind` (None: takes it back)."""
        self._proposal_first(aid)
        if self.secret:
            raise Refused(
                "de stemming in deze ronde is geheim: noteer alleen aantallen, geen namen"
            )
        self.change(lambda doc: self._set_votes(aid, {lid_id: kind}))

    def vote_rest(self, aid: str, kind: str) -> None:
        """Everyone who may vote and has not: `kind` (the show of hands: 'de rest is voor')."""
        self._proposal_first(aid)
        if self.secret:
            raise Refused(
                "de stemming in deze ronde is geheim: noteer alleen aantallen, geen namen"
            )
        rest: dict[str, str | None] = {
            x: kind for x in self.eligible(aid) if self.vote_of(aid, x) is None
        }
        self.change(lambda doc: self._set_votes(aid, rest))

    def _set_votes(self, aid: str, votes: dict[str, str | None]) -> None:
        stemmen = _map(self._item(aid), "stemmen", ITEM_ORDER)
        stemmen.fa.set_block_style()
        for kind in VOTE_KINDS:
            if not isinstance(stemmen.get(kind), list):
                stemmen[kind] = store.flow_list([])
        for lid_id, wanted in votes.items():
            for k in VOTE_KINDS:
                _remove(stemmen[k], lid_id)
            if wanted is not None:
                _append(stemmen[wanted], lid_id)

    def set_count(self, aid: str, kind: str, value: str) -> None:
        """A secret ballot: how many voted `kind`."""
        self._proposal_first(aid)
        if not self.secret:
            raise Refused(
                "de stemming in deze ronde is openbaar: noteer wie er stemde, niet alleen een "
                "aantal"
            )
        text = value.strip()
        if not text.isdigit() or len(text) > 4:
            raise Refused(f"'{value}' is geen aantal; schrijf een heel getal, bijvoorbeeld 7")

        def edit(doc: store.CommentedMap) -> None:
            stemmen = _map(self._item(aid), "stemmen", ITEM_ORDER)
            stemmen.fa.set_block_style()
            stemmen[kind] = int(text)
            for k in VOTE_KINDS:
                if isinstance(stemmen.get(k), list):
                    stemmen[k] = 0

        self.change(edit)

    def next_chair_decision(self, aid: str) -> None:
        """At a tie under `staking: voorzitter`: none → aangenomen → verworpen → none."""
        current = self.model.besluiten[aid].voorzitter_beslist
        nxt = {None: "aangenomen", "aangenomen": "verworpen", "verworpen": None}[current]

        def edit(doc: store.CommentedMap) -> None:
            item = self._item(aid)
            if nxt is None:
                item.pop("voorzitter_beslist", None)
            else:
                _put(item, "voorzitter_beslist", nxt, ITEM_ORDER)

        self.change(edit)

    def outcome(self, aid: str) -> ItemResult | None:
        """The item counted as `wijk tally` counts it (None while it has no proposal or
        votes)."""
        from wijkcli.count.tally import tally_item

        b = self.model.besluiten[aid]
        if b.unfinished:
            return None
        return tally_item(self.ronde, self.meeting.gebied, self.model, aid, b, self.aanvraag(aid))

    def outcome_words(self, aid: str) -> str:
        """The outcome in the letter's words, with the count."""
        from wijkcli.documents.wording import uitkomst

        item = self.outcome(aid)
        if item is None:
            b = self.model.besluiten[aid]
            return "nog geen " + ("voorstel" if b.voorstel is None else "stemmen")
        return (
            f"voor {item.voor}, tegen {item.tegen}, onthouding {item.onthouding}; "
            f"{item.present} aanwezig, quorum {item.quorum_needed}: {uitkomst(item)}"
        )

    def explained(self, aid: str) -> bool:
        """Whether the applicant came to explain the application (the list `toelichting`)."""
        return aid in self.model.toelichting

    def toggle_explained(self, aid: str) -> None:
        """The applicant came to explain the application (again: did not)."""

        def edit(doc: store.CommentedMap) -> None:
            _toggle(doc, "toelichting", TOP_ORDER, aid)

        self.change(edit)

    def set_explained_by(self, aid: str, value: str) -> None:
        """Who explained the item (`de aanvrager`, or a member's name); empty: nobody."""
        words = value.strip()

        def edit(doc: store.CommentedMap) -> None:
            item = self._item(aid)
            if words:
                _put(item, "toelichting", store.text(words), ITEM_ORDER)
            else:
                item.pop("toelichting", None)

        self.change(edit)

    # --- the rest of the meeting ------------------------------------------------------------

    def add_mededeling(self, value: str) -> None:
        if value.strip():
            self.change(lambda doc: _append_text(_seq(doc, "mededelingen", TOP_ORDER), value))

    def add_actiepunt(self, wat: str, wie: str, uiterlijk: str) -> None:
        day = parse_day(uiterlijk)
        if not wat.strip():
            raise Refused("wat moet er gebeuren? (wat is leeg)")

        def edit(doc: store.CommentedMap) -> None:
            seq = _seq(doc, "actiepunten", TOP_ORDER)
            seq.fa.set_block_style()
            seq.append(store.CommentedMap(wat=store.text(wat.strip()), wie=wie.strip(),
                                          uiterlijk=day))  # fmt: skip

        self.change(edit)

    def set_done(self, number: str, value: str) -> None:
        """Action point `number` (1 is the first under `actiepunten`, as `wijk actiepunten`
        numbers them) was done on the day `value`; empty: not done after all."""
        text = number.strip()
        count = len(self.model.actiepunten)
        if not text.isdigit() or not 1 <= int(text) <= count:
            raise Refused(
                f"'{number}' is geen actiepunt van deze vergadering; kies 1 tot en met {count}"
                if count
                else "deze vergadering heeft nog geen actiepunten"
            )
        day = parse_day(value) if value.strip() else None

        def edit(doc: store.CommentedMap) -> None:
            punt = doc["actiepunten"][int(text) - 1]
            if day is None:
                punt.pop("gedaan", None)
            else:
                _put(punt, "gedaan", day, ("wat", "wie", "uiterlijk", "gedaan"))

        self.change(edit)

    def add_remark(self, value: str) -> None:
        """A general remark for the letter (`opmerkingen`)."""
        if value.strip():
            self.change(lambda doc: _append_text(_seq(doc, "opmerkingen", TOP_ORDER), value))

    def add_rondvraag(self, lid: str, tekst: str) -> None:
        if not tekst.strip():
            raise Refused("wat werd er gevraagd? (tekst is leeg)")

        def edit(doc: store.CommentedMap) -> None:
            seq = _seq(doc, "rondvraag", TOP_ORDER)
            seq.fa.set_block_style()
            seq.append(store.CommentedMap(lid=lid.strip(), tekst=store.text(tekst.strip())))

        self.change(edit)

    def set_closing(self, value: str) -> None:
        tijd = parse_time(value)
        self.change(lambda doc: _put(doc, "sluiting", f"{tijd:%H:%M}", TOP_ORDER))

    def set_next_meeting(self, value: str) -> None:
        day = parse_day(value)
        self.change(lambda doc: _put(doc, "volgende_vergadering", day, TOP_ORDER))


def _key(p: Problem) -> tuple[str, str, str]:
    """A problem without its line and column (the lines of the minutes move as they grow)."""
    return (p.location.path if p.location else "", p.code, p.message)


def _append_text(seq: Any, value: str) -> None:
    seq.fa.set_block_style()
    seq.append(store.text(value.strip()))
