"""Disguised tunes: does `cocomposer refs search --like FILE.mid` find the tune a file came from?

A songwriter's file of a known tune is rarely the library's copy: it was transposed (and its
key signature, written before, still names the old key), its rhythm was pushed around, a few
notes differ. This benchmark samples library pieces with a fixed seed, disguises each one,
writes it to a real MIDI file through our exporter (so the file carries the label it was
given, in its key signature and in our exact key text, which the importer trusts), and
searches through `tools.references.pieces_like_file`, the function behind `refs search
--like`. A piece counts as found when its own id is in the top 5 (and top 1). That is strict:
the corpus holds some melodies under several ids (Essen's test files, a chorale tune set more
than once), and identical copies tie, so a tune with five twins can miss by its own id, and
top 1 misses are mostly a twin ranked first.

The disguises, each measured alone and then all together:
- transposed, stale label: every note moved by -11..+11 semitones (never 0), the file keeps
  the original key;
- transposed, correct label: the same shift, the file names the moved key;
- syncopated: the project's own `syncopate` edit (song/edits, amount 0.5);
- notes changed: CHANGED_NOTES notes moved by a tone or a semitone;
- combined: all of them (stale label), the target figure.

Seeds: the fingerprint was designed on DEV_SEED; HELD_OUT_SEED picks other pieces and was run
once, at the end, for the figure the README reports. Each piece's disguise draws from its own
generator (seed, disguise, piece id), so every disguise sees the same pieces.

`python -m bench.disguised_tunes [--seed dev|held-out|N] [--count 200]` uses the library in
$COCOMPOSER_HOME, prints a table and writes bench/disguised_tunes.json.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memory.pieces import Piece
from memory.references import ReferenceLibrary
from song.edits import edit_section
from song.edits.key_moves import transpose_key
from song.export import export_song
from song.model import Note, Section, Song
from tools.references import pieces_like_file

HERE = Path(__file__).resolve().parent
DEV_SEED = 1
HELD_OUT_SEED = 2024_12_02
CHANGED_NOTES = 3
SYNCOPATION_AMOUNT = 0.5
TOP = 5


@dataclass(frozen=True)
class Disguise:
    """What is done to a tune before it is written to a file."""

    transpose: bool = False
    stale_label: bool = True  # when transposed: the file keeps the original key
    syncopate: bool = False
    change_notes: bool = False


DISGUISES: dict[str, Disguise] = {
    "transposed, stale label": Disguise(transpose=True),
    "transposed, correct label": Disguise(transpose=True, stale_label=False),
    "syncopated": Disguise(syncopate=True),
    "notes changed": Disguise(change_notes=True),
    "combined": Disguise(transpose=True, syncopate=True, change_notes=True),
}


def disguised_song(piece: Piece, disguise: Disguise, rng: random.Random) -> Song:
    """The piece as a one-section song, disguised; its key is the label the file will carry."""
    notes = piece.note_objects()
    shift = rng.choice([s for s in range(-11, 12) if s != 0]) if disguise.transpose else 0
    notes = [Note(n.pitch + shift, n.start, n.duration) for n in notes]
    if disguise.change_notes:
        for index in rng.sample(range(len(notes)), min(CHANGED_NOTES, len(notes))):
            note = notes[index]
            notes[index] = Note(note.pitch + rng.choice([-2, -1, 1, 2]), note.start, note.duration)
    label = piece.key_value if disguise.stale_label else transpose_key(piece.key_value, shift)
    song = Song(piece.title[:200] or "tune", label, piece.meter_value, 100.0, (Section("a", max(1, piece.bars), tuple(notes)),))
    if disguise.syncopate:
        song, _ = edit_section(song, "a", "syncopate", SYNCOPATION_AMOUNT, seed=rng.randrange(1000))
    return song


def sample_ids(library: ReferenceLibrary, count: int, seed: int) -> list[str]:
    """`count` piece ids drawn with `seed` from every piece in the library (sorted first, so
    the draw does not depend on the order Chroma returns them in)."""
    ids = sorted(library.music.get(include=[])["ids"])
    return random.Random(seed).sample(ids, min(count, len(ids)))


def measure(library: ReferenceLibrary, ids: list[str], name: str, seed: int, folder: Path) -> dict[str, Any]:
    """Top-1 and top-5 share of the pieces found back from their disguised files."""
    top1 = top5 = 0
    missed: list[str] = []
    started = time.perf_counter()
    for piece_id in ids:
        piece = library.get(piece_id)
        song = disguised_song(piece, DISGUISES[name], random.Random(f"{seed}:{name}:{piece_id}"))
        path = export_song(song, folder / f"{name.replace(' ', '_').replace(',', '')}.mid", "midi", force=True)
        found = [hit.id for hit in pieces_like_file(path, k=TOP, library=library)]
        top1 += found[:1] == [piece_id]
        top5 += piece_id in found
        if piece_id not in found:
            missed.append(piece_id)
    count = len(ids)
    return {"disguise": name, "pieces": count, "top_1": top1 / count, "top_5": top5 / count,
            "seconds_per_search": (time.perf_counter() - started) / count, "missed": missed}


def run(library: ReferenceLibrary, count: int, seed: int, names: list[str] | None = None) -> list[dict[str, Any]]:
    """Every disguise (or the named ones) over the same `count` pieces drawn with `seed`."""
    ids = sample_ids(library, count, seed)
    with tempfile.TemporaryDirectory() as folder:
        return [measure(library, ids, name, seed, Path(folder)) for name in names or list(DISGUISES)]


def table(rows: list[dict[str, Any]], seed: int) -> str:
    lines = [f"disguised tunes, seed {seed}: original in the top 1 / top {TOP} of `refs search --like FILE.mid`",
             f"{'disguise':<28}{'pieces':>8}{'top 1':>8}{'top 5':>8}"]
    lines += [f"{r['disguise']:<28}{r['pieces']:>8}{r['top_1']:>8.1%}{r['top_5']:>8.1%}" for r in rows]
    return "\n".join(lines)


def _seed(text: str) -> int:
    return {"dev": DEV_SEED, "held-out": HELD_OUT_SEED}.get(text) or int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="dev", help="dev, held-out, or a number (default dev)")
    parser.add_argument("--count", type=int, default=200, help="pieces sampled (default 200)")
    parser.add_argument("--disguise", action="append", choices=list(DISGUISES), help="only these (repeatable)")
    args = parser.parse_args(argv)
    seed = _seed(args.seed)
    library = ReferenceLibrary()
    library.check_fingerprints()
    rows = run(library, args.count, seed, args.disguise)
    print(table(rows, seed))
    out = HERE / "disguised_tunes.json"
    report = json.loads(out.read_text()) if out.exists() else {}
    report[args.seed if args.seed in ("dev", "held-out") else f"seed {seed}"] = {"seed": seed, "results": rows}
    out.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
