"""The right-hand panes: the song (summary, sections, piano roll), the critique's findings and
the reference search results. They only draw what they are given; the app decides when."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, ListItem, ListView, Static

from song.model import Section, Song
from ui.tui.prompt import describe_call
from ui.pianoroll import CHANGED, coarsest_exact_grid, piano_roll_systems

ROLL_BARS = 4


class SongPane(VerticalScroll):
    """Title, key, meter, tempo and form; the sections; the piano roll of the selected one,
    all of its bars in rows of up to four (the pane scrolls), so an edit's marks are in view."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.song: Song | None = None
        self.selected: str | None = None
        self.changed: dict[str, frozenset[tuple[int, Fraction]]] = {}

    def compose(self) -> ComposeResult:
        yield Static("No song yet: ask for a section, or /load a MIDI file.", id="song-summary")
        yield ListView(id="sections")
        yield Static("", id="roll")

    def show(self, song: Song, previous: Song | None = None, focus: str | None = None) -> None:
        """Draw `song`; notes that differ from `previous` are marked in the roll."""
        self.song = song
        self.changed = {}
        if previous is not None:
            for section in song.sections:
                if previous.has_section(section.name):  # a brand-new section is all new: nothing to point out
                    before = {(n.pitch, n.start) for n in previous.section(section.name).notes}
                    self.changed[section.name] = frozenset((n.pitch, n.start) for n in section.notes) - frozenset(before)
        names = [s.name for s in song.sections]
        if focus in names:
            self.selected = focus
        elif self.selected not in names:
            self.selected = names[0] if names else None
        summary = self.query_one("#song-summary", Static)
        if not song.sections:
            summary.update("No song yet: ask for a section, or /load a MIDI file.")
        else:
            summary.update(f"[b]{song.title}[/b]\n{song.key} · {song.meter} · {song.tempo:g} bpm\nform: {' → '.join(song.form)}")
        sections = self.query_one("#sections", ListView)
        sections.clear()
        for section in song.sections:
            pitches = [n.pitch for n in section.notes]
            span = f", range {max(pitches) - min(pitches)}" if pitches else ""
            chords = f", {len(section.chords)} chords" if section.chords else ""
            marker = "▶ " if section.name == self.selected else "  "
            own_key = f", in {section.key}" if section.key else ""
            sections.append(ListItem(Label(Text(f"{marker}{section.name}: {section.bars} bars{own_key}, {len(section.notes)} notes{span}{chords}")),
                                     name=section.name))
        self._draw_roll()

    def _draw_roll(self) -> None:
        roll = self.query_one("#roll", Static)
        if self.song is None or self.selected is None:
            roll.update("")
            return
        section = self.song.section(self.selected)
        bars, steps_per_beat = self.roll_shape(section)
        text = piano_roll_systems(section, self.song.meter, bars, steps_per_beat, self.song.key,
                                  self.changed.get(section.name, frozenset()))
        styled = Text(f"{self.selected} ")
        styled.append(text)
        if section.lyrics:  # the words as written, whole, under the roll's syllables
            styled.append("\n\n" + "\n".join(f"  {line}" for line in section.lyrics.splitlines()), style="italic")
        styled.highlight_regex(CHANGED, "bold magenta")
        roll.update(styled)

    def roll_shape(self, section: Section) -> tuple[int, int]:
        """Bars per row (4, 2 or 1) and steps per beat: sixteenths when four bars fit (or the
        whole section), else eighths when they show every note exactly, else sixteenths with
        as many bars as fit."""
        width = max(20, (self.size.width or 60) - 8)  # pitch names and bar lines
        bar_length = self.song.meter.bar_length if self.song else 4
        wanted = min(ROLL_BARS, section.bars)

        def fitting(steps_per_beat: int) -> int:
            return width // (int(bar_length * steps_per_beat) + 1)

        def phrase(bars: int) -> int:  # 4, 2 or 1 bars a row: phrases stay aligned (no rows of 3)
            return 4 if bars >= 4 else 2 if bars >= 2 else 1

        if fitting(4) >= wanted or coarsest_exact_grid(section.notes) == 4:
            return phrase(min(wanted, fitting(4))), 4
        return phrase(min(wanted, fitting(2))), 2

    def on_resize(self) -> None:
        self._draw_roll()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name:
            self.selected = event.item.name
            self._draw_roll()


class FindingChosen(Message):
    def __init__(self, finding: Any, report: Any) -> None:
        super().__init__()
        self.finding, self.report = finding, report  # the report it belongs to: its fixes fit one version


class CritiquePane(VerticalScroll):
    """The last critique's findings; Enter on one applies its suggested fix."""

    def compose(self) -> ComposeResult:
        yield Static("No critique yet: /critique, or ask \"what do you think?\"", id="critique-summary")
        yield ListView(id="findings")

    report: Any = None
    version: int | None = None

    def show(self, report: Any, version: int) -> None:
        """A critique of version `version`, its fixes ready to apply."""
        if report is self.report and version == self.version:
            return
        self.report, self.version = report, version
        self.query_one("#critique-summary", Static).update(Text(f"v{version} · {report.target}: {report.key.key}, {len(report.findings)} findings (F4, then ⏎ on one applies its fix)"))
        findings = self.query_one("#findings", ListView)
        findings.clear()
        self._findings = list(report.findings)
        for index, finding in enumerate(self._findings):
            fix = f"  ⏎ {describe_call(finding.suggestion.name, finding.suggestion.args)}" if finding.suggestion else ""
            findings.append(ListItem(Label(Text(f"[{finding.severity}] {finding.where}: {finding.message}{fix}")), name=str(index)))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name is not None:
            self.post_message(FindingChosen(self._findings[int(event.item.name)], self.report))

    def mark_stale(self, current_version: int) -> None:
        """The song moved on from the version this critique judged: say so; its fixes are refused."""
        if self.report is None or self.version == current_version:
            return
        self.query_one("#critique-summary", Static).update(Text(
            f"This critique judged v{self.version}; the song is at v{current_version} now, so its fixes are off. "
            "/critique for a fresh one."))


class ReferenceChosen(Message):
    def __init__(self, hit: dict[str, Any]) -> None:
        super().__init__()
        self.hit = hit


class ReferencesPane(VerticalScroll):
    """The last reference search; Enter loads a result into the song as inspiration."""

    def compose(self) -> ComposeResult:
        yield Static("No search yet: /refs QUERY, or ask \"find Irish jigs in D\"", id="refs-summary")
        yield ListView(id="results")

    def show(self, query: str, hits: list[dict[str, Any]]) -> None:
        self.query_one("#refs-summary", Static).update(Text(f"{len(hits)} results for {query!r} (F5, then ⏎ loads one as section 'inspiration')"))
        results = self.query_one("#results", ListView)
        results.clear()
        self._hits = hits
        for index, hit in enumerate(hits):
            results.append(ListItem(Label(Text(f"{hit['title']} — {hit['key']}, {hit['meter']}, {hit['bars']} bars "
                                               f"({hit['collection']}, {hit['score']:.2f})")), name=str(index)))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name is not None:
            self.post_message(ReferenceChosen(self._hits[int(event.item.name)]))
