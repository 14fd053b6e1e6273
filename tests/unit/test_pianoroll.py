from song.meter import Meter
from song.model import Section, notes_from
from ui.pianoroll import BAR_LINE, ONSET, SUSTAIN, piano_roll


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
