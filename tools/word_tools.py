"""The tools for words that change nothing: rhymes, syllable counts, titles (tools/wordcraft.py).
Registered in tools/registry.py beside the others."""

from __future__ import annotations

import dataclasses

from pydantic import Field

from song.model import MELISMA

from tools.tool import Arguments, Tool
from tools.workspace import ToolResult, Workspace


class RhymeArgs(Arguments):
    word: str = Field(min_length=1, max_length=40, description="the word to rhyme, e.g. 'fire'")


def find_rhymes_tool(workspace: Workspace, args: RhymeArgs) -> ToolResult:
    """Rhymes and near rhymes for a word, from the pronouncing dictionary (common words first).
    Use it for "what rhymes with fire?". Example: {"word": "fire"}."""
    from tools.wordcraft import find_rhymes

    rhymes = find_rhymes(args.word)
    return ToolResult(rhymes.text(), {"word": rhymes.word, "perfect": list(rhymes.perfect), "near": list(rhymes.near)})


class SyllableArgs(Arguments):
    text: str | None = Field(None, max_length=10_000, description="the words to count, one line per line; leave out to count a section's words")
    section: str | None = Field(None, description="with text: check the words against this section's melody; "
                                "without: count this section's words")


def count_syllables_tool(workspace: Workspace, args: SyllableArgs) -> ToolResult:
    """Syllables and stress pattern of each line ("da-DUM-da-DUM"), of the given words or of a
    section's words. Given both words and a section with a melody, also says how the words
    would fit it (notes split or held, stresses on strong beats) without changing anything:
    check lines you write this way before set_lyrics, and rewrite them when they do not fit.
    Use it for "how many syllables in ...", "does this line scan?", "would these words fit
    the verse?". Example: {"text": "hold on to the light"}."""
    from song.errors import BadInput
    from tools.wordcraft import syllable_lines

    text = args.text
    if text is None:
        if args.section is None:
            raise BadInput("give the words, or the section whose words to count")
        text = workspace.song.section(args.section).lyrics
        if not text:
            raise BadInput(f"the {args.section} has no words yet")
        return ToolResult(syllable_lines(text))
    if args.section is None:
        return ToolResult(syllable_lines(text))
    from song.lyric_setting import set_words

    section = workspace.song.section(args.section)
    if not section.notes:
        return ToolResult(f"{syllable_lines(text)}\nthe {args.section} has no melody yet: compose_section with these lyrics writes one for them")
    setting = set_words(section.replace(notes=tuple(dataclasses.replace(n, lyric=None) for n in section.notes)), workspace.song.meter, text)
    on_strong, stressed = setting.stressed_on_strong
    spare = sum(n.lyric in (None, MELISMA) for n in setting.section.notes)  # notes holding a syllable or left unsung
    split = len(setting.section.notes) - len(section.notes)
    fits = not split and on_strong == stressed and spare <= max(2, len(section.notes) // 5)
    verdict = "they fit" if fits else ("they do not fit well: too many syllables for its notes" if split else
                                       "they do not fit well: too few syllables for its notes" if spare > len(section.notes) // 5
                                       else "they do not fit well: stresses fall off the strong beats")
    return ToolResult(f"{syllable_lines(text)}\nagainst the {args.section}'s melody ({len(section.notes)} notes), {verdict}: "
                      f"{'; '.join(setting.report)} (nothing was changed)",
                      {"fits": fits, "stressed_on_strong": on_strong, "stressed": stressed})


class TitleArgs(Arguments):
    count: int = Field(5, ge=1, le=10, description="how many titles")


def suggest_titles_tool(workspace: Workspace, args: TitleArgs) -> ToolResult:
    """Titles drawn from the song's words (the most repeated phrase, the chorus's first line,
    short lines with strong stresses), each with why. The song needs words first.
    Use it for "suggest a title". Example: {"count": 5}."""
    from tools.wordcraft import suggest_titles

    titles = suggest_titles(workspace.song, args.count)
    lines = [f"{i}. {t.title} ({t.why})" for i, t in enumerate(titles, 1)]
    return ToolResult("\n".join(lines) + "\nSay \"call the song ...\" to use one.", {"titles": [t.title for t in titles]})


WORD_TOOLS = (
    Tool("find_rhymes", RhymeArgs, find_rhymes_tool, False),
    Tool("count_syllables", SyllableArgs, count_syllables_tool, False),
    Tool("suggest_titles", TitleArgs, suggest_titles_tool, False),
)
