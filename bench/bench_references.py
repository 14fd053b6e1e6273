"""Reference search, warm: words (embedding included) and music, p50 and p95, on a
1,000-piece library built for the run (200 per corpus collection, embedded Chroma).
The full 11,881-piece numbers come from `python -m bench.reference_library`."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.measure import Row


def run(runs: int) -> list[Row]:
    from bench.reference_library import WORD_QUERIES
    from memory.query_words import filters_from_words
    from memory.references import ReferenceLibrary, open_client
    from tools.library_build import build_corpus

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as home:
        library = ReferenceLibrary(open_client(Path(home) / "references"))
        build_corpus(library, limit=200)
        ids = library.music.get(include=[])["ids"]
        library.search_words("warm up")
        words, music = [], []
        for _ in range(max(100, runs)):
            query = rng.choice(WORD_QUERIES)[0]
            started = time.perf_counter()
            library.search_words(query, filters_from_words(query), 5)
            words.append(time.perf_counter() - started)
            piece = library.get(rng.choice(ids))
            started = time.perf_counter()
            library.search_music(piece.note_objects(), piece.meter_value, piece.bars, k=5)
            music.append(time.perf_counter() - started)
        count = library.count()
    rows = []
    for label, values in (("words, embedding included", words), ("music fingerprint", music)):
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        rows.append(Row(f"reference search by {label} ({count} pieces): p50 (spread = p95 - p50)", statistics.median(ordered),
                        p95 - statistics.median(ordered), len(ordered), note=f"p95 {p95 * 1000:.1f} ms"))
    return rows
