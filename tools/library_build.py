"""Filling the reference library: music21's corpus and the user's own MIDI folders.

The corpus goes through the melody cache of models/data.py (parsed once, in 2 processes,
shared with training), then the ABC headers add rhythm and origin. That use of models/ is
why building lives in tools/ and not beside the library in memory/: memory/ and models/ sit
on the same layer and never import each other (tests/unit/test_layers.py).

Building is incremental: pieces already in the library are skipped, so an interrupted build
resumes and a second build is quick. Progress goes to a callback, which the CLI shows as a bar.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from memory.abc_headers import match_headers, read_headers
from memory.descriptions import genre_words, notes_per_quarter, origin_words
from memory.pieces import CORPUS_COLLECTIONS, POP909, TICKS, USER, Piece, piece_from_midi
from memory.references import ReferenceLibrary
from song.errors import BadInput, CocomposerError
from song.keys import FLAT_NAMES, SHARP_NAMES

Report = Callable[[str, int, int], None]  # (stage, done, total)
MIDI_SUFFIXES = (".mid", ".midi")


@dataclass(frozen=True)
class BuildResult:
    added: int
    skipped: int  # already in the library
    failed: tuple[str, ...] = ()  # one line per file that could not be read


def corpus_pieces(collections: list[str] | None = None, limit: int | None = None, report: Report | None = None) -> list[Piece]:
    """Pieces of the corpus collections (folder names; all by default), at most `limit` each.
    Converts the corpus files it needs that the cache does not hold yet."""
    from models.data import build_cache, corpus_jobs, read_cache_file

    unknown = [c for c in collections or [] if c not in CORPUS_COLLECTIONS]
    if unknown:
        raise BadInput(f"unknown collection {unknown[0]!r} (use one of: {', '.join([*CORPUS_COLLECTIONS, POP909])})")
    styles = {CORPUS_COLLECTIONS[c] for c in collections} if collections else None
    folder_of = {style: folder for folder, style in CORPUS_COLLECTIONS.items()}
    pieces: list[Piece] = []
    for style in sorted(styles or set(CORPUS_COLLECTIONS.values())):
        jobs = corpus_jobs({style})
        if limit is None:
            build_cache(lambda done, total, _: report and report(f"parsing {folder_of[style]}", done, total), jobs=jobs)
        taken = 0
        for collection_style, source, target in jobs:
            if limit is not None and taken >= limit:
                break
            if not Path(target).exists():
                build_cache(jobs=[(collection_style, source, target)], workers=1)
            tunes = read_cache_file(Path(target))
            headers = match_headers([t.title for t in tunes], read_headers(Path(source))) if source.endswith(".abc") else [None] * len(tunes)
            stem = Path(target).stem.split("-", 1)[1]
            for index, (tune, header) in enumerate(zip(tunes, headers)):
                if limit is not None and taken >= limit:
                    break
                folder = folder_of[style]
                title = f"Chorale {stem.upper().replace('BWV', 'BWV ')}" if style == "bach" else tune.title
                piece = Piece(f"{folder}/{stem}/{index}", title, folder, origin_words(folder, header), "",
                              tune.key, tune.meter, tune.bars, tune.notes)
                genre = genre_words(folder, header, tune.title, tune.meter, notes_per_quarter(piece))
                pieces.append(dataclasses.replace(piece, genre=genre))
                taken += 1
    return pieces


def pop909_pieces(limit: int | None = None, report: Report | None = None) -> list[Piece]:
    """POP909's songs (where the dataset is present): the bar-aligned melody with its chords,
    the form from the human structure labels, tempo, key, and the title and artist as given."""
    import csv

    from song.pop909 import dataset_dir, load_song
    from tools.pop_harmony import symbol_quality

    index = dataset_dir() / "index.csv"
    if not index.exists():
        return []
    with index.open(encoding="utf-8") as handle:
        names = {row["song_id"]: (row["name"], row["artist"]) for row in csv.DictReader(handle)}
    pieces: list[Piece] = []
    for done, song_id in enumerate(sorted(names), 1):
        if report:
            report("reading POP909", done, len(names))
        song = load_song(song_id) if limit is None or len(pieces) < limit else None
        if song is None or not song.melody:
            continue
        names_of = (FLAT_NAMES if song.key.fifths < 0 else SHARP_NAMES)
        chords = tuple((names_of[c.root] + symbol_quality(c.quality), round(c.start * TICKS), round(c.beats * TICKS))
                       for c in song.chords if c.root is not None)
        notes = tuple((n.pitch, round(n.start * TICKS), max(1, round(n.duration * TICKS))) for n in song.melody)
        end = max(s + d for *_, s, d in notes + chords)
        bars = -(-end // (song.beats_per_bar * TICKS))
        tempo_file = dataset_dir() / song_id / "tempo.txt"
        tempo = float(tempo_file.read_text().split()[0]) if tempo_file.exists() else 0.0
        title, artist = names[song_id]
        pieces.append(Piece(f"{POP909}/{song_id}", title, POP909, artist, "pop song", str(song.key), f"{song.beats_per_bar}/4", bars,
                            notes, tempo, chords, _form(song.structure)))
    return pieces


def _form(structure: str) -> str:
    """'intro 4, verse 16, chorus 16, instrumental 2, ...' from a POP909 structure label: each
    phrase's role (melodic phrases as models/pop_data.py reads them), neighbours of one role joined."""
    from models.pop_data import phrases, roles

    melodic = iter(role for _, role in roles(structure))
    parts: list[list] = []
    for phrase in phrases(structure):
        role = next(melodic) if phrase.letter.isupper() else {"i": "intro", "o": "outro"}.get(phrase.letter, "instrumental")
        role = {"prechorus": "pre-chorus"}.get(role, role)
        if parts and parts[-1][0] == role:
            parts[-1][1] += phrase.bars
        else:
            parts.append([role, phrase.bars])
    return ", ".join(f"{role} {bars}" for role, bars in parts)


def build_corpus(library: ReferenceLibrary, collections: list[str] | None = None, limit: int | None = None,
                 report: Report | None = None) -> BuildResult:
    """Index the corpus collections and POP909's songs into the library (incremental)."""
    corpus = [c for c in collections or [] if c != POP909]
    pieces = corpus_pieces(corpus, limit, report) if corpus or not collections else []
    if not collections or POP909 in collections:
        songs = pop909_pieces(limit, report)
        if not songs and collections:
            from song.pop909 import dataset_dir

            raise BadInput(f"POP909 is not at {dataset_dir()} (set COCOMPOSER_POP909 to the folder that holds index.csv)")
        pieces += songs
    added = library.add(pieces, lambda done, total: report and report("indexing", done, total))
    return BuildResult(added, len(pieces) - added)


def add_midi_folder(library: ReferenceLibrary, folder: Path, report: Report | None = None) -> BuildResult:
    """Index every MIDI file under `folder` as a `user` piece; unreadable files are listed,
    not fatal."""
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder")
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in MIDI_SUFFIXES and p.is_file())
    if not files:
        raise BadInput(f"{folder}: no .mid or .midi files in it")
    pieces, failed = [], []
    for done, path in enumerate(files, 1):
        piece_id = f"{USER}/{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]}"
        try:
            pieces.append(piece_from_midi(path, piece_id))
        except CocomposerError as error:
            failed.append(str(error))
        if report:
            report("reading MIDI files", done, len(files))
    added = library.add(pieces, lambda done, total: report and report("indexing", done, total))
    return BuildResult(added, len(pieces) - added, tuple(failed))
