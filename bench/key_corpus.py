"""Tunes with a known key from music21's corpus, written to MIDI without key signatures.

A tune's key is "known" when its final note is the tonic of its key signature's major key or
of the relative minor; other tunes (modal, or ending elsewhere) are skipped. The MIDI files go
to a cache outside git (`$COCOMPOSER_CACHE`, default ~/.cache/cocomposer/key-corpus) with a
manifest, so the key benchmark and the weight tuning read the same files.

`python -m bench.key_corpus` builds it (2 processes, incremental).
"""

from __future__ import annotations

import copy
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

CACHE = Path(os.environ.get("COCOMPOSER_CACHE", Path.home() / ".cache" / "cocomposer")) / "key-corpus"
# (collection, files to take, tunes per file): enough for a tuning split and a test split.
PLAN = (("essenFolksong", 31, 40), ("oneills1850", 39, 10), ("ryansMammoth", 240, 1))
MINOR_OFFSET = 9  # the relative minor's tonic is a major sixth above the major tonic


def _known_key(score) -> str | None:
    from music21 import key as m21key
    from music21 import note as m21note

    signatures = list(score.recurse().getElementsByClass(m21key.KeySignature))
    notes = list(score.recurse().getElementsByClass(m21note.Note))
    if not signatures or len(notes) < 8:
        return None
    major = signatures[0].asKey("major")
    final = notes[-1].pitch.pitchClass
    if final == major.tonic.pitchClass:
        return f"{major.tonic.name.replace('-', 'b')} major"
    minor = signatures[0].asKey("minor")
    if final == minor.tonic.pitchClass:
        return f"{minor.tonic.name.replace('-', 'b')} minor"
    return None


def _strip_and_write(score, path: Path) -> None:
    """Write the tune as MIDI without its key signatures. music21's ABC parser shares one
    TimeSignature object between measures, which breaks write('midi'): each measure gets
    its own copy first."""
    from music21 import key as m21key
    from music21 import meter as m21meter
    from music21 import stream

    for container in [score, *score.recurse().getElementsByClass(stream.Stream)]:
        for signature in list(container.getElementsByClass(m21key.KeySignature)):
            container.remove(signature)
        for shared in list(container.getElementsByClass(m21meter.TimeSignature)):
            container.replace(shared, copy.deepcopy(shared))
    score.write("midi", fp=str(path))


def _convert(job: tuple[str, str, int]) -> list[dict[str, str]]:
    from music21 import converter, stream

    collection, source, per_file = job
    parsed = converter.parse(source, forceSource=False)
    scores = list(parsed.scores) if isinstance(parsed, stream.Opus) else [parsed]
    entries = []
    for index, score in enumerate(scores[:per_file]):
        truth = _known_key(score)
        if truth is None:
            continue
        name = f"{collection}-{Path(source).stem}-{index}.mid"
        target = CACHE / name
        try:
            if not target.exists():
                _strip_and_write(score, target)
        except Exception:  # a tune music21 cannot write is simply not in the corpus
            continue
        title = score.metadata.title if score.metadata and score.metadata.title else name
        entries.append({"file": name, "key": truth, "collection": collection, "source": Path(source).stem, "title": title})
    return entries


def build() -> list[dict[str, str]]:
    from music21 import corpus

    CACHE.mkdir(parents=True, exist_ok=True)
    manifest = CACHE / "manifest.json"
    if manifest.exists():
        return json.loads(manifest.read_text())
    jobs = []
    for collection, files, per_file in PLAN:
        for path in sorted(corpus.getComposer(collection))[:files]:
            jobs.append((collection, str(path), per_file))
    entries: list[dict[str, str]] = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        for done, result in enumerate(pool.map(_convert, jobs), 1):
            entries.extend(result)
            sys.stderr.write(f"\r{done}/{len(jobs)} files, {len(entries)} tunes")
    sys.stderr.write("\n")
    manifest.write_text(json.dumps(entries, indent=1))
    return entries


def signature_fit(entry: dict[str, str]) -> float:
    """Duration share of the tune's notes inside its labelled key's scale (the raised
    seventh counts in minor). Some corpus tunes carry a signature their notes ignore (an
    A major signature over C and G naturals): their label is not a key, so they are modal
    for our purpose and skipped, like tunes that end off the tonic."""
    from song.keys import Key
    from song.midi_file import read_midi

    key = Key.parse(entry["key"])
    allowed = set(key.scale_pitch_classes) | ({(key.tonic_pitch_class + 11) % 12} if key.mode == "minor" else set())
    notes = [n for track in read_midi(CACHE / entry["file"]).tracks for n in track.notes]
    total = sum(n.end - n.start for n in notes)
    inside = sum(n.end - n.start for n in notes if n.pitch % 12 in allowed)
    return inside / total if total else 0.0


FIT_NEEDED = 0.9


def split(entries: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Tuning vs test, by source file: O'Neill's and even-numbered Essen files tune; Ryan's and
    odd Essen files test, so no tune (or file) used for tuning is ever scored. Tunes whose
    notes do not fit their label (`signature_fit`) are left out of both."""
    entries = [e for e in entries if signature_fit(e) >= FIT_NEEDED]
    sources = sorted({e["source"] for e in entries if e["collection"] == "essenFolksong"})
    tuning_essen = set(sources[::2])
    tuning = [e for e in entries if e["collection"] == "oneills1850" or e["source"] in tuning_essen]
    test = [e for e in entries if e not in tuning]
    return tuning, test


if __name__ == "__main__":
    built = build()
    tune, test = split(built)
    print(f"{len(built)} tunes in {CACHE}: {len(tune)} for tuning, {len(test)} for testing")
