"""Descriptions: German Essen headers and fiddle-book rhythms become searchable English words."""

from __future__ import annotations

from memory.abc_headers import AbcHeader, match_headers, read_headers
from memory.descriptions import describe, genre_words, origin_words
from memory.pieces import Piece


def test_origins_in_english() -> None:
    assert origin_words("essenFolksong", AbcHeader("t", origin="Europa, Mitteleuropa, Deutschland, Hessen")) == "German (Hesse)"
    assert origin_words("essenFolksong", AbcHeader("t", origin="China, Shaanxi, Zizhou")) == "Chinese (Shaanxi)"
    assert origin_words("essenFolksong", AbcHeader("t", origin="Luxemburg")) == "Luxembourgish"
    assert origin_words("oneills1850", None) == "Irish"
    assert origin_words("bach", None) == "J. S. Bach"
    assert origin_words("essenFolksong", AbcHeader("t")) == ""


def test_genres_from_rhythm_title_or_a_lively_compound_meter() -> None:
    assert genre_words("oneills1850", AbcHeader("t", rhythm="double jig"), "x", "6/8", 1.0) == "double jig"
    assert genre_words("ryansMammoth", AbcHeader("t", rhythm=" REEL"), "x", "4/4", 2.0) == "reel"
    assert genre_words("essenFolksong", AbcHeader("t", rhythm="Liebes - Lied, Abschied"), "x", "3/4", 1.0) == "love song"
    assert genre_words("ryansMammoth", None, "The Rights of Man Hornpipe", "4/4", 2.0) == "hornpipe"
    assert genre_words("oneills1850", None, "Untitled", "6/8", 2.0) == "jig"
    assert genre_words("oneills1850", None, "Untitled", "6/8", 1.0) == ""  # a slow 6/8 is an air, not a jig
    assert genre_words("essenFolksong", None, "Untitled", "6/8", 2.0) == ""


def test_description_names_what_musicians_search_for() -> None:
    notes = tuple((62 + step, i * 240, 240) for i, step in enumerate([0, 2, 4, 5, 7, 9, 7, 5, 4, 2, 0, 2] * 4))
    piece = Piece("oneills1850/x/0", "The Kesh", "oneills1850", "Irish", "double jig", "D major", "6/8", 8, notes)
    text = describe(piece)
    for words in ("Irish double jig", '"The Kesh"', "D major", "6/8", "8 bars", "lively", "stepwise", "range D4-B4",
                  "O'Neill's Music of Ireland (1850)"):
        assert words in text, (words, text)


def test_headers_are_matched_by_title_even_when_tunes_were_skipped(tmp_path) -> None:
    abc = tmp_path / "t.abc"
    abc.write_text("X:1\nT:First\nR:reel\nK:D\nabc|\n\nX:2\nT:Skipped\nK:G\nd|\n\nX:3\nT:Third\nO:Irland\nR:jig\nK:A\nA|\n")
    headers = read_headers(abc)
    assert [h.title for h in headers] == ["First", "Skipped", "Third"]
    matched = match_headers(["First", "Third"], headers)
    assert [m.rhythm if m else None for m in matched] == ["reel", "jig"]
    assert matched[1].origin == "Irland"
