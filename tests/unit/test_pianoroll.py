from song.meter import Meter
from song.model import Section, notes_from
from song.keys import Key
from ui.pianoroll import BAR_LINE, ONSET, SUSTAIN, coarsest_exact_grid, piano_roll, piano_roll_systems


def test_roll_places_notes_on_the_sixteenth_grid() -> None:
    section = Section("a", 2, notes_from([(60, 0, 1), (64, 1.5, 0.5), (67, 4, 4)]))
    lines = piano_roll(section, Meter(4, 4), bars=2).splitlines()
    assert lines[0] == "bars 1-2 of 2"
    rows = {line[:4].strip(): line[6:] for line in lines[1:]}  # "  C4 │" then the cells
    assert set(rows) == {"G4", "F#4", "F4", "E4", "D#4", "D4", "C#4", "C4"}
    assert rows["C4"].startswith(ONSET + SUSTAIN * 3)
    assert rows["E4"][6] == ONSET and rows["E4"][7] == SUSTAIN
    g4_bar_two = rows["G4"].split(BAR_LINE)[1]
    assert g4_bar_two == ONSET + SUSTAIN * 15


def test_empty_bars_say_so() -> None:
    assert piano_roll(Section("a", 4), Meter(3, 4)).endswith("no notes")


def test_systems_show_every_bar_four_to_a_row() -> None:
    section = Section("a", 10, notes_from([(60 + bar % 5, bar * 4, 2) for bar in range(10)]))
    text = piano_roll_systems(section, Meter(4, 4), bars_per_line=4, steps_per_beat=2)
    headers = [line for line in text.splitlines() if line.startswith("bars")]
    assert headers == ["bars 1-4 of 10", "bars 5-8 of 10", "bars 9-10 of 10"]
    assert text.count(ONSET) == 10  # every note is drawn once


def test_pitch_names_follow_the_key() -> None:
    section = Section("a", 1, notes_from([(73, 0, 1), (74, 1, 1)]))
    names = [line[:4].strip() for line in piano_roll(section, Meter(4, 4), key=Key.parse("D minor")).splitlines()[1:]]
    assert names == ["D5", "C#5"]


def test_the_coarsest_exact_grid() -> None:
    assert coarsest_exact_grid(notes_from([(60, 0, 0.5), (62, 0.5, 1.5)])) == 2
    assert coarsest_exact_grid(notes_from([(60, 0, 0.25), (62, 0.25, 1)])) == 4
