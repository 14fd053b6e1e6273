from song.melody import choose_melody, monophony, name_score, skyline
from song.midi_file import RawNote, RawTrack

TPQ = 480


def track(name: str, notes: list[tuple[int, int, int]], channel: int = 0, index: int = 1) -> RawTrack:
    raw = tuple(sorted((RawNote(p, s, e, 90) for p, s, e in notes), key=lambda n: (n.start, -n.pitch)))
    return RawTrack(name, channel, 0, raw, index)


def scale_run(base: int, count: int, step: int = TPQ) -> list[tuple[int, int, int]]:
    return [(base + (i % 8), i * step, (i + 1) * step) for i in range(count)]


def test_names_rank_vocals_over_backing_vocals() -> None:
    assert name_score("Vocals") > name_score("Bg Vocals") > 0
    assert name_score("MELODY") > 0 and name_score("Lead Voca") > name_score("Lead")
    assert name_score("Bass") < 0 and name_score("Drums") < 0


def test_skyline_keeps_the_top_line_and_legato_steps_down() -> None:
    notes = tuple(
        sorted(
            [
                RawNote(72, 0, 480, 90), RawNote(60, 0, 960, 90),  # chord: keep the top
                RawNote(71, 470, 960, 90),  # legato overlap of 10 ticks, lower: a melody note
                RawNote(55, 600, 700, 90),  # accompaniment under a held note: dropped
            ],
            key=lambda n: (n.start, -n.pitch),
        )
    )
    line = skyline(notes, legato=120)
    assert [(n.pitch, n.start, n.end) for n in line] == [(72, 0, 470), (71, 470, 960)]


def test_named_track_wins_even_when_smaller() -> None:
    tracks = (
        track("Strings", scale_run(70, 200), channel=1, index=1),
        track("Vocal", scale_run(64, 40), channel=2, index=2),
        track("Drums", scale_run(36, 300), channel=9, index=3),
    )
    choice = choose_melody(tracks, TPQ)
    assert choice is not None and "'Vocal'" in choice.source
    assert len(choice.notes) == 40


def test_without_names_the_most_melodic_track_is_chosen() -> None:
    chords = [(p, i * TPQ * 2, (i + 1) * TPQ * 2) for i in range(30) for p in (48, 52, 55)]
    tracks = (track("", chords, channel=0, index=1), track("", scale_run(67, 60), channel=1, index=2))
    choice = choose_melody(tracks, TPQ)
    assert choice is not None and "most melodic" in choice.source
    assert min(n.pitch for n in choice.notes) >= 67


def test_piano_only_gives_the_top_line() -> None:
    piano = [(p, i * TPQ, (i + 1) * TPQ) for i in range(20) for p in (60 + i % 5, 48, 52)]
    choice = choose_melody((track("", piano),), TPQ)
    assert choice is not None and "top line" in choice.source
    assert [n.pitch for n in choice.notes] == [60 + i % 5 for i in range(20)]
    assert choice.dropped == 40


def test_drums_only_has_no_melody() -> None:
    assert choose_melody((track("Drums", scale_run(36, 50), channel=9),), TPQ) is None


def test_monophony_measure() -> None:
    assert monophony(tuple(RawNote(60, i * 10, i * 10 + 10, 90) for i in range(10)), 0) == 1.0
    stacked = tuple(RawNote(60 + k, 0, 100, 90) for k in range(4))
    assert monophony(stacked, 0) == 0.25
