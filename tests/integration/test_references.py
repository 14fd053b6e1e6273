"""The reference library on real parts: music21's corpus, the shared MIDI files, a real Chroma
(embedded, and a `chroma run` server on loopback) and the real MiniLM embedder."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

from memory.references import Filters, ReferenceLibrary, open_client
from song.edits import edit_section
from song.export import export_song
from song.keys import Key
from song.midi_import import load_midi
from song.model import Note, Section, Song
from tests.conftest import SHARED_MIDI
from tests.integration.test_cli import assert_one_line_error, cocomposer
from tools.library_build import add_midi_folder, build_corpus
from ui.cli import main

COLLECTIONS = ["oneills1850", "bach"]
PER_COLLECTION = 40


@pytest.fixture(scope="module")
def library_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small library: the first 40 O'Neill tunes and 40 Bach chorales, plus the shared MIDI files."""
    home = tmp_path_factory.mktemp("refs-home")
    library = ReferenceLibrary(open_client(home / "references"))
    result = build_corpus(library, COLLECTIONS, PER_COLLECTION)
    assert result.added == 2 * PER_COLLECTION
    add_midi_folder(library, SHARED_MIDI)
    return home


@pytest.fixture
def library(library_home: Path, monkeypatch: pytest.MonkeyPatch) -> ReferenceLibrary:
    monkeypatch.setenv("COCOMPOSER_HOME", str(library_home))
    return ReferenceLibrary(open_client(library_home / "references"))


def test_build_is_incremental_and_counts_by_collection(library: ReferenceLibrary) -> None:
    again = build_corpus(library, COLLECTIONS, PER_COLLECTION)
    assert again.added == 0 and again.skipped == 2 * PER_COLLECTION
    stats = library.stats()
    assert stats["by_collection"]["oneills1850"] == PER_COLLECTION and stats["by_collection"]["bach"] == PER_COLLECTION
    assert stats["by_collection"]["user"] >= 20  # every readable shared file


def test_words_find_what_they_name_and_filters_always_hold(library: ReferenceLibrary) -> None:
    from memory.query_words import filters_from_words

    chorales = library.search_words("a Bach chorale", k=5)
    assert chorales[0].collection == "bach"
    in_d = library.search_words("Irish tunes in D", filters_from_words("Irish tunes in D"), k=10)
    assert in_d and all(Key.parse(h.key).tonic_pitch_class == 2 for h in in_d)
    assert all("Irish" in h.description for h in in_d[:3])
    three_four = library.search_words("slow airs in 3/4", filters_from_words("slow airs in 3/4"), k=10)
    assert three_four and all(h.meter == "3/4" for h in three_four)
    minor = library.search_words("anything", Filters(key=Key.parse("G minor"), collection="bach"), k=10)
    assert minor and all(h.key == "G minor" and h.collection == "bach" for h in minor)
    assert all(h.why for h in chorales + in_d + three_four)
    from tools.references import find_references

    listed = find_references(Song(), meter="6/8", k=4, library=library)  # "find me 4 pieces in 6/8": the filter is the search
    assert len(listed.hits) == 4 and all(h.meter == "6/8" and "any piece" in h.why for h in listed.hits)


def test_a_changed_transposed_syncopated_copy_finds_its_original(library: ReferenceLibrary) -> None:
    """Asked with the key it really is in, or with the stale key of the original (a file
    that kept its key signature through the transposition): the original is found either way."""
    found_with_key, found_with_stale_label = 0, 0
    ids = [f"oneills1850/0001-0050/{i}" for i in range(0, 40, 4)]
    for piece_id in ids:
        piece = library.get(piece_id)
        notes = [Note(n.pitch + 5, n.start, n.duration) for n in piece.note_objects()]
        notes[3] = Note(notes[3].pitch + 2, notes[3].start, notes[3].duration)
        song = Song("variant", piece.key_value, piece.meter_value, 100.0, (Section("a", piece.bars, tuple(notes)),))
        varied, _ = edit_section(song, "a", "syncopate", 0.5)
        melody = varied.section("a").notes
        hits = library.search_music(melody, song.meter, piece.bars, k=5)
        found_with_key += piece_id in [h.id for h in hits]
        hits = library.search_music(melody, song.meter, piece.bars, k=5)
        found_with_stale_label += piece_id in [h.id for h in hits]
    assert found_with_key >= 0.9 * len(ids) and found_with_stale_label >= 0.9 * len(ids)


@pytest.mark.parametrize("shift", [3, -5, 8])
def test_a_transposed_file_that_kept_its_key_signature_finds_its_original(
        library: ReferenceLibrary, tmp_path: Path, capsys: pytest.CaptureFixture[str], shift: int) -> None:
    """A tune moved in a sequencer keeps the key signature (and our exact key text) it was
    written with. `refs search --like` takes the tonic from the notes, so the moved file gets
    the original's fingerprint and finds it first."""
    from song.fingerprint import music_vector, query_vectors

    ids = sorted(library.known_ids([f"oneills1850/0001-0050/{i}" for i in range(40)]))[1::6]
    for piece_id in ids:
        piece = library.get(piece_id)
        moved = tuple(Note(n.pitch + shift, n.start, n.duration) for n in piece.note_objects())
        original_vector = music_vector(piece.note_objects(), piece.meter_value, piece.bars)
        assert music_vector(moved, piece.meter_value, piece.bars) == pytest.approx(original_vector)
        assert query_vectors(moved, piece.meter_value, piece.bars)[0] == pytest.approx(original_vector)
        stale = Song(piece.title, piece.key_value, piece.meter_value, 100.0, (Section("a", piece.bars, moved),))
        path = tmp_path / "moved.mid"
        export_song(stale, path, force=True)
        assert load_midi(path).song.key == piece.key_value  # the file does say the old key
        assert main(["refs", "search", "--like", str(path), "-k", "3", "--json"]) == 0
        results = json.loads(capsys.readouterr().out)["results"]
        assert results[0]["id"] == piece_id and results[0]["score"] > 0.999


def test_a_piece_loads_back_and_exports(library: ReferenceLibrary, tmp_path: Path) -> None:
    piece = library.get("bach/bwv1.6/0") if library.known_ids(["bach/bwv1.6/0"]) else library.get(library.search_words("chorale", k=1)[0].id)
    section = piece.section()
    assert section.notes and section.bars == piece.bars
    out = tmp_path / "ref.mid"
    assert main(["refs", "export", piece.id, "-o", str(out)]) == 0
    back = load_midi(out).song
    assert [n.pitch for n in back.melody()] == [n.pitch for n in section.notes]


def test_a_reference_joins_the_song_in_its_key(library: ReferenceLibrary) -> None:
    """Loaded as inspiration, a piece moves by the smallest shift to the song's key (or the
    relative, for the other mode), so it can be played beside the song's sections."""
    from tools.references import reference_as_section

    hits = library.search_words("tune", Filters.given(None, "4/4", None), 20) or library.search_words("tune", k=20)
    piece = library.get(hits[0].id)
    original = piece.section()
    for key in ("C major", "A minor", "F# minor"):
        song = Song("s", Key.parse(key), piece.meter_value, 100.0, (Section("verse", 1, (Note(60, Fraction(0), Fraction(1)),)),))
        joined, moved = reference_as_section(piece, song)
        target = song.key if piece.key_value.mode == song.key.mode else song.key.relative
        shift = joined.section("inspiration").notes[0].pitch - original.notes[0].pitch
        assert -6 <= shift <= 6 and (piece.key_value.tonic_pitch_class + shift) % 12 == target.tonic_pitch_class
        assert [n.pitch - shift for n in joined.section("inspiration").notes] == [n.pitch for n in original.notes]
        assert (moved == "") == (shift == 0)
        placed = joined.section("inspiration").key
        assert placed == (None if target == song.key else target), "in the song's key, or its relative as its own key"
    empty, _ = reference_as_section(piece, Song())
    assert empty.key == piece.key_value and empty.meter == piece.meter_value


def test_search_json_and_like_a_file(library: ReferenceLibrary, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["refs", "search", "Irish jigs in D", "-k", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert len(results) == 3
    assert set(results[0]) == {"id", "title", "collection", "key", "meter", "bars", "score", "why"}
    blue_sky = SHARED_MIDI / "MIDIs_multitrack" / "Mr. Blue Sky.mid"
    assert main(["refs", "search", "--like", str(blue_sky), "--collection", "user", "--json"]) == 0
    like = json.loads(capsys.readouterr().out)["results"]
    assert like[0]["title"] == "Mr. Blue Sky" and like[0]["score"] > 0.99 and all(r["collection"] == "user" for r in like)


def test_bad_requests_are_one_line_errors(library_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_one_line_error(cocomposer("refs", "search", "jigs"), 2, "library is empty", "refs build")
    assert_one_line_error(cocomposer("refs", "build", "--collection", "beatles"), 2, "unknown collection")
    assert_one_line_error(cocomposer("refs", "add", str(tmp_path / "nowhere")), 2, "not a folder")
    monkeypatch.setenv("COCOMPOSER_HOME", str(library_home))
    assert_one_line_error(cocomposer("refs", "show", "no/such/piece"), 2, "no reference")
    assert_one_line_error(cocomposer("refs", "search"), 2, "give words")
    assert_one_line_error(cocomposer("refs", "search", "jigs", "-k", "0"), 2, "1-100")


def test_compose_borrows_a_style_and_a_copy_is_flagged(library: ReferenceLibrary) -> None:
    from tools.compose import compose_section
    from tools.references import closest_known_tune, find_references

    piece = library.get("oneills1850/0001-0050/0")
    song = Song("t", piece.key_value, piece.meter_value, 100.0, (piece.section("verse"),))
    copy = closest_known_tune(song.section("verse"), song, library)
    assert copy is not None and copy.piece_id == piece.id and copy.shared_notes == len(piece.notes)
    composed = compose_section(song, "chorus", 8, like=piece.id, seed=3)
    assert "in the manner of" in composed.description and composed.song.section("chorus").bars == 8
    found = find_references(song, like="verse", k=3, library=library)
    assert found.hits[0].id == piece.id and piece.title in found.text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_chroma_server_on_loopback_serves_the_same_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "chroma run did not start"
                time.sleep(0.3)
        monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("CHROMA_PORT", str(port))
        library = ReferenceLibrary()
        assert build_corpus(library, ["bach"], 15).added == 15
        hits = library.search_words("chorale in G", k=3)
        assert len(hits) == 3 and all(h.collection == "bach" for h in hits)
        piece = library.get(hits[0].id)
        assert library.search_music(piece.note_objects(), piece.meter_value, piece.bars, k=1)[0].id == piece.id
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    monkeypatch.setenv("CHROMA_PORT", str(port))
    result = cocomposer("refs", "stats")
    assert_one_line_error(result, 1, "reference library")


def test_fingerprint_ignores_key_and_sees_rhythm() -> None:
    from song.fingerprint import music_vector, query_vectors
    from song.meter import Meter

    meter = Meter.parse("4/4")
    tune = [Note(p, Fraction(i, 2), Fraction(1, 2)) for i, p in enumerate([60, 62, 64, 65, 67, 65, 64, 62, 60, 67, 64, 60])]
    moved = [Note(n.pitch - 3, n.start, n.duration) for n in tune]
    dotted = [Note(n.pitch, Fraction(i * 3, 4), Fraction(3, 4)) for i, n in enumerate(tune)]
    same = music_vector(tune, meter, 3)
    assert music_vector(moved, meter, 3) == pytest.approx(same)
    assert music_vector(tune, meter, 3, tonic_pitch_class=0) == pytest.approx(same)  # the notes say C
    assert music_vector(tune, meter, 3, tonic_pitch_class=9) != pytest.approx(same)  # a wrong tonic is another vector
    asked = query_vectors(moved, meter, 3)  # every tonic, the notes' own first
    assert asked[0] == pytest.approx(same) and len(asked) == 12
    assert sum(1 for vector in asked if vector == pytest.approx(same)) == 1
    other = music_vector(dotted, meter, 5)
    assert sum(a * b for a, b in zip(same, other)) < 0.99
