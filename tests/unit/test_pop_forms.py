"""Song forms drawn from POP909's labelled structures (tools/data/pop_forms.json)."""

from __future__ import annotations

from tools.pop_forms import DRAFT_BARS, draw_form, learned, song_form


def test_a_structure_label_reads_as_roles_with_their_bars() -> None:
    assert song_form("i4A8A8B8x2A8B8b4B8o3") == [("intro", 4), ("verse", 16), ("chorus", 8), ("verse", 8), ("chorus", 16), ("outro", 3)]
    assert song_form("i4A4B4C8b4A4B4C8C8o4") == [("intro", 4), ("verse", 4), ("prechorus", 4), ("chorus", 8), ("verse", 4),
                                                ("prechorus", 4), ("chorus", 16), ("outro", 4)]


def test_a_drawn_form_is_one_real_songs_form_seeded_with_draft_lengths() -> None:
    real = {tuple(f["roles"]) for f in learned()["forms"]}
    for seed in range(20):
        form = draw_form(seed)
        assert tuple(p.role for p in form) in real and {"verse", "chorus"} <= {p.role for p in form}
        assert all(p.bars in DRAFT_BARS[p.role] for p in form)
        assert len({(p.role, p.bars) for p in form}) == len({p.role for p in form}), "repeats keep their length"
    assert draw_form(3) == draw_form(3)
    assert all("bridge" in {p.role for p in draw_form(seed, require=("bridge",))} for seed in range(10))
