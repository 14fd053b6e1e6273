"""The planner's reply after its tools ran: what was understood (in musical terms), what
changed (the tools' own words and numbers), what went wrong if anything did, and one next step."""

from __future__ import annotations

from typing import Callable, Sequence

from agent.planner.understood import understood
from tools.calls import ToolCall

SAYS_WHAT_WAS_UNDERSTOOD = {"compose_section", "regenerate_bars", "edit_section", "refine_section", "set_song",
                            "harmonize_section", "copy_section", "arrange_song"}

NEXT_STEP = {
    "compose_section": "Next: harmonize it, make it more syncopated, or play it.",
    "regenerate_bars": "Next: play it to compare, or undo if you liked the old bars better.",
    "edit_section": "Next: play it, or undo if you preferred it before.",
    "set_song": "Next: play it to hear the change.",
    "arrange_song": "Next: play the whole song, or export it.",
    "copy_section": "Next: change the copy, e.g. make it busier or move it up a step.",
    "critique": "Next: say \"apply the first fix\" (or \"the second\", or \"all fixes\").",
    "find_references": "Next: say \"write a bridge like\" and a result's id (in brackets above), or load one as inspiration.",
    "refine_section": "Next: play it, or try another goal (catchier, more singable, stronger cadence).",
    "load_midi": "Next: critique it, or harmonize a section.",
    "export_song": "Anything else to change?",
    "play": "What would you like to change?",
    "undo": "Say redo to come back.",
    "redo": "Next: keep going, or export it.",
}


def _next_step(name: str, call: ToolCall | None) -> str:
    if name == "harmonize_section":  # the styles it has not just used
        others = [s for s in ("simple", "pop", "folk", "jazzy") if call is None or s != call.args.get("style", "simple")]
        return f"Next: play it, or try another style ({', '.join(others)})."
    return NEXT_STEP.get(name, "")


def write_reply(results: list[tuple[str, str]], answer: str | None = None, calls: Sequence[ToolCall] = (),
                bars_of: Callable[[str | None], int | None] = lambda name: None) -> str:
    """`results`: (tool name, what the tool said), in order; `calls`: the calls that gave
    them, so a change is introduced by what was understood ("Rewrote bars 13-16 ...")."""
    lines = []
    for index, (name, text) in enumerate(results):
        call = calls[index] if index < len(calls) else None
        if call is not None and call.name == name in SAYS_WHAT_WAS_UNDERSTOOD and not text.lower().startswith("error"):
            lines.append(understood(call, bars_of(call.args.get("section"))))
        first_lines = text.strip().splitlines()[:6]
        lines.append("\n".join(first_lines))
        if text.lower().startswith("error"):
            lines.append("Nothing else was changed.")
            break
    if answer:
        lines.append(answer)
    ok = [name for name, text in results if not text.lower().startswith("error")]
    if ok and not results[-1][1].lower().startswith("error"):
        lines.append(_next_step(ok[-1], calls[len(results) - 1] if len(calls) >= len(results) else None))
    return "\n".join(line for line in lines if line)
