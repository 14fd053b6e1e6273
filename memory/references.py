"""The reference library: pieces in two Chroma collections, searchable by words and by music.

- `references_text` holds each piece's one-sentence description (memory/descriptions.py),
  embedded by all-MiniLM-L6-v2 (memory/embeddings.py): "Irish jigs in D" finds jigs.
- `references_music_v2` holds each piece's music fingerprint (song/fingerprint.py) as a
  precomputed vector, with the notes as its document: "tunes like my chorus" finds tunes
  with the same melodic turns and rhythm, in any key, and the notes load back as a Section.
  The name carries FINGERPRINT_VERSION: vectors of two versions are not comparable, so they
  never share a collection. A library built by an older cocomposer keeps its old collection
  until `update_fingerprints` (run by `cocomposer refs build`) recomputes every vector from
  the notes stored beside it, without parsing the corpus again; until then a music search
  says so instead of comparing a new vector with old ones.

Both carry the same metadata, which Chroma filters on: collection, key (tonic pitch class and
mode), meter, bars, genre. The client is embedded (`PersistentClient` under
`$COCOMPOSER_HOME/references`) unless `CHROMA_HOST` (and `CHROMA_PORT`) name a Chroma
server, so a team can share one library.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from memory.descriptions import describe
from memory.pieces import Piece, encode_notes, piece_from_stored
from memory.paths import data_home
from song.errors import BadInput, CocomposerError
from song.fingerprint import BLOCKS, FINGERPRINT_VERSION, music_vector, query_vectors
from song.keys import Key
from song.meter import Meter
from song.model import Note

TEXT = "references_text"
MUSIC_PREFIX = "references_music"
MUSIC = f"{MUSIC_PREFIX}_v{FINGERPRINT_VERSION}"  # version 1 was plain "references_music"
ADD_BATCH = 256
TEMPO_TOLERANCE = 0.1  # "a ballad at 70 bpm" finds songs at 63-77 bpm
Progress = Callable[[int, int], None]


class LibraryError(CocomposerError):
    """The library cannot be reached or read (a server down, a damaged folder)."""


class StaleFingerprints(BadInput):
    """The library's music vectors come from an older fingerprint: comparing a new vector
    with them would rank nonsense, so a music search refuses until they are updated."""

    def __init__(self, pieces: int) -> None:
        super().__init__(f"the reference library's music fingerprints ({pieces} pieces) are from an older cocomposer; "
                         f"update them with `cocomposer refs build` (about a minute: the stored notes are "
                         f"fingerprinted again, the corpus is not parsed)")
        self.pieces = pieces


@dataclass(frozen=True)
class Filters:
    """What every result must satisfy; None means any."""

    key: Key | None = None
    key_has_mode: bool = True  # "in D" filters the tonic only, "in D minor" the mode too
    meter: str | None = None
    collection: str | None = None
    tempo: float | None = None  # beats per minute, give or take TEMPO_TOLERANCE

    @classmethod
    def given(cls, key: str | None = None, meter: str | None = None, collection: str | None = None) -> "Filters":
        """Filters from typed values: "D" filters the tonic only; "D minor" or "Dm" the mode too."""
        text = (key or "").strip()
        return cls(key=Key.parse(text) if text else None,
                   key_has_mode=len(text.split()) > 1 or (len(text) > 1 and text.endswith("m")),
                   meter=str(Meter.parse(meter)) if meter else None, collection=collection)

    def where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.key is not None:
            clauses.append({"tonic_pc": self.key.tonic_pitch_class})
            if self.key_has_mode:
                clauses.append({"mode": self.key.mode})
        if self.meter:
            clauses.append({"meter": self.meter})
        if self.collection:
            clauses.append({"collection": self.collection})
        if self.tempo:
            clauses += [{"tempo": {"$gte": self.tempo * (1 - TEMPO_TOLERANCE)}}, {"tempo": {"$lte": self.tempo * (1 + TEMPO_TOLERANCE)}}]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def describe(self) -> str:
        parts = []
        if self.key is not None:
            parts.append(str(self.key) if self.key_has_mode else f"tonic {self.key.tonic}")
        parts += [p for p in (self.meter, self.collection) if p]
        parts += [f"about {self.tempo:.0f} bpm"] if self.tempo else []
        return ", ".join(parts)


@dataclass(frozen=True)
class Hit:
    """One search result: enough to show, to load, and to explain."""

    id: str
    title: str
    collection: str
    key: str
    meter: str
    bars: int
    score: float  # cosine similarity, 1 is identical
    why: str
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "collection": self.collection, "key": self.key,
                "meter": self.meter, "bars": self.bars, "score": round(self.score, 4), "why": self.why}


def open_client(path: Path | None = None) -> Any:
    """Chroma: a server when CHROMA_HOST is set, else embedded under the data directory."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    host = os.environ.get("CHROMA_HOST")
    try:
        if host:
            port = int(os.environ.get("CHROMA_PORT", "8000"))
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        folder = path or data_home() / "references"
        folder.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(folder), settings=settings)
    except ValueError as error:
        raise LibraryError(f"cannot reach the reference library at {host}:{os.environ.get('CHROMA_PORT', '8000')} ({error})") from None
    except Exception as error:  # chromadb raises assorted types for a damaged folder
        raise LibraryError(f"cannot open the reference library: {error}") from None


class ReferenceLibrary:
    """The two collections behind one object."""

    def __init__(self, client: Any = None) -> None:
        from memory.embeddings import MusicVectors, text_embedder  # imports chromadb: only when a library is opened

        self.client = client if client is not None else open_client()
        self._fingerprints_current = False
        space = {"hnsw:space": "cosine"}
        try:
            self.text = self.client.get_or_create_collection(TEXT, embedding_function=text_embedder(), metadata=space)
            self.music = self.client.get_or_create_collection(MUSIC, embedding_function=MusicVectors(), metadata=space)
        except Exception as error:
            raise LibraryError(f"cannot open the reference library: {error}") from None

    # ----- building -------------------------------------------------------------------

    def count(self) -> int:
        """Pieces in the library (their descriptions: those do not age with the fingerprint)."""
        return self.text.count()

    def stale_collections(self) -> list[str]:
        """Music collections of other fingerprint versions that still hold pieces."""
        try:
            names = [getattr(c, "name", c) for c in self.client.list_collections()]
        except Exception as error:
            raise LibraryError(f"cannot read the reference library: {error}") from None
        return [name for name in names if name.startswith(MUSIC_PREFIX) and name != MUSIC
                and self._collection(name).count() > 0]

    def stale_pieces(self) -> int:
        """Pieces whose music vector is of an older version only (0: all up to date)."""
        stale: set[str] = set()
        for name in self.stale_collections():
            ids = self._collection(name).get(include=[])["ids"]
            stale.update(set(ids) - self.known_ids(ids))
        return len(stale)

    def check_fingerprints(self) -> None:
        """StaleFingerprints when some pieces have only an old music vector. Once found up
        to date it stays so for this object (only an older cocomposer writes old vectors)."""
        if self._fingerprints_current:
            return
        stale = self.stale_pieces()
        if stale:
            raise StaleFingerprints(stale)
        self._fingerprints_current = True

    def update_fingerprints(self, progress: Progress | None = None) -> int:
        """Fingerprint again, from their stored notes, the pieces that have only an old music
        vector, then drop the old collections; returns how many were updated. Resumable: an
        interrupted update keeps the old collection and skips what it already moved. (Chroma
        1.5 leaves a deleted collection's index folder on disk, chroma-core/chroma#5520: about
        10 MB for the full library.)"""
        moved = 0
        for name in self.stale_collections():
            old = self._collection(name)
            total = old.count()
            for start in range(0, total, ADD_BATCH):
                found = old.get(include=["documents", "metadatas"], limit=ADD_BATCH, offset=start)
                known = self.known_ids(found["ids"])
                fresh = [(i, d, m) for i, d, m in zip(found["ids"], found["documents"], found["metadatas"]) if i not in known]
                if fresh:
                    pieces = [piece_from_stored(i, m, d) for i, d, m in fresh]
                    self.music.add(ids=[i for i, _, _ in fresh], documents=[d for _, d, _ in fresh],
                                   metadatas=[m for _, _, m in fresh], embeddings=[_vector(p) for p in pieces])
                    moved += len(fresh)
                if progress:
                    progress(min(total, start + ADD_BATCH), total)
            self.client.delete_collection(name)
        return moved

    def _collection(self, name: str) -> Any:
        from memory.embeddings import MusicVectors

        return self.client.get_collection(name, embedding_function=MusicVectors())

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(ids), 1000):
            known.update(self.music.get(ids=list(ids[start:start + 1000]), include=[])["ids"])
        return known

    def add(self, pieces: Sequence[Piece], progress: Progress | None = None) -> int:
        """Index the pieces not indexed yet (batched); returns how many were added.
        StaleFingerprints first if older vectors wait for an update: new pieces beside them
        would leave the library half one version, half the other."""
        self.check_fingerprints()
        known = self.known_ids([p.id for p in pieces])
        fresh = [p for p in pieces if p.id not in known]
        for start in range(0, len(fresh), ADD_BATCH):
            batch = fresh[start:start + ADD_BATCH]
            descriptions = [describe(p) for p in batch]
            metadatas = [_metadata(p) for p in batch]
            ids = [p.id for p in batch]
            self.text.add(ids=ids, documents=descriptions, metadatas=metadatas, embeddings=_embed(descriptions))
            vectors = [_vector(p) for p in batch]
            self.music.add(ids=ids, documents=[encode_notes(p.notes) for p in batch], metadatas=metadatas, embeddings=vectors)
            if progress:
                progress(start + len(batch), len(fresh))
        return len(fresh)

    # ----- reading --------------------------------------------------------------------

    def get(self, piece_id: str) -> Piece:
        """The stored piece; from an older music collection when it has not been updated yet
        (the notes do not age with the fingerprint, so words found and loaded still work)."""
        found = self.music.get(ids=[piece_id], include=["documents", "metadatas"])
        for name in [] if found["ids"] else self.stale_collections():
            found = self._collection(name).get(ids=[piece_id], include=["documents", "metadatas"])
            if found["ids"]:
                break
        if not found["ids"]:
            raise BadInput(f"no reference {piece_id!r} in the library (search with `cocomposer refs search`)")
        return piece_from_stored(piece_id, found["metadatas"][0], found["documents"][0])

    def description(self, piece_id: str) -> str:
        found = self.text.get(ids=[piece_id], include=["documents"])
        return found["documents"][0] if found["ids"] else ""

    def stats(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        total = self.text.count()
        for start in range(0, total, 5000):
            for metadata in self.text.get(include=["metadatas"], limit=5000, offset=start)["metadatas"]:
                counts[str(metadata["collection"])] = counts.get(str(metadata["collection"]), 0) + 1
        return {"pieces": total, "by_collection": dict(sorted(counts.items())),
                "fingerprint_version": FINGERPRINT_VERSION, "stale_fingerprints": self.stale_pieces()}

    # ----- searching ------------------------------------------------------------------

    def search_words(self, query: str, filters: Filters = Filters(), k: int = 5) -> list[Hit]:
        """Pieces whose description is nearest in meaning to the query; a piece whose title is
        the query, word for word, comes first (the embedder knows English, not every title's
        language: "一千零一夜" names a song it cannot place)."""
        _check_k(k)
        titled = [{"title": query.strip()}] + ([filters.where()] if filters.where() else [])
        named = self.text.get(where=titled[0] if len(titled) == 1 else {"$and": titled}, limit=k,
                              include=["documents", "metadatas"]) if query.strip() else {"ids": []}
        hits = [_hit(piece_id, metadata, 1.0, f"title matches: {document}", document)
                for piece_id, document, metadata in zip(named["ids"], named.get("documents") or [], named.get("metadatas") or [])]
        vector = _embed([query])
        result = self.text.query(query_embeddings=vector, n_results=k, where=filters.where(),
                                 include=["documents", "metadatas", "distances"])
        words = _content_words(query)
        for piece_id, document, metadata, distance in zip(result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0]):
            shared = [w for w in words if re.search(rf"\b{re.escape(_stem(w))}", document.lower())]
            why = f"description matches {', '.join(repr(w) for w in shared[:4])}" if shared else "close in meaning" if query.strip() else "any piece"
            if filters.where():
                why += f"; filtered on {filters.describe()}"
            if piece_id not in {h.id for h in hits}:
                hits.append(_hit(piece_id, metadata, 1 - distance, f"{why}: {document}", document))
        return hits[:k]

    def search_music(self, notes: Sequence[Note], meter: Meter, bars: int, filters: Filters = Filters(),
                     k: int = 5, exclude: Iterable[str] = ()) -> list[Hit]:
        """Pieces whose fingerprint is nearest to the melody's at its best transposition. No
        key is asked for: the melody is compared from all 12 tonics (song/fingerprint.py says
        why), so a file whose key signature went stale in a transposition is found all the same."""
        _check_k(k)
        if not notes:
            raise BadInput("that melody has no notes to compare")
        self.check_fingerprints()
        vectors = query_vectors(notes, meter, bars)
        excluded = set(exclude)
        result = self.music.query(query_embeddings=vectors, n_results=k + len(excluded), where=filters.where(),
                                  include=["metadatas", "distances", "embeddings"])
        best: dict[str, tuple[float, int, dict, list[float]]] = {}
        for index, vector in enumerate(vectors):
            for piece_id, metadata, distance, embedding in zip(result["ids"][index], result["metadatas"][index],
                                                               result["distances"][index], result["embeddings"][index]):
                if piece_id not in excluded and (piece_id not in best or distance < best[piece_id][0]):
                    best[piece_id] = (distance, index, metadata, list(embedding))
        ranked = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:k]
        return [_hit(piece_id, metadata, 1 - distance, _music_why(vectors[index], embedding, metadata, meter))
                for piece_id, (distance, index, metadata, embedding) in ranked]


def _embed(texts: list[str]) -> Any:
    from memory.embeddings import text_embedder

    return text_embedder()(texts)


def _vector(piece: Piece) -> list[float]:
    """The piece's music vector: its tonic from its notes, never from its label."""
    return music_vector(piece.note_objects(), piece.meter_value, piece.bars)


def _metadata(piece: Piece) -> dict[str, Any]:
    return {**piece.metadata(), "tonic_pc": piece.key_value.tonic_pitch_class}


def _hit(piece_id: str, metadata: dict, score: float, why: str, description: str = "") -> Hit:
    return Hit(piece_id, str(metadata["title"]), str(metadata["collection"]), str(metadata["key"]),
               str(metadata["meter"]), int(metadata["bars"]), float(score), why, description)


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 100:
        raise BadInput(f"ask for 1-100 results, not {k!r}")


STOPWORDS = {"a", "an", "the", "in", "of", "for", "me", "some", "find", "with", "and", "or", "to", "like", "that",
             "tunes", "tune", "songs", "song", "pieces", "piece", "melodies", "melody", "ideas", "something", "show"}


def _content_words(query: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9'/#]+", query.lower()) if w not in STOPWORDS and len(w) > 1]


def _stem(word: str) -> str:
    """'jigs' -> 'jig', 'waltzes' -> 'waltz': enough to say which words matched."""
    for ending in ("es", "s"):
        if len(word) > 3 and word.endswith(ending) and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


BLOCK_WORDS = {"degrees": "scale degrees", "intervals": "intervals", "durations": "note lengths",
               "contour": "ups and downs", "transitions": "melodic turns", "interval_pairs": "interval patterns"}


def _music_why(query: list[float], found: list[float], metadata: dict, meter: Meter) -> str:
    """The two fingerprint blocks that agree most, in words."""
    agreements = []
    for name, (start, stop) in BLOCKS.items():
        if name not in BLOCK_WORDS:
            continue
        a, b = query[start:stop], found[start:stop]
        norm = (sum(x * x for x in a) * sum(y * y for y in b)) ** 0.5
        if norm:
            agreements.append((sum(x * y for x, y in zip(a, b)) / norm, BLOCK_WORDS[name]))
    best = sorted(agreements, reverse=True)[:2]
    same_meter = "same meter, " if metadata["meter"] == str(meter) else ""
    return f"{same_meter}similar {' and '.join(f'{words} ({score:.2f})' for score, words in best)}"
