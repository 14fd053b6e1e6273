"""The right-hand panes: the song (summary, sections, piano roll), the critique's findings and
the reference search results. They only draw what they are given; the app decides when."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, ListItem, ListView, Static

from song.model import Song
from ui.pianoroll import CHANGED, piano_roll

ROLL_BARS = 4


class SongPane(VerticalScroll):
    """Title, key, meter, tempo and form; the sections; the piano roll of the selected one."""

    BINDINGS = [Binding("[", "scroll_bars(-1)", "bars ←", show=False), Binding("]", "scroll_bars(1)", "bars →", show=False)]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.song: Song | None = None
        self.selected: str | None = None
        self.first_bar = 1
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
            self.first_bar = 1
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
            sections.append(ListItem(Label(Text(f"{marker}{section.name}: {section.bars} bars, {len(section.notes)} notes{span}{chords}")),
                                     name=section.name))
        self._draw_roll()

    def _draw_roll(self) -> None:
        roll = self.query_one("#roll", Static)
        if self.song is None or self.selected is None:
            roll.update("")
            return
        section = self.song.section(self.selected)
        self.first_bar = max(1, min(self.first_bar, section.bars))
        bars, steps_per_beat = self.roll_shape()
        text = piano_roll(section, self.song.meter, bars=bars, steps_per_beat=steps_per_beat, first_bar=self.first_bar,
                          prefer_flats=self.song.key.fifths < 0, changed=self.changed.get(section.name, frozenset()))
        styled = Text(f"{self.selected} ")
        styled.append(text)
        styled.highlight_regex(CHANGED, "bold magenta")
        roll.update(styled)

    def roll_shape(self) -> tuple[int, int]:
        """As many bars as the pane is wide: 16th-note columns, or 8ths when that shows too few."""
        width = max(20, (self.size.width or 60) - 8)  # pitch names and bar lines
        bar_length = self.song.meter.bar_length if self.song else 4
        columns = int(bar_length * 4) + 1
        if width // columns >= 2:
            return min(ROLL_BARS, width // columns), 4
        return max(1, min(ROLL_BARS, width // (int(bar_length * 2) + 1))), 2

    def on_resize(self) -> None:
        self._draw_roll()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name:
            self.selected = event.item.name
            self.first_bar = 1
            self._draw_roll()

    def action_scroll_bars(self, step: int) -> None:
        self.first_bar += step * ROLL_BARS
        self._draw_roll()


class FindingChosen(Message):
    def __init__(self, finding: Any) -> None:
        super().__init__()
        self.finding = finding


class CritiquePane(VerticalScroll):
    """The last critique's findings; Enter on one applies its suggested fix."""

    def compose(self) -> ComposeResult:
        yield Static("No critique yet: /critique, or ask \"what do you think?\"", id="critique-summary")
        yield ListView(id="findings")

    def show(self, report: Any) -> None:
        self.query_one("#critique-summary", Static).update(Text(f"{report.target}: {report.key.key}, {len(report.findings)} findings (⏎ on one applies its fix)"))
        findings = self.query_one("#findings", ListView)
        findings.clear()
        self._findings = list(report.findings)
        for index, finding in enumerate(self._findings):
            fix = f"  ⏎ {finding.suggestion.tool}" if finding.suggestion else ""
            findings.append(ListItem(Label(Text(f"[{finding.severity}] {finding.section} bars {finding.bars[0]}-{finding.bars[1]}: "
                                                f"{finding.message}{fix}")), name=str(index)))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name is not None:
            self.post_message(FindingChosen(self._findings[int(event.item.name)]))


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
        self.query_one("#refs-summary", Static).update(Text(f"{len(hits)} results for {query!r} (⏎ loads one as section 'inspiration')"))
        results = self.query_one("#results", ListView)
        results.clear()
        self._hits = hits
        for index, hit in enumerate(hits):
            results.append(ListItem(Label(Text(f"{hit['title']} — {hit['key']}, {hit['meter']}, {hit['bars']} bars "
                                               f"({hit['collection']}, {hit['score']:.2f})")), name=str(index)))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name is not None:
            self.post_message(ReferenceChosen(self._hits[int(event.item.name)]))
