"""Measuring the reference library: build time and size, query latency, filters, music and
word retrieval. `python -m bench.reference_library [--build]` runs against the library in
$COCOMPOSER_HOME (build it first with `cocomposer refs build`, or pass --build to time that
too) and writes bench/reference_library.json; the README's numbers come from there.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Callable

from memory.query_words import filters_from_words
from memory.references import Filters, ReferenceLibrary
from song.keys import Key

HERE = Path(__file__).resolve().parent
Meta = dict[str, object]


def _has(field: str, *words: str) -> Callable[[Meta], bool]:
    return lambda m: any(w.lower() in str(m[field]).lower() for w in words)


def _all(*tests: Callable[[Meta], bool]) -> Callable[[Meta], bool]:
    return lambda m: all(t(m) for t in tests)


# (query, what a matching piece is): written from what songwriters ask, judged on metadata
WORD_QUERIES: list[tuple[str, Callable[[Meta], bool]]] = [
    ("Irish jigs in D for ideas", _all(_has("genre", "jig"), _has("origin", "Irish"), lambda m: m["tonic_pc"] == 2)),
    ("reels", _has("genre", "reel")),
    ("hornpipes from Ryan's Mammoth", _all(_has("genre", "hornpipe"), _has("collection", "ryansMammoth"))),
    ("slip jigs in 9/8", _has("genre", "slip jig")),
    ("a Scottish strathspey", _has("genre", "strathspey")),
    ("waltzes in 3/4", _all(_has("genre", "waltz"), _has("meter", "3/4"))),
    ("Bach chorale in G minor", _all(_has("collection", "bach"), _has("key", "G minor"))),
    ("German love song", _all(_has("origin", "German"), _has("genre", "love song"))),
    ("Chinese mountain song", _all(_has("origin", "Chinese"), _has("genre", "shan'ge"))),
    ("children's song", _has("genre", "children")),
    ("a lullaby", _has("genre", "lullaby")),
    ("drinking song", _has("genre", "drinking")),
    ("soldier's song", _has("genre", "soldier", "war song")),
    ("Christmas carol", _has("genre", "christmas")),
    ("sad melancholy Irish air", _all(_has("origin", "Irish"), lambda m: m["mode"] == "minor")),
    ("lively dance tune in A minor", _all(_has("key", "A minor"), _has("document", "lively"))),
    ("Swiss folk song", _has("origin", "Swiss")),
    ("Hungarian folk song", _has("origin", "Hungarian")),
    ("Polish folk melody", _has("origin", "Polish")),
    ("Dutch song", _has("origin", "Dutch")),
    ("folk song from Luxembourg", _has("origin", "Luxembourg")),
    ("a ballad from Lorraine", _all(_has("origin", "Lorraine"), _has("genre", "ballad"))),
    ("Scottish air from Aird's collection", _has("collection", "airdsAirs")),
    ("marches", _has("genre", "march")),
    ("quick step marches", _has("genre", "quick step", "march")),
    ("a hymn", _has("collection", "bach")),
    ("happy bright tune in G major", _all(_has("key", "G major"), _has("document", "bright"))),
    ("syncopated melody", _has("document", "syncopated")),
    ("melodies with big leaps", _has("document", "leaping")),
    ("calm stepwise song in F major", _all(_has("key", "F major"), _has("document", "stepwise"), _has("document", "calm"))),
    ("clog dance", _has("genre", "clog")),
    ("Russian folk song", _has("origin", "Russian")),
    ("sacred religious song", _has("genre", "sacred")),
    ("double jigs from O'Neill", _all(_has("genre", "double jig"), _has("collection", "oneills1850"))),
    ("Chinese ditty from Hunan", _all(_has("origin", "Hunan"), _has("genre", "xiaodiao"))),
    ("a minuet", _has("genre", "minuet")),
]


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))]}


def word_retrieval(library: ReferenceLibrary) -> dict[str, object]:
    hits, misses = 0, []
    for query, matches in WORD_QUERIES:
        found = library.text.query(query_embeddings=library_embed(query), n_results=5,
                                   where=filters_from_words(query).where(), include=["metadatas", "documents"])
        metas = [{**m, "document": d} for m, d in zip(found["metadatas"][0], found["documents"][0])]
        if any(matches(m) for m in metas):
            hits += 1
        else:
            misses.append(query)
    return {"queries": len(WORD_QUERIES), "match_in_top_5": hits / len(WORD_QUERIES), "missed": misses}


def library_embed(query: str) -> list:
    from memory.embeddings import text_embedder

    return text_embedder()([query])


def variants(library: ReferenceLibrary, count: int, seed: int = 1) -> dict[str, object]:
    """Transposed (the file keeping its old key signature), a few notes changed, syncopated
    by our edit, written to a MIDI file and searched as `refs search --like` does: is the
    original in the top 5? The disguise and the search are bench/disguised_tunes.py's."""
    from bench.disguised_tunes import run

    combined = run(library, count, seed, ["combined"])[0]
    return {"variants": count, "original_top_1": combined["top_1"], "original_top_5": combined["top_5"]}


def latency_and_filters(library: ReferenceLibrary, count: int, seed: int = 2) -> dict[str, object]:
    rng = random.Random(seed)
    words = [q for q, _ in WORD_QUERIES]
    keys = ["C major", "G major", "D major", "A minor", "E minor", "D minor", "F major"]
    meters = ["2/4", "3/4", "4/4", "6/8"]
    collections = ["essenFolksong", "oneills1850", "ryansMammoth", "airdsAirs", "bach", None]
    ids = library.music.get(include=[])["ids"]
    library.search_words("warm up")
    word_s, music_s, checked, satisfied = [], [], 0, 0
    for index in range(count):
        filters = Filters(key=Key.parse(rng.choice(keys)) if index % 3 == 0 else None,
                          meter=rng.choice(meters) if index % 4 == 0 else None,
                          collection=rng.choice(collections) if index % 5 == 0 else None)
        query = rng.choice(words)
        merged = filters_from_words(query, filters)
        started = time.perf_counter()
        hits = library.search_words(query, merged, 5)
        word_s.append(time.perf_counter() - started)
        piece = library.get(rng.choice(ids))
        started = time.perf_counter()
        music_hits = library.search_music(piece.note_objects(), piece.meter_value, piece.bars, filters, 5)
        music_s.append(time.perf_counter() - started)
        for hit, used in [(h, merged) for h in hits] + [(h, filters) for h in music_hits]:
            checked += 1
            key = Key.parse(hit.key)
            satisfied += ((used.key is None or (key.tonic_pitch_class == used.key.tonic_pitch_class
                                                 and (not used.key_has_mode or key.mode == used.key.mode)))
                          and (used.meter is None or hit.meter == used.meter)
                          and (used.collection is None or hit.collection == used.collection))
    return {"queries": count, "words": _percentiles(word_s), "music": _percentiles(music_s),
            "results_checked": checked, "filters_satisfied": satisfied / max(1, checked)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", action="store_true", help="build the full library first and time it")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    from memory.paths import data_home

    report: dict[str, object] = {}
    library = ReferenceLibrary()
    if args.build:
        from tools.library_build import build_corpus

        started = time.perf_counter()
        result = build_corpus(library)
        report["build"] = {"added": result.added, "seconds": time.perf_counter() - started}
    folder = data_home() / "references"
    report["library"] = {**library.stats(), "megabytes_on_disk": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6}
    for name, part in (("latency_and_filters", lambda: latency_and_filters(library, args.queries)),
                       ("music_retrieval", lambda: variants(library, 200)), ("word_retrieval", lambda: word_retrieval(library))):
        report[name] = part()
        print(name, json.dumps(report[name]), flush=True)
    (HERE / "reference_library.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
