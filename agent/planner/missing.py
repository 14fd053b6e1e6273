"""Requests that name what to do but not the value it needs ("change the key", "load my midi",
"set the tempo"): one question asking for that value, never a call with a guess in it.

Keyed by the intent the reader found (when no call could be built) or by the tool of a call
whose required arguments the request did not give.
"""

from __future__ import annotations

from tools.calls import ToolCall

QUESTIONS: dict[str, str] = {
    "set_key": "Which key should the song move to? (e.g. \"change the key to D minor\"; the notes are transposed)",
    "set_meter": "Which meter should the song be in? (e.g. \"put the song in 3/4\")",
    "set_tempo": "What tempo, in beats per minute? (e.g. \"tempo 96\" or \"10 bpm faster\")",
    "set_title": "What should the song be called? (e.g. \"call the song Low Tide\")",
    "load_midi": "Which file? Give its path (e.g. \"load ~/songs/demo.mid\").",
    "load_reference": "Which reference piece? Give its id from a search (e.g. \"load oneills1850/1136-1175/26\"); "
                      "\"find hornpipes in D\" searches.",
    "checkout": "Which version? /history lists them (e.g. \"go back to v3\").",
    "export_song": "Which file should I write? Give a name ending in .mid, .musicxml or .wav (e.g. \"export to demo.wav\").",
    "critique": "Which file? Give its path (e.g. \"critique ~/songs/demo.mid\"), or say \"critique the song\".",
    "arrange_song": "In what order should the sections play? (e.g. \"play order: verse, chorus, verse, chorus\")",
    "find_rhymes": "Rhymes for which word? (e.g. \"what rhymes with open?\")",
    "count_syllables": "Which words should I count? Give them after a colon (e.g. \"syllables: hold on to the light\").",
    "words": "What are the words? Give them after a colon, one line per sung line (e.g. \"lyrics for the chorus: "
             "hold on, hold on / to the light\").",
}
INTENT_TOOLS = {"load": "load_midi", "load_reference": "load_reference", "checkout": "checkout", "arrange": "arrange_song",
                "rhymes": "find_rhymes", "set_key": "set_key", "set_meter": "set_meter", "set_tempo": "set_tempo",
                "set_title": "set_title", "set_lyrics": "words", "compose_for_words": "words"}


def question_for_intent(intent: str) -> str | None:
    """The question for a step whose intent is clear but whose value is missing (no call)."""
    key = INTENT_TOOLS.get(intent)
    return QUESTIONS.get(key) if key else None


def question_for_call(call: ToolCall) -> str | None:
    """The question for a call that lacks an argument its tool requires (None when complete)."""
    from tools.registry import TOOLS

    tool = TOOLS.get(call.name)
    if tool is None:
        return None
    required = {name for name, field in tool.arguments.model_fields.items() if field.is_required()}
    empty = {name for name, value in call.args.items() if value in ("", None)}
    if call.name == "edit_section" and "semitones" in empty:
        return (f"How far should the {call.args.get('section') or 'section'} move? (e.g. \"up 2 semitones\", \"down an "
                "octave\"; \"it sits too low, same key\" moves it to a higher register instead)")
    if call.name == "regenerate_bars" and "start_bar" in empty:
        return (f"Which bars of the {call.args.get('section') or 'section'}? (e.g. \"bars 5-8\" or \"the last 4 bars\"; "
                "the other bars stay as they are)")
    if not (required - set(call.args)) and not empty:  # "" marks a value the words left out: "critique my midi file"
        return None
    return QUESTIONS.get(call.name, f"What should {call.name.replace('_', ' ')} work on? Say it with the details.")
