"""POP909's songs in the reference library: build time, and search by title, by words
(speed, form, mood) and by music.

Builds a library of POP909's songs alone in a temporary folder (real embedded Chroma, the real
MiniLM embedder), then:
- titles: each sampled song's title as the query; the song ranked first;
- words: songwriters' requests judged on the songs' metadata (share of the top 5 that match);
- music: bench/disguised_tunes.py's disguises on sampled songs (the whole melody written to a
  MIDI file, transposed with a stale key label, syncopated, notes changed), searched through
  `refs search --like`; the song in the top 1 / top 5.

`python -m bench.pop_library [--count 100]` prints the figures and writes bench/pop_library.json.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench.disguised_tunes import run as disguised
from memory.pieces import Piece
from memory.query_words import filters_from_words
from memory.references import ReferenceLibrary, open_client
from tools.library_build import build_corpus, pop909_pieces

HERE = Path(__file__).resolve().parent
SEED = 7
WORD_QUERIES: list[tuple[str, Callable[[Piece], bool]]] = [
    ("a slow ballad at 70 bpm", lambda p: 63 <= p.tempo <= 77),
    ("an up-tempo pop song to dance to", lambda p: p.tempo >= 108),
    ("a slow, sad pop ballad", lambda p: p.tempo < 80),
    ("a pop song with a pre-chorus", lambda p: "pre-chorus" in p.form),
    ("a song with a long intro", lambda p: p.form.startswith("intro") and int(p.form.split(",")[0].split()[1]) >= 8),
    ("pop songs in a minor key", lambda p: p.key.endswith("minor")),
    ("a pop song in 3/4", lambda p: p.meter == "3/4"),
    ("a mid-tempo pop song in G major", lambda p: p.key == "G major" and 80 <= p.tempo < 108),
    ("a song that starts on C G Am F", lambda p: [c for c, _, _ in p.chords[:4]] == ["C", "G", "Am", "F"]),
    ("a pop song with a bridge", lambda p: "bridge" in p.form),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100, help="songs sampled for the title and music searches")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        library = ReferenceLibrary(open_client(Path(folder) / "references"))
        started = time.perf_counter()
        built = build_corpus(library, ["pop909"])
        build_s = time.perf_counter() - started
        pieces = {p.id: p for p in pop909_pieces()}
        sample = random.Random(SEED).sample(sorted(pieces), min(args.count, len(pieces)))
        titles = sum(library.search_words(pieces[i].title, k=1)[0].id == i for i in sample) / len(sample)
        words = {}
        for query, matches in WORD_QUERIES:
            hits = library.search_words(query, filters_from_words(query), k=5)
            words[query] = round(sum(matches(pieces[h.id]) for h in hits) / 5, 2)
        music = disguised(library, args.count, SEED, ["transposed, stale label", "syncopated", "notes changed", "combined"])
    report = {"songs": built.added, "build_s": round(build_s, 1), "titles_top_1": round(titles, 3), "words_top_5_precision": words,
              "words_mean": round(sum(words.values()) / len(words), 3),
              "music": {r["disguise"]: {"top_1": round(r["top_1"], 3), "top_5": round(r["top_5"], 3)} for r in music}}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    (HERE / "pop_library.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
