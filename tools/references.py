"""The reference library as the composing tools use it: find pieces, borrow a style, and
check that a new melody does not copy a known tune.

`find_references` answers "Irish jigs in D for ideas" (words) and "tunes like my chorus"
(a section of the song, compared by music fingerprint); `pieces_like_file` answers
`cocomposer refs search --like FILE.mid` (bench/disguised_tunes.py measures that path, with
files transposed under a stale key signature). `compose_section(like=...)` takes a
reference id or words and borrows the piece's collection as the melody model's style, and
every composed melody is compared with its nearest pieces: sharing a long run of notes with
one (in any key) is flagged in the reply.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from memory.pieces import Piece
from memory.query_words import filters_from_words
from memory.references import Filters, Hit, ReferenceLibrary, StaleFingerprints
from song.errors import BadInput
from song.model import Section, Song
from song.overlap import longest_shared_run

COPY_RUN = 12  # notes in a row shared with a known tune that count as copying (the model's own
# generations share at most 11 with their training tunes: models/checkpoints/melody/eval.json)
NEIGHBOURS_CHECKED = 5
NOT_BUILT = "the reference library is empty; build it in a terminal with `cocomposer refs build` (about 4 minutes)"


_open: dict[str, ReferenceLibrary] = {}


def reference_library() -> ReferenceLibrary:
    """One library per data directory and server, opened on first use."""
    import os

    from memory.paths import data_home

    where = os.environ.get("CHROMA_HOST") or str(data_home())
    if where not in _open:
        _open[where] = ReferenceLibrary()
    return _open[where]


@dataclass(frozen=True)
class Found:
    hits: tuple[Hit, ...]
    text: str  # for the LLM and the chat


def find_references(song: Song, query: str | None = None, like: str | None = None, key: str | None = None,
                    meter: str | None = None, collection: str | None = None, k: int = 5,
                    library: ReferenceLibrary | None = None) -> Found:
    """Reference pieces by words (`query`), like a section of the song (`like`), or both
    (like first, the words then only add their filters)."""
    library = library or reference_library()
    if not (query or like or key or meter or collection):
        raise BadInput("give words to search for (query), a section to compare (like), or a key or meter to list pieces in")
    if library.count() == 0:
        raise BadInput(NOT_BUILT)
    given = Filters.given(key, meter, collection)
    filters = filters_from_words(query, given) if query else given
    if like:
        section = song.section(like)
        hits = library.search_music(section.notes, song.meter, section.bars, filters, k)
        subject = f"pieces like section {like!r}"
    else:
        hits = library.search_words(query or "", filters, k)  # no words: any pieces the filters allow ("20 pieces in 3/4")
        subject = f"pieces for {query!r}" if query else "pieces"
    if not hits:
        return Found((), f"no {subject} ({filters.describe() or 'no filters'})")
    lines = [f"{len(hits)} {subject}:"] + [f"- {h.title} [{h.id}] {h.key}, {h.meter}, {h.bars} bars ({h.collection}); {h.why}" for h in hits]
    return Found(tuple(hits), "\n".join(lines))


def pieces_like_file(path: str | os.PathLike[str], filters: Filters = Filters(), k: int = 5,
                     library: ReferenceLibrary | None = None) -> list[Hit]:
    """Pieces like a MIDI file's melody (as the importer finds it, every section in form
    order). The key the file claims does not enter the match (the melody is compared at its
    best transposition), so a file transposed under its old key signature is still matched."""
    from song.midi_import import load_midi

    library = library or reference_library()
    song = load_midi(path).song
    bars = sum(song.section(name).bars for name in song.form) or 1
    return library.search_music(song.melody(), song.meter, bars, filters, k)


def resolve_reference(like: str, library: ReferenceLibrary | None = None) -> Piece:
    """A reference id ('oneills1850/0101-0200/8'), or words whose best match is taken."""
    library = library or reference_library()
    if library.count() == 0:
        raise BadInput(NOT_BUILT)
    if "/" in like and " " not in like.strip():
        return library.get(like.strip())
    hits = library.search_words(like, filters_from_words(like), 1)
    if not hits:
        raise BadInput(f"no reference piece matches {like!r}")
    return library.get(hits[0].id)


def reference_as_section(piece: Piece, song: Song, name: str = "inspiration") -> tuple[Song, str]:
    """The song with the piece added as section `name`, moved by the smallest shift to the
    song's key (or to its relative when the piece is in the other mode: an E minor air in a
    C major song goes to A minor), so it can be played beside the song's own sections. An
    empty song takes the piece's key and meter. Returns the song and what was done."""
    from song.edits import edit_section
    from song.song_edits import smallest_shift

    section = piece.section(name)
    if not song.sections:
        return song.replace(key=piece.key_value, meter=piece.meter_value).with_section(section), ""
    if song.meter.bar_length != piece.meter_value.bar_length:  # 2/2 in 4/4 is fine: the bars line up
        raise BadInput(f"'{piece.title}' is in {piece.meter} and the song in {song.meter}; pick a piece in {song.meter}")
    target = song.key if piece.key_value.mode == song.key.mode else (song.key.relative or song.key)
    shift = smallest_shift(piece.key_value, target)
    placed = song.with_section(section.replace(key=piece.key_value))  # in its own key until moved
    if shift:
        placed, _ = edit_section(placed, name, "transpose", semitones=shift)
    # now in the song's key, or its relative (same notes, its own tonic: a key of its own)
    placed = placed.with_section(placed.section(name).replace(key=None if target == song.key else target))
    return placed, f", moved {shift:+d} semitones from {piece.key_value} to {target}" if shift else ""


@dataclass(frozen=True)
class Closeness:
    piece_id: str
    title: str
    shared_notes: int

    def warning(self) -> str:
        return (f"warning: this melody shares {self.shared_notes} notes in a row with the known tune "
                f"'{self.title}' [{self.piece_id}]; consider regenerating or varying it")


def library_exists() -> bool:
    """Whether there is a library to ask (a server, or an embedded one on disk), without
    importing Chroma (0.8 s): a first composition with no library should not pay for it."""
    import os

    from memory.paths import data_home

    return bool(os.environ.get("CHROMA_HOST")) or (data_home() / "references" / "chroma.sqlite3").exists()


def closest_known_tune(section: Section, song: Song, library: ReferenceLibrary | None = None) -> Closeness | None:
    """The known tune this melody copies (COPY_RUN or more notes in a row, any key), or None.
    None as well when the library is not built: the check is a guard, never a blocker."""
    if library is None and not library_exists():
        return None
    library = library or reference_library()
    if not section.notes or library.count() == 0:
        return None
    try:
        hits = library.search_music(section.notes, song.meter, section.bars, k=NEIGHBOURS_CHECKED)
    except StaleFingerprints:  # a guard, never a blocker: the search itself says how to update
        return None
    worst: Closeness | None = None
    for hit in hits:
        shared = longest_shared_run(section.notes, library.get(hit.id).note_objects())
        if shared >= COPY_RUN and (worst is None or shared > worst.shared_notes):
            worst = Closeness(hit.id, hit.title, shared)
    return worst
