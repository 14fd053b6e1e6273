"""Song forms learned from POP909's labelled structures: which sections pop songs play in
which order, and how long each kind of section is.

`python -m tools.pop_forms` reads the training songs' first human labels (models/pop_data.py
says how letters become roles) and writes tools/data/pop_forms.json: every form (the order of
roles, instrumental breaks left out because a draft has no band to play them, repeats of one
role in a row merged) with how many songs have it, and per role how many sections run how many
bars. `draw_form` picks a form and section lengths from those counts, seeded.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "pop_forms.json"
MIN_SONGS = 3  # forms drawn from: those at least this many training songs have
DRAFT_BARS = {"intro": (4, 8), "verse": (8, 16), "prechorus": (4, 8), "chorus": (8, 16), "bridge": (4, 8), "outro": (4, 8)}


@dataclass(frozen=True)
class FormPart:
    role: str  # intro, verse, prechorus, chorus, bridge, outro
    bars: int


def song_form(structure: str) -> list[tuple[str, int]]:
    """A structure label as (role, bars) runs: lower-case intro/outro phrases kept, breaks dropped."""
    from models.pop_data import phrases, roles

    melodic = {(p.letter, p.first_bar): role for p, role in roles(structure)}
    runs: list[tuple[str, int]] = []
    for phrase in phrases(structure):
        role = melodic.get((phrase.letter, phrase.first_bar)) or {"i": "intro", "o": "outro"}.get(phrase.letter)
        if role is None:
            continue
        if runs and runs[-1][0] == role:
            runs[-1] = (role, runs[-1][1] + phrase.bars)
        else:
            runs.append((role, phrase.bars))
    return runs


def learn() -> dict[str, object]:
    from models.pop_data import pop_split
    from song.pop909 import load_song, song_ids

    forms: Counter[str] = Counter()
    lengths: dict[str, Counter[int]] = {}
    for song_id in song_ids():
        if pop_split(song_id) != "train" or (song := load_song(song_id)) is None or not song.structure:
            continue
        runs = song_form(song.structure)
        forms[" ".join(role for role, _ in runs)] += 1
        for role, bars in runs:
            lengths.setdefault(role, Counter())[bars] += 1
    return {"forms": [{"roles": form.split(), "songs": count} for form, count in forms.most_common()],
            "bars": {role: {str(bars): count for bars, count in sorted(counts.items())} for role, counts in lengths.items()}}


@lru_cache(maxsize=1)
def learned() -> dict[str, object]:
    return json.loads(DATA.read_text())


def draw_form(seed: int | None = None, require: tuple[str, ...] = ()) -> list[FormPart]:
    """A song form as pop songs have them: the order drawn in proportion to how many training
    songs use it (forms of MIN_SONGS songs or more that have a verse, a chorus and the
    `require`d roles), each kind of section one length (a common one for a draft: DRAFT_BARS),
    repeats the same length."""
    rng = random.Random(seed)
    data = learned()
    needed = {"verse", "chorus", *require}
    forms = [f for f in data["forms"] if f["songs"] >= MIN_SONGS and needed <= set(f["roles"])]  # type: ignore[index]
    form = rng.choices([f["roles"] for f in forms], weights=[f["songs"] for f in forms])[0]
    bars: dict[str, int] = {}
    for role in dict.fromkeys(form):
        allowed = DRAFT_BARS[role]
        counts = data["bars"][role]  # type: ignore[index]
        bars[role] = rng.choices(allowed, weights=[counts.get(str(b), 0) + 1 for b in allowed])[0]
    return [FormPart(role, bars[role]) for role in form]


def main() -> int:
    data = learn()
    DATA.write_text(json.dumps(data, indent=1))
    forms = data["forms"]
    print(f"{sum(f['songs'] for f in forms)} songs, {len(forms)} forms; commonest: "  # type: ignore[index]
          f"{' '.join(forms[0]['roles'])} ({forms[0]['songs']} songs)", file=sys.stderr)  # type: ignore[index]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
