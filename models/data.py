"""The training melodies: every monophonic tune that ships inside music21's corpus.

Essen folk songs, O'Neill's Music of Ireland (1850), Ryan's Mammoth Collection, Aird's Airs
and the soprano lines of the Bach chorales, converted to plain note lists (MIDI pitch, onset
and length in ticks of 480 per quarter, bar-aligned so that pickups sit at the end of bar 0)
with meter, key (our key finder, major/minor), collection and title.

The conversion (`python -m models.data`, 2 processes, a progress bar) writes one JSON-lines
file per corpus file under `$COCOMPOSER_CACHE/melodies`; files already converted are skipped,
so an interrupted run resumes. Tunes that change meter, use a meter we cannot bar, or have
fewer than 8 notes are left out. The split is by title (90/5/5), so variants of one tune never
straddle train and test.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

TICKS = 480
CACHE = Path(os.environ.get("COCOMPOSER_CACHE", Path.home() / ".cache" / "cocomposer")) / "melodies"
COLLECTIONS = {  # style token name -> music21 corpus composer/collection name
    "essen": "essenFolksong",
    "oneills": "oneills1850",
    "ryans": "ryansMammoth",
    "airds": "airdsAirs",
    "bach": "bach",
}
MIN_NOTES = 8


@dataclass(frozen=True)
class Tune:
    """One melody of the corpus."""

    title: str
    collection: str
    meter: str
    key: str
    bars: int
    notes: tuple[tuple[int, int, int], ...]  # (pitch, start tick, duration ticks)
    role: str = "none"  # what the section is for in a song (vocab.ROLES); "none" for a whole tune
    chords: tuple[tuple[int | None, str], ...] = ()  # per chord slot (vocab.chord_slots), when known
    song_id: str = ""  # POP909's song number, which fixes a pop section's split

    @property
    def split(self) -> str:
        if self.song_id:
            from models.pop_data import pop_split

            return pop_split(self.song_id)
        return split_of(self.title)


def split_of(title: str) -> str:
    """'train', 'valid' or 'test' (90/5/5), fixed by a hash of the normalised title."""
    normal = re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()
    bucket = int(hashlib.sha1(normal.encode()).hexdigest(), 16) % 100
    return "test" if bucket < 5 else "valid" if bucket < 10 else "train"


def _melody_part(score):
    """The tune's line: the only part, or the top (soprano) part of a chorale."""
    parts = list(score.parts) if hasattr(score, "parts") else []
    return parts[0] if parts else score


def _tune_from_score(score, collection: str, fallback_title: str) -> Tune | None:
    from music21 import chord as m21chord
    from music21 import meter as m21meter
    from music21 import stream

    from song.key_finding import find_key
    from song.meter import Meter
    from song.model import Note

    part = _melody_part(score)
    signatures = {ts.ratioString for ts in part.recurse().getElementsByClass(m21meter.TimeSignature)}
    if len(signatures) != 1:
        return None
    try:
        meter = Meter.parse(signatures.pop())
    except Exception:
        return None
    if meter.numerator == 1:
        return None
    measures = list(part.recurse().getElementsByClass(stream.Measure))
    pickup = Fraction(measures[0].paddingLeft).limit_denominator(48) if measures else Fraction(0)
    notes: list[tuple[int, int, int]] = []
    for element in part.flatten().stripTies().notes:
        length = Fraction(element.quarterLength).limit_denominator(48)
        if length <= 0:
            continue  # grace notes
        pitch = max(p.midi for p in element.pitches) if isinstance(element, m21chord.Chord) else element.pitch.midi
        start = round((Fraction(element.offset).limit_denominator(48) + pickup) * TICKS)
        duration = round(length * TICKS)
        if notes and start < notes[-1][1] + notes[-1][2]:
            previous = notes[-1]
            if start <= previous[1]:
                continue
            notes[-1] = (previous[0], previous[1], start - previous[1])
        notes.append((pitch, start, duration))
    if len(notes) < MIN_NOTES:
        return None
    bar_ticks = int(meter.bar_length * TICKS)
    end = notes[-1][1] + notes[-1][2]
    bars = -(-end // bar_ticks)
    key = find_key([Note(p, Fraction(s, TICKS), Fraction(d, TICKS)) for p, s, d in notes], meter).key
    title = (score.metadata.title if score.metadata and score.metadata.title else fallback_title) or fallback_title
    return Tune(title, collection, str(meter), str(key), bars, tuple(notes))


def _convert_file(job: tuple[str, str, str]) -> int:
    """Convert one corpus file into its cache file; returns how many tunes it holds."""
    from music21 import converter, stream

    collection, source, target = job
    tunes = []
    try:
        parsed = converter.parse(source)
    except Exception:
        parsed = None
    scores = [] if parsed is None else list(parsed.scores) if isinstance(parsed, stream.Opus) else [parsed]
    for index, score in enumerate(scores):
        # The ABC parser shares one TimeSignature object between measures; copies per measure.
        for container in score.recurse().getElementsByClass(stream.Stream):
            for shared in list(container.getElementsByClass("TimeSignature")):
                container.replace(shared, copy.deepcopy(shared))
        try:
            tune = _tune_from_score(score, collection, f"{Path(source).stem} {index}")
        except Exception:
            tune = None
        if tune is not None:
            tunes.append(tune)
    partial = Path(target + ".part")
    with open(partial, "w") as handle:
        for tune in tunes:
            handle.write(json.dumps(tune.__dict__) + "\n")
    partial.replace(target)
    return len(tunes)


def corpus_jobs(collections: set[str] | None = None) -> list[tuple[str, str, str]]:
    """(style name, corpus file, cache file) for every corpus file (of the given style names)."""
    from music21 import corpus

    jobs = []
    for collection, name in COLLECTIONS.items():
        if collections is not None and collection not in collections:
            continue
        for path in sorted(corpus.getComposer(name)):
            if collection == "bach" and path.suffix not in (".mxl", ".xml", ".musicxml"):
                continue
            target = CACHE / f"{collection}-{path.stem}.jsonl"
            jobs.append((collection, str(path), str(target)))
    return jobs


def build_cache(progress: Callable[[int, int, int], None] | None = None, workers: int = 2,
                jobs: list[tuple[str, str, str]] | None = None) -> Path:
    """Convert what is not converted yet (of `jobs`, default all); `progress(done, total, tunes)`
    after each file."""
    CACHE.mkdir(parents=True, exist_ok=True)
    jobs = [job for job in (corpus_jobs() if jobs is None else jobs) if not Path(job[2]).exists()]
    done = tunes = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for count in pool.map(_convert_file, jobs):
            done += 1
            tunes += count
            if progress:
                progress(done, len(jobs), tunes)
    return CACHE


def load_tunes(split: str | None = None, folder: Path | None = None) -> list[Tune]:
    """Every converted tune (of one split when given), in a fixed order."""
    return [tune for path in sorted((folder or CACHE).glob("*.jsonl")) for tune in read_cache_file(path)
            if split is None or tune.split == split]


def read_cache_file(path: Path) -> list[Tune]:
    """The tunes of one converted corpus file, in file order."""
    tunes = []
    for line in path.read_text().splitlines():
        data = json.loads(line)
        tunes.append(Tune(**{**data, "notes": tuple(tuple(n) for n in data["notes"])}))
    return tunes


if __name__ == "__main__":
    from rich.progress import Progress

    with Progress() as bar:
        task = bar.add_task("converting music21's corpus", total=None)

        def show(done: int, total: int, tunes: int) -> None:
            bar.update(task, completed=done, total=total, description=f"converting music21's corpus ({tunes} tunes)")

        build_cache(show)
    tunes = load_tunes()
    counts = {s: sum(1 for t in tunes if t.split == s) for s in ("train", "valid", "test")}
    print(f"{len(tunes)} tunes in {CACHE}: {counts}")
