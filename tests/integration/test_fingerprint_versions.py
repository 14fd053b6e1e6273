"""A library built by an older cocomposer (music vectors of another fingerprint version) is
never searched by music with a new vector: the search says how to update, and `refs build`
recomputes every vector from the notes stored beside it. Real Chroma, real corpus pieces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from memory.embeddings import MusicVectors
from memory.references import MUSIC, ReferenceLibrary, StaleFingerprints, open_client
from song.export import export_song
from song.fingerprint import music_vector
from song.model import Song
from tests.integration.test_cli import assert_one_line_error, cocomposer
from tools.library_build import build_corpus
from ui.cli import main

PIECES = 6
VERSION_1_SIZE = 196  # 12 degrees + 25 intervals + 8 durations + 3 contour + 4 scalars + 144 transitions


def _make_it_old(home: Path) -> None:
    """Move the music vectors into the version-1 collection name, replaced by vectors of
    version 1's size (what an older cocomposer left on disk), and drop the current one."""
    client = open_client(home / "references")
    current = client.get_collection(MUSIC, embedding_function=MusicVectors())
    stored = current.get(include=["documents", "metadatas"])
    old = client.create_collection("references_music", embedding_function=MusicVectors(), metadata={"hnsw:space": "cosine"})
    old_vectors = [[1.0 if d == i % VERSION_1_SIZE else 0.0 for d in range(VERSION_1_SIZE)] for i in range(len(stored["ids"]))]
    old.add(ids=stored["ids"], documents=stored["documents"], metadatas=stored["metadatas"], embeddings=old_vectors)
    client.delete_collection(MUSIC)


def test_an_old_library_refuses_music_search_until_build_updates_it(private_home: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    library = ReferenceLibrary(open_client(private_home / "references"))
    assert build_corpus(library, ["bach"], PIECES).added == PIECES
    pieces = [library.get(piece_id) for piece_id in sorted(library.known_ids(library.music.get(include=[])["ids"]))]
    _make_it_old(private_home)

    stale = ReferenceLibrary(open_client(private_home / "references"))
    assert stale.count() == PIECES and stale.stale_pieces() == PIECES
    piece = pieces[0]
    with pytest.raises(StaleFingerprints, match="refs build"):
        stale.search_music(piece.note_objects(), piece.meter_value, piece.bars)
    with pytest.raises(StaleFingerprints):
        stale.add(pieces)
    tune = tmp_path / "tune.mid"
    export_song(Song(piece.title, piece.key_value, piece.meter_value, 90.0, (piece.section("a"),)), tune)
    assert_one_line_error(cocomposer("refs", "search", "--like", str(tune)), 2, "older cocomposer", "refs build")
    assert main(["refs", "search", "chorale", "--json"]) == 0  # words do not age with the fingerprint
    found = json.loads(capsys.readouterr().out)["results"]
    assert found and stale.get(found[0]["id"]).notes  # and a piece found by words still loads

    assert main(["refs", "build", "--collection", "bach", "--limit", str(PIECES)]) == 0
    assert f"updated the music fingerprints of {PIECES} pieces" in capsys.readouterr().out
    fresh = ReferenceLibrary(open_client(private_home / "references"))
    assert fresh.stale_collections() == [] and fresh.stale_pieces() == 0 and fresh.count() == PIECES
    stored = fresh.music.get(ids=[p.id for p in pieces], include=["embeddings"])
    for piece_id, vector in zip(stored["ids"], stored["embeddings"]):
        again = fresh.get(piece_id)
        assert list(vector) == pytest.approx(music_vector(again.note_objects(), again.meter_value, again.bars), abs=1e-6)
    assert main(["refs", "search", "--like", str(tune), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["id"] == piece.id
