"""A tool call as a songwriter would say it: what the planner understood, in musical terms.

Used twice: in questions ("Did you mean: 1 · rewrite bars 5-8 of the verse") and at the top
of the reply, so the songwriter reads what was understood before the numbers ("Rewrote bars
13-16 of the verse; bars 1-12 kept.")."""

from __future__ import annotations

from tools.calls import ToolCall

EDIT_WORDS = {"syncopate": "more syncopated", "straighten": "straighter (less syncopated)", "densify": "busier",
              "simplify": "simpler (fewer notes)", "invert": "inverted (upside down)", "retrograde": "reversed",
              "augment": "slower notes (twice as long)", "diminish": "faster notes (half as long)",
              "humanize": "humanized (looser timing)", "vary": "varied (new pitches, same rhythm)"}


def in_words(call: ToolCall) -> str:
    """What the call does, as an instruction: 'rewrite bars 5-8 of the verse'."""
    args = call.args
    where = args.get("section", "the song")
    if call.name == "edit_section":
        if args["operation"] == "transpose":
            return f"move the {where} {'up' if args.get('semitones', 0) >= 0 else 'down'} {abs(args.get('semitones', 0))} semitones"
        return f"make the {where} {EDIT_WORDS.get(args['operation'], args['operation'])}"
    if call.name == "refine_section":
        return f"make the {where} {args['goal']}" if args["goal"] in ("catchier", "more singable") else f"give the {where} a {args['goal']}"
    if call.name == "regenerate_bars":
        bars = f"bar {args['start_bar']}" if args["start_bar"] == args["end_bar"] else f"bars {args['start_bar']}-{args['end_bar']}"
        return f"rewrite {bars} of the {where}"
    if call.name == "compose_section":
        details = [f"{args['bars']} bars" if "bars" in args else "", args.get("key", ""), args.get("meter", ""),
                   f"{args['tempo']:g} bpm" if "tempo" in args else "", args.get("mood", ""), args.get("style", "")]
        said = ", ".join(d for d in details if d)
        words = f" for your {len(args['lyrics'].splitlines())}-line lyric" if args.get("lyrics") else ""
        over = f" over {args['chords']}" if args.get("chords") else ""
        return f"write a new melody for the {where}{words}{over}" + (f" ({said})" if said else "")
    if call.name == "write_song":
        details = [args.get("key", ""), f"{args['tempo']:g} bpm" if "tempo" in args else "", args.get("mood", ""),
                   "with a bridge" if args.get("bridge") else "", f"called '{args['title']}'" if args.get("title") else ""]
        said = ", ".join(d for d in details if d)
        return f"write a whole {args.get('style', 'pop')} song draft" + (f" ({said})" if said else "") + \
            " in a form real pop songs use; sections you have are kept"
    if call.name == "set_song":
        return "change the song's " + ", ".join(f"{k} to {v:g} bpm" if k == "tempo" else f"{k} to {v}" for k, v in args.items())
    if call.name == "harmonize_section":
        return f"put {args.get('style', '')} chords under the {where}".replace("put  chords", "put chords")
    if call.name == "critique":
        return f"critique the {args['target']}" if args["target"] == "song" or "." not in args["target"] else f"critique {args['target']}"
    if call.name == "play":
        return f"play the {args['section']}" if "section" in args else "play the song"
    if call.name == "copy_section":
        return f"copy the {args['source']} to '{args['target']}'"
    if call.name in ("undo", "redo"):
        return f"{call.name} the last {args['steps']} changes" if args.get("steps", 1) > 1 else f"{call.name} the last change"
    if call.name == "checkout":
        return f"go back to version {args['version']}"
    if call.name == "arrange_song":
        return "play the sections in the order " + ", ".join(args["form"])
    return call.name.replace("_", " ")


def understood(call: ToolCall, bars_of_section: int | None) -> str:
    """The first line of a reply about a change: what was understood and what was kept."""
    said = "Understood: " + in_words(call)
    if call.name == "regenerate_bars" and bars_of_section:
        first, last = call.args["start_bar"], call.args["end_bar"]
        kept = [f"{a}-{b}" if a != b else f"{a}" for a, b in ((1, first - 1), (last + 1, bars_of_section)) if a <= b]
        return f"{said}; bar{'s' if kept != ['1'] else ''} {' and '.join(kept)} kept, and the other sections." if kept else f"{said}."
    if call.name in ("edit_section", "refine_section", "harmonize_section"):
        return f"{said}; the other sections are untouched."
    return f"{said}."
