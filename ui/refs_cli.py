"""`cocomposer refs ...`: build, grow, search, show, export and count the reference library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from song.errors import BadInput

EMPTY_LIBRARY = "the reference library is empty; build it with `cocomposer refs build` (a few minutes) or add your MIDI files with `cocomposer refs add DIR`"


def add_parser(commands: Any) -> None:
    refs = commands.add_parser("refs", help="the reference library: build it, search it by words or by music")
    actions = refs.add_subparsers(dest="refs_action", metavar="ACTION", required=True, parser_class=type(refs))

    build = actions.add_parser("build", help="index music21's corpus and POP909's pop songs (incremental: indexed pieces are skipped)")
    build.add_argument("--collection", action="append", metavar="NAME",
                       help="essenFolksong, oneills1850, ryansMammoth, airdsAirs, bach, pop909 (repeatable; default all)")
    build.add_argument("--limit", type=int, metavar="N", help="at most N pieces per collection")
    build.set_defaults(handler=_build)

    add = actions.add_parser("add", help="index every MIDI file in a folder as your own reference pieces")
    add.add_argument("folder", type=Path)
    add.set_defaults(handler=_add)

    search = actions.add_parser("search", help="find pieces by words and/or like a MIDI file's melody")
    search.add_argument("query", nargs="?", default="", help="words, e.g. \"Irish jigs in D\" (filters are read out of them)")
    search.add_argument("--like", type=Path, metavar="FILE.mid", help="pieces whose melody is like this file's")
    search.add_argument("--key", help="only pieces in this key ('D', 'D minor')")
    search.add_argument("--meter", help="only pieces in this meter (6/8)")
    search.add_argument("--collection", help="only this collection (a corpus folder name, pop909 or 'user')")
    search.add_argument("-k", type=int, default=5, help="how many results (default 5)")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=_search)

    show = actions.add_parser("show", help="one piece: its description and metadata")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    export = actions.add_parser("export", help="write a piece's melody as a MIDI file")
    export.add_argument("id")
    export.add_argument("-o", "--output", required=True, metavar="OUT.mid")
    export.add_argument("--force", action="store_true", help="overwrite a file cocomposer did not write")
    export.set_defaults(handler=_export)

    stats = actions.add_parser("stats", help="how many pieces, per collection, and the size on disk")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=_stats)


def _library():
    from memory.references import ReferenceLibrary

    return ReferenceLibrary()


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=_stderr_console(), transient=True)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _run_with_bar(work) -> Any:
    with _progress() as bar:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return work(report)


def _build(args: argparse.Namespace) -> int:
    from tools.library_build import build_corpus

    if args.limit is not None and args.limit < 1:
        raise BadInput("--limit must be at least 1")
    library = _library()
    updated = _update_fingerprints(library)
    result = _run_with_bar(lambda report: build_corpus(library, args.collection, args.limit, report))
    if updated:
        print(f"updated the music fingerprints of {updated} pieces")
    print(f"added {result.added} pieces ({result.skipped} already indexed); the library holds {library.count()}")
    return 0


def _update_fingerprints(library: Any) -> int:
    """Old music vectors recomputed from their stored notes before anything is added, so
    the library never holds two fingerprint versions (memory/references.py)."""
    return _run_with_bar(lambda report: library.update_fingerprints(lambda done, total: report("updating fingerprints", done, total)))


def _add(args: argparse.Namespace) -> int:
    from tools.library_build import add_midi_folder

    library = _library()
    if _update_fingerprints(library):
        print("updated the music fingerprints of the pieces already in the library")
    result = _run_with_bar(lambda report: add_midi_folder(library, args.folder, report))
    for line in result.failed:
        sys.stderr.write(f"skipped: {line}\n")
    print(f"added {result.added} of your pieces ({result.skipped} already indexed, {len(result.failed)} unreadable); "
          f"the library holds {library.count()}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from memory.query_words import filters_from_words
    from memory.references import Filters

    if not args.query.strip() and args.like is None:
        raise BadInput("give words to search for, --like FILE.mid, or both")
    given = Filters.given(args.key, args.meter, args.collection)
    filters = filters_from_words(args.query, given) if args.query else given
    library = _library()
    if library.count() == 0:
        raise BadInput(EMPTY_LIBRARY)
    if args.like is not None:
        from tools.references import pieces_like_file

        hits = pieces_like_file(args.like, filters, args.k, library)
    else:
        hits = library.search_words(args.query, filters, args.k)
    if args.json:
        print(json.dumps({"results": [hit.as_dict() for hit in hits]}, ensure_ascii=False))
        return 0
    if not hits:
        print(f"no pieces match ({filters.describe() or 'no filters'})")
    for rank, hit in enumerate(hits, 1):
        print(f"{rank}. {hit.title}  [{hit.id}]  {hit.key}, {hit.meter}, {hit.bars} bars, {hit.collection}, score {hit.score:.2f}")
        print(f"   {hit.why}")
    return 0


def _show(args: argparse.Namespace) -> int:
    library = _library()
    piece = library.get(args.id)
    description = library.description(args.id)
    if args.json:
        print(json.dumps({"id": piece.id, **piece.metadata(), "description": description, "notes": len(piece.notes)},
                         ensure_ascii=False))
    else:
        print(f"{piece.title}  [{piece.id}]\n{description}\n{len(piece.notes)} notes; export with "
              f"`cocomposer refs export {piece.id} -o tune.mid`")
    return 0


def _export(args: argparse.Namespace) -> int:
    from song.export import export_song
    from song.model import Song

    piece = _library().get(args.id)
    section = piece.section("melody")
    song = Song(piece.title[:200], piece.key_value, piece.meter_value, 100.0, (section,))
    written = export_song(song, args.output, "midi", force=args.force)
    print(f"wrote {written}: {piece.title} ({len(piece.notes)} notes, {piece.key}, {piece.meter})")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from memory.paths import data_home

    stats = _library().stats()
    folder = data_home() / "references"
    stats["bytes_on_disk"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
    if args.json:
        print(json.dumps(stats))
        return 0
    print(f"{stats['pieces']} pieces, {stats['bytes_on_disk'] / 1e6:.1f} MB on disk")
    for collection, count in stats["by_collection"].items():
        print(f"  {collection}: {count}")
    if stats["pieces"] == 0:
        print(EMPTY_LIBRARY)
    return 0
