"""Which chord follows which: counted from the human roman-numeral analyses in music21's corpus.

The corpus ships 68 analyses in RomanText: 20 Bach chorales (Riemenschneider numbering,
analysed by Andrew Jones, proofread by Tymoczko and Robb) and 48 Monteverdi madrigals. Each
chord is reduced to a *family*: its root in semitones above the local tonic and its triad
quality ("7:M" is V in major, "2:M" is V/V, "11:d" is vii°), in the mode of the local key, so
sevenths, inversions and modulations all count. The harmonizer (tools/harmony.py) turns the
counts into transition probabilities. `python -m tools.chord_transitions` recounts and
writes tools/data/chord_transitions.json (committed, so nothing is parsed at run time).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "chord_transitions.json"
QUALITY_CODES = {"major": "M", "minor": "m", "diminished": "d", "augmented": "a"}
Counts = dict[str, dict[str, dict[str, int]]]  # mode -> family -> next family -> count


def family(root_offset: int, quality: str) -> str:
    return f"{root_offset % 12}:{quality}"


def analysis_files() -> list[Path]:
    import music21

    corpus = Path(music21.__file__).resolve().parent / "corpus"
    return sorted(corpus.rglob("*.rntxt"))


def analysed_chords(path: Path) -> list[tuple[str, str, float, float]]:
    """(mode, family, offset in quarters, length) for each chord of one analysis, in order."""
    from music21 import converter, roman

    score = converter.parse(str(path), format="romantext")
    chords = []
    for numeral in score.recurse().getElementsByClass(roman.RomanNumeral):
        quality = QUALITY_CODES.get(numeral.quality)
        if quality is None or numeral.key is None:
            continue
        mode = "minor" if numeral.key.mode == "minor" else "major"
        offset = numeral.root().pitchClass - numeral.key.tonic.pitchClass
        chords.append((mode, family(offset, quality), float(numeral.getOffsetInHierarchy(score)), float(numeral.quarterLength)))
    return chords


def count_transitions(chords: list[tuple[str, str, float, float]]) -> Counts:
    counts: Counts = defaultdict(lambda: defaultdict(Counter))  # type: ignore[arg-type]
    for (mode, before, _, _), (next_mode, after, _, _) in zip(chords, chords[1:]):
        if mode == next_mode:
            counts[mode][before][after] += 1
    return {mode: {f: dict(c) for f, c in table.items()} for mode, table in counts.items()}


def merge(tables: list[Counts]) -> Counts:
    total: Counts = {}
    for table in tables:
        for mode, rows in table.items():
            for before, row in rows.items():
                target = total.setdefault(mode, {}).setdefault(before, {})
                for after, count in row.items():
                    target[after] = target.get(after, 0) + count
    return total


@lru_cache(maxsize=1)
def committed_counts() -> Counts:
    return json.loads(DATA.read_text())["counts"]


def main() -> int:
    per_file = {path.name: count_transitions(analysed_chords(path)) for path in analysis_files()}
    counts = merge(list(per_file.values()))
    DATA.write_text(json.dumps({"source": "music21 corpus RomanText analyses (20 Bach chorales, 48 Monteverdi madrigals)",
                                "files": sorted(per_file), "counts": counts}, indent=1, sort_keys=True) + "\n")
    total = sum(c for rows in counts.values() for row in rows.values() for c in row.values())
    print(f"{len(per_file)} analyses, {total} transitions -> {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
