"""Nothing a user made is lost when some bars are rewritten (issue 15, item 1).

Every tool that rewrites part of a section — regenerate_bars, refine_section, the model's vary —
runs here on a section that carries what a real one does: velocities that differ note to note
(accents from `syncopate`, a MIDI file's dynamics), chords, a key of its own. Outside what the
tool rewrote, everything must be exactly as it was; the model is the real committed checkpoint.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memory.paths import sessions_database
from memory.sessions import SessionStore
from song.meter import Meter
from song.model import Chord, Note, Section, Song
from tools.registry import Workspace, call_tool
from tools.refine_goals import GOAL_NAMES

FOUR = Meter(4, 4)
BARS = 8


def _section() -> Section:
    """An 8-bar tune with a different velocity on every note and a chord per bar."""
    line = [72, 74, 76, 77, 79, 77, 76, 74, 72, 71, 69, 71, 72, 74, 76, 72] * 2
    notes = tuple(Note(p, Fraction(i), Fraction(1), 40 + (i * 7) % 80) for i, p in enumerate(line))
    chords = tuple(Chord(symbol, Fraction(bar * 4), Fraction(4)) for bar, symbol in enumerate("C F G C Am F G C".split()))
    return Section("chorus", BARS, notes, chords)


def _workspace(tmp: str) -> Workspace:
    store = SessionStore(sessions_database())
    session = store.open(tmp, create=True)
    verse = Section("verse", 4, tuple(Note(60 + i % 5, Fraction(i), Fraction(1), 70) for i in range(16)))
    session.commit(Song("Harbour", "C major", FOUR, 96.0, (verse, _section())), "start")
    return Workspace(session)


def _outside(section: Section, first_bar: int, last_bar: int) -> tuple[Note, ...]:
    """The notes that start outside bars first_bar..last_bar (1-based, inclusive), a note held
    into them counted up to their first beat."""
    start, stop = (first_bar - 1) * FOUR.bar_length, last_bar * FOUR.bar_length
    return tuple(n if n.end <= start or n.start >= stop else dataclasses.replace(n, duration=start - n.start)
                 for n in section.notes if n.start < start or n.start >= stop)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(1, BARS), length=st.integers(1, 3))
def test_regenerate_bars_keeps_every_other_bar_exactly(first: int, length: int) -> None:
    last = min(BARS, first + length - 1)
    workspace = _workspace(f"regen-{first}-{last}")
    before = workspace.song
    result = call_tool(workspace, "regenerate_bars", {"section": "chorus", "start_bar": first, "end_bar": last})
    assert result.ok, result.text
    old, new = before.section("chorus"), workspace.song.section("chorus")
    assert _outside(new, first, last) == _outside(old, first, last)
    assert new.chords == old.chords and new.key == old.key and new.bars == old.bars
    assert dataclasses.replace(new, notes=()) == dataclasses.replace(old, notes=()), "every other field of the section"
    assert workspace.song.section("verse") == before.section("verse")
    assert (workspace.song.title, workspace.song.key, workspace.song.tempo) == (before.title, before.key, before.tempo)


def test_vary_changes_pitches_only_and_its_seed_matters() -> None:
    results = []
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        workspace = _workspace(f"vary-{name}")
        before = workspace.song.section("chorus")
        result = call_tool(workspace, "edit_section", {"section": "chorus", "operation": "vary", "amount": 0.5, "seed": seed})
        assert result.ok, result.text
        after = workspace.song.section("chorus")
        assert [(n.start, n.duration, n.velocity) for n in after.notes] == [(n.start, n.duration, n.velocity) for n in before.notes]
        assert after.chords == before.chords
        assert after.notes != before.notes, "vary changed nothing"
        results.append(after.notes)
    assert results[0] == results[1], "the same seed gives the same variation"
    assert results[0] != results[2], "another seed gives another variation"


def _bars(section: Section) -> dict[int, list[Note]]:
    bars: dict[int, list[Note]] = {}
    for note in section.notes:
        bars.setdefault(int(note.start // FOUR.bar_length), []).append(note)
    return bars


def test_refine_leaves_the_bars_it_did_not_rewrite_exactly_as_they_were() -> None:
    """Refine's candidates (the model's rewritten bars, moved notes, a copied bar, a new final
    note) are spliced: chords stay, and every bar whose notes it did not change keeps them
    exactly, velocities included."""
    changed_somewhere = 0
    for goal in GOAL_NAMES:
        workspace = _workspace(f"refine-{goal}")
        before = workspace.song.section("chorus")
        result = call_tool(workspace, "refine_section", {"section": "chorus", "goal": goal})
        assert result.ok, (goal, result.text)
        after = workspace.song.section("chorus")
        assert after.chords == before.chords and after.bars == before.bars and after.key == before.key, goal
        old, new = _bars(before), _bars(after)
        shape = lambda notes: [(n.pitch, n.start, n.duration) for n in notes]  # noqa: E731
        untouched = [bar for bar in old if shape(old[bar]) == shape(new.get(bar, []))]
        assert all(new[bar] == old[bar] for bar in untouched), goal
        changed_somewhere += len(untouched) < len(old)
    assert changed_somewhere >= 4, "most goals change something on this tune"


def test_vary_works_on_a_long_busy_section() -> None:
    """40 bars of sixteenths (640 notes) do not fit the model's context at once: vary works
    through them a window at a time, one pitch per note, rhythm and velocities kept."""
    notes = tuple(Note(60 + (i * 5) % 12, Fraction(i, 4), Fraction(1, 4), 50 + i % 40) for i in range(640))
    workspace = _workspace("busy")
    song = workspace.song.with_section(Section("riff", 40, notes))
    workspace.session.commit(song, "a busy riff")
    result = call_tool(workspace, "edit_section", {"section": "riff", "operation": "vary", "amount": 0.3, "seed": 4})
    assert result.ok, result.text
    after = workspace.song.section("riff").notes
    assert [(n.start, n.duration, n.velocity) for n in after] == [(n.start, n.duration, n.velocity) for n in notes]
    assert sum(a.pitch != b.pitch for a, b in zip(after, notes)) > 20
