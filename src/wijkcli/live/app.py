"""The live meeting, the screen: a Textual app over `live.state.LiveMeeting`.

The screen comes first: the data (the whole repository, checked, and the minutes as a round
trip) is loaded in a thread worker after the first screen is drawn, so start-up costs the
import of Textual and not the load. While it loads the screen says so; keys typed meanwhile are
kept and handled in order once the data is there (Ctrl+Q stops at once). A load that fails ends
the app; the command then reports the failure as every command does (Dutch, exit 1).
This module imports neither `live.state` nor ruamel.yaml at the top: they come with the load.

80×24, keyboard only. One step of the meeting at a time (attendance, mededelingen, each
agenda item, actiepunten, rondvraag, closing); a list of people with a cursor; one line to
type a value when a key asks for one. Names and texts from the files are shown as plain text
(never as markup). Colour follows the terminal; Textual itself honours NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from wijkcli.live.state import LiveMeeting, Step

LIST_ROWS = 12

HELP: dict[str, str] = {
    "aanwezig": "↑↓ kies  a aanwezig  f afgemeld  v volmacht  x afwezig  s schriftelijk\n"
    "t opening  c voorzitter  n notulist  Enter klaar",
    "mededelingen": "n nieuwe mededeling  Enter klaar",
    "punt": "1 toekennen 2 gedeeltelijk 3 afwijzen 4 aanhouden  e bedrag  u uren  Enter klaar\n"
    "m motivering  w voorwaarde  v vervolg  k bespreking  a aanvrager  i toelichting",
    "actiepunten": "↑↓ kies wie  n nieuw actiepunt  g gedaan  Enter klaar",
    "rondvraag": "↑↓ kies wie  n inbreng  Enter klaar",
    "sluiting": "t sluiting  d volgende vergadering  o opmerking voor de brief  Enter klaar",
}
VOTE_HELP = {
    False: "j voor n tegen o onthouding x wis  J N O: de rest  c voorzitter  t vertrektijd",
    True: "j n o: aantal voor, tegen, onthouding (geheim)  c voorzitter  t vertrektijd",
}
ALWAYS = "PgUp/PgDn vorige/volgende stap  Ctrl+Q stoppen"
ASKING = "Enter bewaar  Esc terug\n← → Home End Backspace Delete: bewerken"
ITEM_ALWAYS = "b belang  l vertrokken  " + ALWAYS
LOADING = "gegevens laden…"


class Line(Input):
    """The one line to type a value in. It never takes the focus: Textual gives a key to the
    focused widget, and the focus moves only once the key that opened the line is handled, so
    keys typed in that instant went elsewhere and were lost, or overtook the keys before them
    (two queues). Here every key reaches the app's `on_key`, one queue in the order typed,
    and the app hands it to the line (`type_key`). While it asks it draws its cursor as
    `Input` does for the focused line (`has_focus` is what it draws it by)."""

    EDIT: ClassVar[dict[str, str]] = {
        "backspace": "action_delete_left", "delete": "action_delete_right",
        "left": "action_cursor_left", "right": "action_cursor_right",
        "home": "action_home", "end": "action_end",
        "ctrl+left": "action_cursor_left_word", "ctrl+right": "action_cursor_right_word",
        "ctrl+w": "action_delete_left_word", "ctrl+u": "action_delete_left_all",
    }  # fmt: skip

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.can_focus = False
        self.cursor_blink = False  # a blinking cursor makes every screen different

    def open(self, label: str, value: str) -> None:
        self.placeholder = label
        self.value = value
        self.cursor_position = len(value)
        self.has_focus = True
        self.add_class("actief")

    def close(self) -> None:
        self.remove_class("actief")
        self.has_focus = False
        self.value = ""

    def type_key(self, key: str, character: str | None) -> None:
        """A key typed while the line asks (Enter and Esc are the app's)."""
        action = self.EDIT.get(key)
        if action is not None:
            getattr(self, action)()
        elif character is not None and len(character) == 1 and character.isprintable():
            self.insert_text_at_cursor(character)

    def type_text(self, text: str) -> None:
        """Pasted text: its first line, without control characters."""
        line = text.splitlines()[0] if text.splitlines() else ""
        self.insert_text_at_cursor("".join(c for c in line if c.isprintable()))


class MeetingApp(App[None]):
    """`wijk vergadering RONDE GEBIED`."""

    TITLE = "wijk vergadering"
    AUTO_FOCUS = None  # nothing takes the focus: every key goes to the app (see Line)
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    #kop { height: 1; background: $primary; color: $text; text-style: bold; }
    #titel { height: 3; text-style: bold; }
    #lijst { height: 12; }
    #uitkomst { height: 2; }
    #melding { height: 2; text-style: bold; }
    Screen.vraag #melding { height: 1; }
    #invoer { height: 1; border: none; padding: 0; display: none; }
    #invoer.actief { display: block; }
    #toetsen { height: 4; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[Any]] = [("ctrl+q", "quit", "Stoppen")]

    def __init__(
        self,
        live: LiveMeeting | None = None,
        *,
        load: Callable[[], LiveMeeting] | None = None,
        heading: str = "",
    ) -> None:
        """The meeting `live`, or `load` to make it in a thread after the first screen
        (`heading`, such as "ronde-2017-3 szh", names it meanwhile)."""
        super().__init__()
        assert (live is None) != (load is None), "a meeting or a way to load it"
        self._live = live
        self._load = load
        self.heading = "".join(c for c in heading if c.isprintable())  # typed by the user
        self.failure: BaseException | None = None
        """Why loading failed (the command raises it after the app ended)."""
        self.waiting: list[Callable[[], None]] = []
        """Keys typed (and text pasted) while the data loads: handled in order when it is
        there."""
        self.steps: list[Step] = []
        self.index = 0
        self.cursor = 0
        self.message = ""
        self.prompt_done: Callable[[str], None] | None = None
        self.gesloten = False
        self.keys_handled = 0
        """How many keys the app handled (queued while loading: when handled)."""

    @property
    def live(self) -> LiveMeeting:
        assert self._live is not None, "the data is still loading"
        return self._live

    @property
    def loaded(self) -> bool:
        return self._live is not None

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="kop")
        yield Static(id="titel")
        yield Static(id="lijst")
        yield Static(id="uitkomst")
        yield Static(id="melding")
        yield Line(id="invoer")
        yield Static(id="toetsen")

    def on_mount(self) -> None:
        if self._live is not None:
            self.ready(self._live)
            return
        self.show_loading()
        self.call_after_refresh(self.start_loading)  # the first screen before the work

    # --- loading ----------------------------------------------------------------------------

    def show_loading(self) -> None:
        self.query_one("#kop", Static).update(Text(f" {self.heading} · {LOADING}".rstrip()))
        typed = f" ({len(self.waiting)} toetsen komen daarna)" if self.waiting else ""
        self.query_one("#titel", Static).update(Text("Gegevens laden…\n" + typed.strip()))
        self.query_one("#toetsen", Static).update(Text("Ctrl+Q stoppen"))

    def start_loading(self) -> None:
        assert self._load is not None
        self.run_worker(self._load, name="laden", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            live = event.worker.result
            assert live is not None
            self.ready(live)
        elif event.state == WorkerState.ERROR:
            self.failure = event.worker.error
            self.exit(return_code=1)

    def ready(self, live: LiveMeeting) -> None:
        """The data is there: the step to go on at, then the keys typed meanwhile."""
        self._live = live
        self.steps = live.steps()
        self.index = live.resume_step()
        self.refresh_all()
        waiting, self.waiting = self.waiting, []
        for handle in waiting:
            handle()

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def rows(self) -> list[tuple[str, Text]]:
        """The list of the step: (member id or '', line)."""
        live, step = self.live, self.step
        out: list[tuple[str, Text]] = []
        if step.kind == "aanwezig":
            v = live.model
            for x in live.voters():
                st = live.status(x)
                if st == "volmacht":
                    holder = live.holder_of(x) or ""
                    st = f"afgemeld, volmacht aan {live.name(holder)}"
                st += "".join(f", {r}" for r in ("voorzitter", "notulist") if getattr(v, r) == x)
                out.append((x, Text(f"{live.name(x)[:34]:34} {st}")))
            for x in live.professionals():
                st = live.status(x) + (", notulist" if v.notulist == x else "")
                out.append((x, Text(f"{live.name(x)[:34]:34} {st} (professional)")))
        elif step.kind == "mededelingen":
            out = [("", Text(f"- {m}")) for m in live.model.mededelingen]
        elif step.kind == "punt":
            aid = step.aanvraag or ""
            for x in live.members_for(aid):
                bits = []
                if live.left_before(aid, x):
                    bits.append("vertrokken")
                elif x in live.model.volmachten:
                    bits.append(f"via volmacht ({live.name(live.holder_of(x) or '')})")
                belang = live.interest(aid, x)
                if belang:
                    bits.append(f"belang ({belang})")
                vote = None if live.secret else live.vote_of(aid, x)
                out.append((x, Text(f"{live.name(x)[:30]:30} {vote or '-':11} {', '.join(bits)}")))
        elif step.kind in ("actiepunten", "rondvraag"):
            for x in self.people():
                out.append((x, Text(live.name(x))))
        return out

    def people(self) -> list[str]:
        v = self.live.model
        here = [*self.live.voters(), *self.live.professionals()]
        return [x for x in here if x in v.aanwezig and x not in v.afgemeld]

    def refresh_all(self) -> None:
        live, step = self.live, self.step
        ronde, gebied = live.meeting.ronde_id, live.meeting.gebied_id
        kop = f" {ronde} {gebied} · stap {self.index + 1}/{len(self.steps)}"
        self.query_one("#kop", Static).update(Text(kop + (" · bewaard" if not live.dirty else "")))
        self.query_one("#titel", Static).update(self.title_text())
        rows = self.rows()
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        start = max(0, min(self.cursor - LIST_ROWS // 2, len(rows) - LIST_ROWS))
        lines = Text()
        for i, (_, line) in enumerate(rows[start : start + LIST_ROWS], start):
            marker = "> " if i == self.cursor and step.kind not in ("mededelingen",) else "  "
            row = Text(marker) + line
            if i == self.cursor:
                row.stylize("reverse")
            lines.append(row)
            lines.append("\n")
        self.query_one("#lijst", Static).update(lines)
        outcome = ""
        if step.kind == "punt" and step.aanvraag is not None:
            outcome = "Uitkomst: " + live.outcome_words(step.aanvraag)
        self.query_one("#uitkomst", Static).update(Text(outcome))
        self.query_one("#melding", Static).update(Text(self.message))
        keys = HELP[step.kind]
        if self.prompt_done is not None:
            keys = ASKING + "\n" + ALWAYS
        elif step.kind == "punt":
            keys += "\n" + VOTE_HELP[live.secret] + "\n" + ITEM_ALWAYS
        else:
            keys += "\n" + ALWAYS
        self.query_one("#toetsen", Static).update(Text(keys))

    def title_text(self) -> Text:
        live, step = self.live, self.step
        v = live.model
        if step.kind == "aanwezig":
            opening = f"{v.opening.tijd:%H:%M}" if v.opening is not None else "nog niet"
            present = len([x for x in live.voters() if live.status(x) == "aanwezig"])
            roles = " · ".join(f"{r}: {live.name(getattr(v, r)) if getattr(v, r) else '-'}"
                               for r in ("voorzitter", "notulist"))  # fmt: skip
            return Text(
                f"Aanwezigheid en opening\n{present} van {len(live.voters())} leden met "
                f"stemrecht aanwezig · opening: {opening}\n{self.fit(roles)}"
            )
        if step.kind == "mededelingen":
            return Text(f"Mededelingen\n{len(v.mededelingen)} genoteerd")
        if step.kind == "punt":
            from wijkcli.text import format_money

            aid = step.aanvraag or ""
            a = live.aanvraag(aid)
            label = f"{a.nummer or ''} {a.titel}".strip() if a is not None else aid
            asked = f" · gevraagd {format_money(a.bedrag)}" if a is not None else ""
            b = v.besluiten[aid]
            voorstel: str = b.voorstel or "-"
            if b.bedrag is not None:
                voorstel += f" {format_money(b.bedrag)}"
            if b.uren:
                voorstel += " · " + ", ".join(f"{k} {n} uur" for k, n in b.uren.items())
            explained = ""
            if live.explained(aid) or b.toelichting:
                explained = f"toelichting: {b.toelichting or 'de aanvrager'}"
            lines = (f"{label[:60]}{asked}", f"voorstel: {voorstel}", explained)
            return Text("\n".join(self.fit(x) for x in lines))
        if step.kind == "actiepunten":
            done = len([p for p in v.actiepunten if p.gedaan is not None])
            return Text(f"Actiepunten\nwie, wat en uiterlijk wanneer\n"
                        f"{len(v.actiepunten)} genoteerd, {done} gedaan")  # fmt: skip
        if step.kind == "rondvraag":
            return Text(f"Rondvraag\n{len(v.rondvraag)} keer inbreng genoteerd")
        sluiting = f"{v.sluiting:%H:%M}" if v.sluiting is not None else "nog niet"
        volgende = v.volgende_vergadering.isoformat() if v.volgende_vergadering is not None else "-"
        remarks = f" · {len(v.opmerkingen)} opmerkingen" if v.opmerkingen else ""
        return Text(f"Sluiting\nsluiting: {sluiting} · volgende vergadering: {volgende}{remarks}")

    def fit(self, line: str) -> str:
        """One line of the screen's width (cut with … rather than wrapped away)."""
        width = max(20, self.size.width)
        return line if len(line) <= width else line[: width - 1] + "…"

    # --- input ------------------------------------------------------------------------------

    def ask(self, label: str, done: Callable[[str], None], default: str = "") -> None:
        """Open the line: the keys typed from now on are its, until Enter or Esc."""
        self.query_one("#invoer", Line).open(label, default)
        self.screen.add_class("vraag")
        self.message = label
        self.prompt_done = done
        self.refresh_all()

    def close_prompt(self) -> None:
        self.query_one("#invoer", Line).close()
        self.screen.remove_class("vraag")
        self.prompt_done = None

    def submit(self, value: str) -> None:
        done = self.prompt_done
        if done is None:
            return
        self.close_prompt()
        self.message = ""
        self.attempt(lambda: done(value))

    def attempt(self, action: Callable[[], None]) -> None:
        from wijkcli.live.state import Refused

        try:
            action()
        except Refused as exc:
            self.message = f"Niet mogelijk: {exc}"
            self.bell()
        self.refresh_all()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        key, character = event.key, event.character
        if not self.loaded:
            self.waiting.append(lambda: self.handle_key(key, character))
            self.show_loading()
            return
        self.handle_key(key, character)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        text = event.text
        if not self.loaded:
            self.waiting.append(lambda: self.paste(text))
            return
        self.paste(text)

    def paste(self, text: str) -> None:
        """Pasted text goes into the line while it asks (else it is no key)."""
        if self.prompt_done is not None:
            self.query_one("#invoer", Line).type_text(text)

    def handle_key(self, key: str, character: str | None) -> None:
        """One key, in the order typed: to the line while it asks, else to the step."""
        self.keys_handled += 1
        if self.prompt_done is not None:
            line = self.query_one("#invoer", Line)
            if key == "escape":
                self.close_prompt()
                self.message = ""
                self.refresh_all()
            elif key == "enter":
                self.submit(line.value)
            else:
                line.type_key(key, character)
            return
        self.message = ""
        if key in ("up", "down"):
            self.cursor += -1 if key == "up" else 1
        elif key == "pageup":
            self.index = max(0, self.index - 1)
            self.cursor = 0
        elif key == "pagedown":
            self.index = min(len(self.steps) - 1, self.index + 1)
            self.cursor = 0
        elif key == "enter":
            self.attempt(self.finish_step)
            return
        else:
            self.attempt(lambda: self.step_key(character or key))
            return
        self.refresh_all()

    def current(self) -> str:
        rows = self.rows()
        return rows[self.cursor][0] if rows else ""

    def finish_step(self) -> None:
        live, step = self.live, self.step
        if step.kind == "aanwezig" and live.model.opening is None:
            begin = live.ronde.vergadering.begin

            def opened(value: str) -> None:
                live.set_opening(value)
                self.finish_step()

            self.ask("Tijd van de opening", opened, f"{begin:%H:%M}" if begin else "")
            return
        live.finish(step)
        self.message = "Bewaard."
        if live.new_problems:
            p = live.new_problems[0]
            self.message = f"Bewaard. wijk check meldt nu ook: {p.message} [{p.code}]"
        if self.index + 1 < len(self.steps):
            self.index += 1
            self.cursor = 0
        else:
            self.gesloten = True
            self.message = "De vergadering is gesloten; de notulen zijn bewaard (Ctrl+Q stopt)."

    def step_key(self, key: str) -> None:
        live, step = self.live, self.step
        who = self.current()
        if step.kind == "aanwezig":
            if not who:
                return
            if key in ("a", "f", "x", "s"):
                status = {"a": "aanwezig", "f": "afgemeld", "x": "afwezig",
                          "s": "schriftelijk"}[key]  # fmt: skip
                live.set_status(who, status)
            elif key == "v":
                live.next_proxy(who)
            elif key in ("c", "n"):
                live.toggle_role("voorzitter" if key == "c" else "notulist", who)
            elif key == "t":
                current = live.model.opening
                self.ask("Tijd van de opening", live.set_opening,
                         f"{current.tijd:%H:%M}" if current else "")  # fmt: skip
        elif step.kind == "mededelingen" and key == "n":
            self.ask("Mededeling", live.add_mededeling)
        elif step.kind == "punt":
            self.item_key(step.aanvraag or "", key, who)
        elif step.kind == "actiepunten" and key == "n" and who:
            self.new_actiepunt(who)
        elif step.kind == "actiepunten" and key == "g":
            self.actiepunt_done()
        elif step.kind == "rondvraag" and key == "n" and who:
            self.ask(f"Inbreng van {live.name(who)}", lambda t: live.add_rondvraag(who, t))
        elif step.kind == "sluiting":
            v = live.model
            if key == "t":
                self.ask("Tijd van de sluiting", live.set_closing,
                         f"{v.sluiting:%H:%M}" if v.sluiting else "")  # fmt: skip
            elif key == "o":
                self.ask("Opmerking voor de brief", live.add_remark)
            elif key == "d":
                nxt = v.volgende_vergadering
                self.ask("Datum van de volgende vergadering (JJJJ-MM-DD)", live.set_next_meeting,
                         nxt.isoformat() if nxt else "")  # fmt: skip

    def new_actiepunt(self, who: str) -> None:
        from wijkcli.live.state import Refused

        live = self.live
        entered: dict[str, str] = {}

        def wat(value: str) -> None:
            if not value.strip():
                raise Refused("wat moet er gebeuren? (wat is leeg)")
            entered["wat"] = value
            self.ask("Uiterlijk (JJJJ-MM-DD)", uiterlijk)

        def uiterlijk(value: str) -> None:
            live.add_actiepunt(entered["wat"], who, value)

        self.ask(f"Actiepunt voor {live.name(who)}: wat", wat)

    def actiepunt_done(self) -> None:
        """`g`: which action point of this meeting is done, and on which day (today offered;
        empty: not done after all)."""
        from datetime import date

        live = self.live
        count = len(live.model.actiepunten)
        number: dict[str, str] = {}

        def which(value: str) -> None:
            live.set_done(value, "")  # refused here when there is no such action point
            number["n"] = value
            self.ask(f"Actiepunt {value.strip()} gedaan op (JJJJ-MM-DD; leeg: niet gedaan)",
                     lambda day: live.set_done(number["n"], day),
                     date.today().isoformat())  # fmt: skip

        self.ask(f"Welk actiepunt is gedaan? (1 tot en met {count})", which,
                 "1" if count == 1 else "")  # fmt: skip

    def item_key(self, aid: str, key: str, who: str) -> None:
        from wijkcli.live.state import VOORSTELLEN

        live = self.live
        b = live.model.besluiten[aid]
        if key in "1234" and len(key) == 1:
            live.set_voorstel(aid, VOORSTELLEN[int(key) - 1])
        elif key == "e":
            a = live.aanvraag(aid)
            default = b.bedrag if b.bedrag is not None else (a.bedrag if a is not None else "")
            self.ask("Voorgesteld bedrag (leeg: het gevraagde)", lambda v: live.set_amount(aid, v),
                     str(default))  # fmt: skip
        elif key == "u":
            a = live.aanvraag(aid)
            hours = b.uren or (a.uren if a is not None else {})
            self.ask("Uren: professional=uren ...", lambda v: live.set_hours(aid, v),
                     " ".join(f"{k}={n}" for k, n in hours.items()))  # fmt: skip
        elif key in ("m", "w", "k", "v"):
            field = {"m": "motivering", "w": "voorwaarden", "k": "bespreking", "v": "vervolg"}[key]
            self.ask(field.capitalize(), lambda v: live.add_text(aid, field, v))
        elif key == "a":
            live.toggle_explained(aid)
        elif key == "i":
            b_now = live.model.besluiten[aid].toelichting
            self.ask("Toelichting door (de aanvrager, of een naam; leeg: niemand)",
                     lambda v: live.set_explained_by(aid, v),
                     b_now or ("de aanvrager" if live.explained(aid) else ""))  # fmt: skip
        elif key == "b" and who:
            live.toggle_interest(aid, who)
        elif key == "l" and who:
            live.toggle_left(aid, who)
        elif key == "t" and who:
            self.ask(f"Hoe laat vertrok {live.name(who)}?", lambda v: live.set_left_time(who, v))
        elif key == "c":
            live.next_chair_decision(aid)
        elif key in ("j", "n", "o", "x", "J", "N", "O"):
            kind = {"j": "voor", "n": "tegen", "o": "onthouding"}.get(key.lower())
            if live.secret:
                if kind is not None:
                    self.ask(f"Aantal stemmen {kind}", lambda v: live.set_count(aid, kind, v))
            elif key.isupper() and kind is not None:
                live.vote_rest(aid, kind)
            elif who:
                live.vote(aid, who, kind)
                self.cursor += 1
