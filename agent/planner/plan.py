"""From a request to tool calls: split it into steps, find each step's intent, fill the
arguments from the words and the song. The same calls an LLM would make, from the same
registry (tools/registry.py), so the agent runs them the same way in every mode.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from agent.planner import slots
from agent.planner.arguments import call_for, compose_call, compose_values, mentioned_sections, section_of
from agent.planner.choices import Choice, picked, question
from agent.planner.context import SongContext
from agent.planner.corrections import correction
from agent.planner.intents import normalise
from agent.planner.each_section import BOTH, SECTION_WISE, for_each_section, on_sections, only_sections
from agent.planner.fragments import add_details, overwrite_said, peel_details, song_settings_into_first_section, word_again
from agent.planner.handed_words import lyrics_block, word_blocks
from agent.planner.step_reading import IGNORED, Story, read_step
from agent.planner.steps import ASKING, ASKING_OUTRIGHT, BACK_REFERENCE, NEW_SONG, START_OVER, STATEMENT, joined_steps, split_steps
from agent.planner.limits import limit_line
from agent.planner.doubts import REWRITE_WORDS, doubt, fixes_for_a_complaint, rewrite_or_history
from agent.planner.missing import QUESTIONS, question_for_intent
from agent.planner.open_questions import Step, open_question
from agent.planner.understood import in_words
from agent.planner.word_help import word_help
from song.roles import free_name
from tools.calls import ToolCall
from tools.refine_goals import GOAL_NAMES

__all__ = ["Plan", "SongContext", "ToolCall", "plan", "split_steps"]

@dataclass(frozen=True)
class Plan:
    calls: tuple[ToolCall, ...]
    answer: str | None = None  # a reply needing no tool (greetings, theory questions, a question back)
    choices: tuple[Choice, ...] = ()  # offered in the answer; the next request may pick one
    about: str | None = None  # the section a question back is about: "it" in the answer ("transpose the verse" / "up a 4th")


def plan(text: str, context: SongContext = SongContext()) -> Plan:
    """The tool calls for one request (several for a multi-step one)."""
    from agent.planner.glossary import answer_question, small_talk

    blocks = word_blocks(text)
    if len(blocks) > 1:  # words for the verse, then for the chorus: each block on its own
        plans = [plan(block, context) for block in blocks]
        asking = next((p for p in plans if p.choices), None)
        return asking or Plan(tuple(c for p in plans for c in p.calls), " ".join(p.answer for p in plans if p.answer) or None)
    words, request = lyrics_block(text)  # "here are my lyrics for the chorus: ..." (the words are not a request)
    normal = normalise(request)
    start = context
    if context.choices:  # the last reply asked: is this the answer?
        choice = picked(normal, context.choices)
        if choice is False:
            return Plan((), "OK, I left the song as it is.")
        if isinstance(choice, Choice):
            return Plan(choice.calls)
        declined = re.match(r"\s*(?:no|nope|nah|neither)\b[\s,.!;:-]+(?=\S)", normal, re.IGNORECASE)
        if declined:  # "no. rewrite bars 1-2 instead": the "no" answers the question; the rest is a new request
            return plan(normal[declined.end():], dataclasses.replace(context, choices=()))
    if not context.choices and not context.fixes and re.fullmatch(r"(?:option |number |#)?\d{1,2}|(?:the )?(?:first|second|third|fourth|fifth|last)(?: one)?", normal.strip(" .!?"),
                                            re.IGNORECASE):  # "1" after a list in a tool's answer (titles, references)
        return Plan((), "There is no question of mine open to answer with that; say what to do with it (e.g. \"call the song "
                        "...\" for a title, \"load <id>\" for a reference).")
    corrected = correction(normal, context.last_change, context.names) if words is None else None  # new words are new
    if corrected is not None:
        return Plan(corrected[0], corrected[1])
    calls: list[ToolCall] = []
    section_keys: dict[str, str] = {}  # keys said for one section ("the bridge in F# minor"), for its compose call
    focus = context.focus
    earlier: str | None = None  # the section an earlier step of this request worked on
    answers = []
    offered: tuple[Choice, ...] = ()
    limited = False  # a step no tool can do: the rest of the request is acted on only where clearly read
    chatter: list[str] = []  # small talk, said only when nothing else is done
    waiting: list[ToolCall] = []  # calls on a section the song lacks, offered with writing it first
    about: str | None = None  # the section a question back is about
    bars_said: tuple[str, tuple[int, int]] | None = None  # the last bars the request named, for "rewrite them"
    sentences = split_steps(normal)
    asked_outright = bool(sentences) and bool(ASKING_OUTRIGHT.search(sentences[-1]))  # "... could you write a calm outro?"
    asks = [part for index, part in enumerate(sentences)  # "my bandmate says the verse and the bridge are the same energy.
            if index == len(sentences) - 1 or not STATEMENT.search(part)  # could you make the bridge busier"
            or (ASKING.search(part) and not (asked_outright and not ASKING_OUTRIGHT.search(part)))]
    story = Story.of([part for part in sentences if part not in asks])  # what the sentences before the ask said
    told = {name for part in story.parts for name in mentioned_sections(part, context)}
    for part in story.parts:  # "the middle of the chorus, bars four to five, sounds like a scale exercise. rewrite them"
        section = next(iter(mentioned_sections(part, context)), focus)
        span = slots.bar_range(part, context.bars_of(section)) if section in context.names else None
        bars_said = (section, span) if span else bars_said
    if len(told) == 1:  # the story, then the ask: "it" in the ask is the one section the story named
        focus = earlier = told.pop()
    steps = [piece for part in asks for piece in joined_steps(part)]
    while steps:
        step = steps.pop(0)
        label = not calls and steps and len(step.split()) <= 4 and re.search(rf"(?:^|[.!?]\s*){re.escape(step)}\s*:", normal, re.I)
        if label:  # "bridge: syncopate it 40%": the section the rest is about; "game cue work: ...": a heading, no ask
            named = mentioned_sections(step, context) if only_sections(step, context) else []
            focus, earlier = (named[0], named[0]) if len(named) == 1 else (focus, earlier)
            continue
        if calls and only_sections(step, context):  # "play the bridge, then the chorus": the same again there
            again = on_sections(calls[-1], mentioned_sections(step, context), context)
            calls.extend(again)
            continue
        step = peel_details(step, calls, start)
        if not step or overwrite_said(step, calls):
            continue
        follow = word_again(step, calls)
        if follow is not None:  # "what rhymes with ocean? and gold?"
            calls.append(follow)
            continue
        if START_OVER.fullmatch(step) and context.sections:  # nothing of theirs is thrown away on a guess
            answers.append("Start over how? A new song in a new session (/session NAME; this one stays as it is), or new "
                           "melodies for some sections (e.g. \"rewrite the verse from scratch\")?")
            continue
        new_song = NEW_SONG.fullmatch(step)
        if new_song:  # "new song pls. chorus first, ...": the empty song is the new one
            if new_song.group("title") and not context.sections:  # "new song called 'Ghost Town'"
                calls.append(ToolCall("set_song", {"title": new_song.group("title").strip()}))
            elif not steps:
                answers.append("To start a new song, open a new session: /session NAME (this one stays as it is)." if context.sections
                               else "The song is empty and ready: say what to write first, e.g. \"an 8-bar verse in A minor\".")
            continue
        renamed = RENAME_COPY.fullmatch(step) if calls and calls[-1].name == "copy_section" else None
        if renamed:  # "dupe the chorus and name the copy final chorus": the copy's name
            old, new = calls[-1].args["target"], renamed.group(1).strip().lower()
            calls[-1] = ToolCall("copy_section", {**calls[-1].args, "target": new})
            context = dataclasses.replace(context, sections=tuple((new if n == old else n, b) for n, b in context.sections))
            focus = earlier = new
            continue
        if calls and calls[-1].name == "copy_section":  # "copy the chorus to 'final chorus' and bump the copy up": it
            step = re.sub(r"\bthe (?:copy|duplicate|new one)\b", "it", step, flags=re.IGNORECASE)
        reading = read_step(step, context, story, first=not calls, alone=not (calls or steps), bars_named=bars_said is not None,
                            words_given=words is not None)
        step, intent, sure, second = reading.step, reading.intent, reading.sure, reading.second
        if intent == IGNORED:
            continue
        named = [n for n in mentioned_sections(step, context) if not re.search(r"\b(song|whole|everything)\b", step, re.I)]
        keyed = named[0] if named else earlier if earlier and re.search(r"\bit\b", step, re.IGNORECASE) else None
        if intent == "set_key" and keyed and slots.key(step):  # "the bridge came out in A major. I wanted it in F# minor":
            section_keys[keyed] = slots.key(step)  # that section's key (its next compose takes it), never the song's
            focus = earlier = keyed
            continue
        if intent == "arrange":  # "play order: verse, chorus, then bridge": the form runs on past the splitter's cuts
            while steps and only_sections(steps[0], context):
                step += ", " + steps.pop(0)
        for_words = None  # the words a new melody is written for
        if intent == "limit:lyrics" and words and not re.search(r"\b(finish|complete|continue|next|rest of|what comes)\b", request, re.I):
            # "verse lyrics: 'I drove all night ...'": words handed over are set, not written (but not "finish this line: ...")
            intent = "set_lyrics"
        if intent == "compose" and words:  # "chorus melody in C for: run, run, run / till the morning comes"
            for_words, words = words, None
        if intent in ("set_lyrics", "compose_for_words") and words:
            named = mentioned_sections(step, context)
            again = re.fullmatch(r"(verse|chorus) \d+", named[0]) if intent == "set_lyrics" and named and named[0] not in context.names else None
            if again and again.group(1) in context.names:  # "second verse words: ...": verse 2 sings the verse's tune
                calls.append(ToolCall("copy_section", {"source": again.group(1), "target": named[0]}))
                context = dataclasses.replace(context, sections=context.sections + ((named[0], context.bars_of(again.group(1)) or 8),))
            if intent == "compose_for_words" or (named and named[0] not in context.names):  # no melody there to fit them to
                intent, for_words, words = "compose", words, None
        tune_for = calls[-1].args["section"] if intent in ("compose", "compose_for_words") and not words and calls and \
            calls[-1].name == "set_lyrics" and re.search(r"\b(them|those|these|the words|the lyrics)\b", step, re.I) else None
        if tune_for:  # "here are words for the verse, write a whole new tune around them": a melody for them, not a fit
            intent, for_words = "compose", calls.pop().args["text"]
        if intent == "compose_for_words":
            answers.append(question_for_intent(intent) or "")
            continue
        if intent == "set_lyrics":
            section = section_of(step, context, focus)
            made = next((i for i, c in enumerate(calls) if c.name == "compose_section" and c.args["section"] == section
                         and section not in start.names), None)
            if words and made is not None:  # "I'm writing a song in A minor. here are my words for the verse: ...": one melody, for them
                calls[made] = ToolCall("compose_section", {**calls[made].args, "lyrics": words})
                focus, earlier, words = section, section, None
            elif words and section:
                calls.append(ToolCall("set_lyrics", {"section": section, "text": words}))
                focus = earlier = section
                words = None  # the words go to one section
            else:
                answers.append(question_for_intent("set_lyrics") or "")
            continue
        if intent == "titles" and not context.sections and not words and not calls:  # titles come from the song's words
            answers.append("The song has no words yet, and titles come from them: what are the words? (e.g. \"lyrics for the "
                           "chorus: hold on / to the light\", then \"suggest titles\")")
            continue
        if intent in ("rhymes", "syllables", "titles"):  # help with words: nothing in the song changes
            helped = word_help(intent, step, words, context, focus)
            calls.extend(helped)
            checked = next((c.args["section"] for c in helped if c.args.get("section")), None)
            focus, earlier = (checked, checked) if checked else (focus, earlier)  # "does it fit the bridge? if so set it there"
            if not helped:
                answers.append(QUESTIONS["find_rhymes" if intent == "rhymes" else "count_syllables"])
            continue
        if intent.startswith("limit:"):
            answers.append(limit_line(intent))
            limited = True
            continue
        history_word = intent if intent in ("undo", "redo") else (  # "redo the verse": the history's redo, or a rewrite?
            "redo" if intent in ("compose", "regenerate") and re.search(r"\bre-?do\b", step, re.IGNORECASE) else None)
        if history_word and (slots.sections_mentioned(step, context.names) or slots.bar_range(step, None)):
            intent, sure = rewrite_or_history(intent, step, context)
        elif intent == "redo" and context.can_redo and not slots.sections_mentioned(step, context.names):
            sure = True  # "redo it" right after an undo: the history's redo is what there is to redo
        elif history_word and slots.times(step):
            sure = True  # "undo 3 times", "redo 3 of them": a count of changes is the history's
        new_here = [n for n in mentioned_sections(step, context) if n not in context.names]
        if (intent.startswith("edit:") or intent == "details") and new_here and calls and calls[-1].name == "compose_section":
            intent, sure = "compose", True  # "verse first: 8 bars, D minor. then the chorus, also 8, busier": another new section
        if intent in ("set_key", "set_meter") and calls and calls[-1].name == "find_references" and re.search(r"\b(?:only|just)\b", step, re.I):
            intent = "details"  # "search for reels, key of G only": the search's filter, never the song's key
        if intent == "details":  # "Need a new chorus. 10 bars, A minor.": values for the step before
            if add_details(calls, step, context, start):
                continue
            intent = "unknown"
        if intent == "show_chords":  # the planner has no chords in hand; the song view shows them, changing nothing
            answers.append("The chords are written above the bars in the Song pane; /show SECTION lists a section's notes and "
                           "chords. Nothing was changed. (\"harmonize the chorus jazzy\" writes new ones.)")
            continue
        if intent == "chat":
            chatter.append(small_talk(step))
            continue
        if intent == "theory":
            answers.append(answer_question(step))
            continue
        if intent == "unknown":
            continue
        if intent == "complain" and (steps or (calls and not mentioned_sections(step, context))):  # "ok that's not it. undo
            continue  # twice": the rest says what to do; "export it, I know it's not one of yours, that's fine": a remark
        if intent == "complain":  # "the chorus is boring": which fix is the songwriter's call
            section = section_of(step, context, focus)
            if section and section not in context.names:
                answers.append(_no_such_section(section, context))
                continue
            if section:
                offered = tuple(Choice(in_words(c), tuple(calls) + (c,)) for c in fixes_for_a_complaint(section))
                answers.append(question(f"What should change in the {section}?", offered))
                about = section
                break
            intent = "critique"
        if intent == "apply_fix" and calls and not re.search(r"\b(first|second|third|all|fix(?:es)? \d)\b", step, re.I):
            continue  # "chorus ending is weak. fix that": the step before named the fix
        if intent == "apply_fix" and any(c.name == "critique" for c in calls):  # its fixes are known only once it has run
            answers.append("The critique above lists its fixes: say \"apply the first fix\" (or the second, or all) to apply one.")
            continue
        if intent == "apply_fix":
            if context.fixes:
                calls.extend(context.fixes[i] for i in slots.which_fixes(step, len(context.fixes)))
            elif context.sections and re.search(r"\b(first|second|third|last|all|fix(?:es)? \d|suggest\w*)\b", step, re.I):
                calls.append(ToolCall("critique", {"target": "song"}))  # a reopened session: the critique again, then pick
                answers.append("I had no critique in mind for this version, so here it is again: say which fix to apply.")
            elif context.sections:  # "fix it", no critique of this version in mind: which fix is the songwriter's call
                section = section_of(step, context, focus)
                offered = (Choice("critique the song first (then say which of its fixes to apply)", tuple(calls) + (
                    ToolCall("critique", {"target": "song"}),)),) + tuple(Choice(in_words(c), tuple(calls) + (c,))
                                                                      for c in fixes_for_a_complaint(section)[1:] if section)
                answers.append(question("Fix what? I have no critique of this version in mind.", offered))
                break
            else:
                answers.append("There is nothing to fix yet: compose a section or /load a MIDI file first.")
            continue
        if intent == "export" and len(slots.paths(step)) > 1:  # "as song.mid and as song.wav"
            calls.extend(ToolCall("export_song", {"path": p}) for p in slots.paths(step))
            continue
        if intent == "load" and len(slots.paths(step)) > 1:  # "import ~/a.mid into the verse and ~/b.mid into the chorus"
            step, *more = re.split(r"\s+and\s+(?=\S+\.midi?\b)|,\s*(?=\S+\.midi?\b)", step)
            steps[:0] = [f"load {part}" for part in more]
        said_here = mentioned_sections(step, context)
        span = slots.bar_range(step, context.bars_of(said_here[0] if said_here else focus))
        if intent == "compose" and span and (said_here[0] if said_here else focus) in context.names:
            intent = "regenerate"  # "bars four to five of the chorus sound like a scale exercise": those bars, not the chorus
        if intent == "regenerate" and span and re.search(r"\b(?:rewrite|regenerate|re-?do|redraft|replace|another|different|something else)\b",
                                                         step, re.IGNORECASE):
            sure = True  # "first two bars of the chorus are meh, regen em": the bars and the verb are both said
        if intent == "compose" and said_here and REWRITE_WORDS.search(step) and not re.search(r"\bchords?\b", step, re.IGNORECASE):
            sure = True  # "scrap the bridge entirely": the words say it, however unsure the reader is
        call = call_for(intent, step, context, focus, earlier)
        if call is not None and call.name == "compose_section" and call.args["section"] in section_keys and "key" not in call.args:
            call = ToolCall("compose_section", {**call.args, "key": section_keys[call.args["section"]]})
        loaded = next((c.args["id"] for c in reversed(calls) if c.name == "load_reference" and c.args.get("id")), None)
        if loaded and call is not None and call.name == "compose_section" and "like" not in call.args and re.search(
                r"\b(like (?:it|that|this)|in (?:that|its|the same) (?:manner|style|vein|spirit))\b", step, re.IGNORECASE):
            call = ToolCall("compose_section", {**call.args, "like": loaded})  # "load oneills/... and write a verse like it"
        source = re.search(r"\bfrom (?:the |my |our )?([\w -]+?)\s*$", step, re.IGNORECASE) if call is not None and \
            call.name == "compose_section" and call.args["section"] not in context.names else None
        if source and source.group(1).lower() in context.names:  # "make a final chorus from the chorus": a copy to change
            call = ToolCall("copy_section", {"source": source.group(1).lower(), "target": call.args["section"]})
        if intent == "load_reference" and call is None and any(str(c.args.get("target", "")).lower().endswith((".mid", ".midi")) for c in calls):
            call = call_for("load", step, context, focus, earlier)  # "critique ref.mid then load it in as the song": that file
        if call is not None and call.name == "load_midi" and "path" not in call.args:  # "critique old.mid, then load it into ..."
            named_before = next((p for c in reversed(calls) for p in (c.args.get("target"), c.args.get("path"))
                                 if isinstance(p, str) and p.lower().endswith((".mid", ".midi"))), None)
            call = ToolCall("load_midi", {**call.args, "path": named_before}) if named_before else call
        if for_words is not None and call is not None and call.name == "compose_section":
            call = ToolCall("compose_section", {**call.args, "lyrics": for_words, **({"section": tune_for} if tune_for else {})})
        if call is None and question_for_intent(intent):  # "change the key": which key?
            answers.append(question_for_intent(intent) or "")
            continue
        if call is not None and call.args.get("semitones") == "" and calls and calls[-1].name == "refine_section" and \
                calls[-1].args["goal"].endswith("register"):  # "it sits too low, same key. lift it": said already
            continue
        if call is not None and call.name == "play" and not call.args and earlier and not re.search(
                r"\b(song|whole|everything|all|top)\b", step, re.IGNORECASE) and len({c.args.get("section") for c in calls}) == 1:
            call = ToolCall("play", {"section": earlier})  # "bridge: densify, humanize, then play"
        elif call is not None and call.name == "play" and calls and earlier is None and not said_here:
            call = ToolCall("play", {})  # "key Bb, title 'X', export it, and play it": the song the request worked on
        if span and (said_here or focus):
            bars_said = (said_here[0] if said_here else focus, span)
        elif call is not None and call.name in ("compose_section", "regenerate_bars") and not said_here and BACK_REFERENCE.search(step):
            if bars_said:  # "bars four to five sound like a scale exercise. rewrite them"
                call = ToolCall("regenerate_bars", {"section": bars_said[0], "start_bar": bars_said[1][0], "end_bar": bars_said[1][1]})
            elif earlier and call.name == "compose_section":  # "scrap the bridge and write me a brand new one"
                call = ToolCall("compose_section", {**call.args, "section": earlier})
        asked = open_question(Step(call, step, context, tuple(calls), tuple(said_here), focus)) if call is not None else None
        if asked is not None:  # "speed it up a bit", "change the chords", "export it": the songwriter's call
            answers.append(asked.text)
            about = call.args.get("section") or about
            if asked.choices:
                offered = asked.choices
                break
            continue
        if intent.startswith("refine") and call is None:  # no goal named: ask, never guess one
            section = section_of(step, context, focus)
            offered = tuple(Choice(goal, tuple(calls) + (ToolCall("refine_section", {"section": section, "goal": goal}),))
                            for goal in GOAL_NAMES) if section else ()
            about = section
            answers.append(question(f"What should get better in the {section}?", offered) if offered else
                           "What should get better? Compose a section first.")
            break
        if call is not None and call.name == "compose_section":
            same = next((i for i, c in enumerate(calls) if c.name == "compose_section" and c.args["section"] == call.args["section"]), None)
            if same is not None:  # "I want to write a song... Start with an 8-bar verse in D major": one verse, details merged
                again = call if call.args["section"] in start.names else ToolCall(
                    "compose_section", {**compose_call(step, start).args, "section": call.args["section"]})
                for each in for_each_section(intent, step, again, start, focus, earlier):  # "verse wistful, chorus hopeful"
                    made = next((i for i, c in enumerate(calls) if c.name == "compose_section" and c.args["section"] == each.args["section"]), same)
                    calls[made] = ToolCall("compose_section", {**calls[made].args, **each.args})
                continue
            before = next((i for i in reversed(range(len(calls))) if calls[i].name == "compose_section"), None)
            if before is not None and BOTH.search(step):  # "verse then chorus, both 8 bars, G major": the values go to both
                shared = {k: v for k, v in compose_values(step, start).items() if v is not None and k not in ("meter", "tempo")}
                calls[before] = ToolCall("compose_section", {**calls[before].args, **shared})
        if call is not None and calls and call == calls[-1]:  # "the last 4 bars drag. give me something else there"
            continue
        if limited and not sure:  # "here are my lyrics ... fit the melody to them": the words were about the lyrics
            continue
        missing = call.args.get("section") if call is not None and call.name in SECTION_WISE - {"critique", "play"} else None
        if missing is not None and missing not in context.names and not steps:  # "harmonize the verse" in an empty song
            write = ToolCall("compose_section", {"section": missing})
            then = [c for c in waiting if c.args.get("section") == missing] + ([] if call.name == "regenerate_bars" else [call])
            offered = (Choice(", then ".join([in_words(write) + (" first" if then else "")] + [in_words(c) for c in then]),
                              tuple(calls) + (write, *then)),)
            answers = [a for a in answers if a != _no_such_section(missing, context)]  # one question says it
            has = f" (it has: {', '.join(context.names)})" if context.names else ""
            answers.append(question(f"The song has no {missing} yet{has}. Did you mean:", offered))
            about = missing
            break
        if missing is not None and missing not in context.names:  # "the outro feels unfinished" in a song without an outro
            if _no_such_section(missing, context) not in answers:
                answers.append(_no_such_section(missing, context))
            waiting.append(call)
            focus = earlier = missing  # "..., and give it a stronger ending": still that section, never the one before
            continue
        if call is not None and any(c.calls[-1].name == call.name and c.calls[-1].args.get("section") == call.args.get("section")
                                    for c in start.choices if c.calls):
            sure = True  # "bars 3-6", answering "which bars of the verse?" in its own words: the same kind of change there
        unclear = doubt(call, step, history_word, sure, start, second, focus, earlier) if call is not None and not (
            tune_for and REWRITE_WORDS.search(step)) else None  # "words for the verse; a whole new tune for them": said
        if unclear is not None and any(re.fullmatch(r"(?:just |so |pls |please )?(?:undo|undo that|undo it|go back)[.!]?", s, re.I) for s in steps):
            continue  # "no thats every chorus now, i only wanted the final one. undo": the undo is the ask
        if unclear is not None:  # a reading that would replace notes the words did not clearly name: ask
            intro, options = unclear  # a choice runs what the request asked before the doubtful step, too
            offered = tuple(Choice(c.label, tuple(calls) + c.calls) for c in options)
            answers.append(question(intro, offered))
            about = call.args.get("section") or about
            break
        if call is not None and call.name in SECTION_WISE and not said_here and BOTH.search(step):
            worked_on = list(dict.fromkeys(c.args["section"] for c in calls if c.args.get("section")))[-2:]
            if len(worked_on) == 2:  # "... then a chorus, and put pop chords under both"
                calls += [ToolCall(call.name, {**call.args, "section": name}) for name in worked_on]
                continue
        if call is not None:
            eaches = for_each_section(intent, step, call, context, focus, earlier)
            styles = {c.args["style"] for c in eaches if c.args.get("style")}
            if call.name == "harmonize_section" and styles:  # "harmonize the verse and the chorus with pop chords",
                eaches = [ToolCall(c.name, {**c.args, "style": next(d.args["style"] for d in eaches[i:] + eaches if d.args.get("style"))})
                          for i, c in enumerate(eaches)]  # "verse and chorus pop, bridge jazzy": the next style said
            for each in eaches:
                calls.append(each)
                made = _made_section(each, context)
                like = next((each.args[k] for k in ("like", "target") if each.args.get(k) in context.names), None)  # "critique the bridge, then ... it"
                worked_on = made[0] if made else each.args.get("section") or like
                if worked_on:  # "it" in a later step (song-wide calls leave it)
                    focus = earlier = worked_on
                if each.name == "load_midi" and "section" not in each.args:  # a new song: "it" is the song now
                    focus = earlier = None
                    context = dataclasses.replace(context, sections=(), focus=None)
                if made is not None and made[0] not in context.names:  # later steps see the new section
                    context = dataclasses.replace(context, sections=context.sections + (made,), focus=focus)
    if section_keys and not any(c.name == "compose_section" and c.args["section"] in section_keys for c in calls):
        name, key = next(iter(section_keys.items()))
        answers.append(f"A section's key changes with a new melody: say \"rewrite the {name} in {key}\" (the song's own "
                       "key, or its relative); \"change the song's key to ...\" moves every section.")
    if offered:  # nothing runs while a question is open: the answer decides
        return Plan((), " ".join(answers), offered, about)
    if not calls:
        answers = chatter + answers
    if not calls and not answers:
        answers.append("I'm not sure what to do with that. Try e.g. \"write an 8-bar chorus in D minor\", "
                       "\"make the verse more syncopated\", \"harmonize the chorus\" or \"critique the song\".")
    return Plan(song_settings_into_first_section(_tidy(calls), start, normal), " ".join(answers) if answers else None,
                about=about if not calls else None)


def _tidy(calls: list[ToolCall]) -> list[ToolCall]:
    """One call where a request said one thing twice ("too sparse. more notes"), and one
    set_song (one new version) for song settings said in a row ("tempo 132, meter 6/8, title it 'Static'")."""
    tidy: list[ToolCall] = []
    for call in calls:
        if tidy and call == tidy[-1]:
            continue
        if tidy and call.name == tidy[-1].name == "set_song" and not set(call.args) & set(tidy[-1].args):
            tidy[-1] = ToolCall("set_song", {**tidy[-1].args, **call.args})
            continue
        tidy.append(call)
    return tidy


def _made_section(call: ToolCall, context: SongContext) -> tuple[str, int] | None:
    """The section (and its length in bars, as far as the plan can tell) a call creates."""
    if call.name == "compose_section":
        return call.args["section"], call.args.get("bars", 8)
    if call.name == "copy_section" and call.args.get("target"):
        return call.args["target"], context.bars_of(call.args.get("source")) or 8
    if call.name in ("load_midi", "load_reference") and call.args.get("section"):
        return call.args["section"], 8
    if call.name == "load_reference":  # its own new section, "inspiration" (tools/registry.py)
        return free_name("inspiration", context.names), 8
    return None


def _no_such_section(section: str, context: SongContext) -> str:
    has, write = ", ".join(context.names), f"write {'an' if section[:1] in 'aeiou' else 'a'} {section}"
    return f"The song has no {section} yet" + (f" (it has: {has}); say which one, or \"{write}\"." if has else
                                                 f"; say \"{write}\" to start one.")


RENAME_COPY = re.compile(r"(?:and\s+)?(?:name|call|rename|label|title)\s+(?:(?:the copy|it|the new one|that|the duplicate|the dupe)\s+)?"
                         r"(?!the song\b|this song\b)(?:to\s+|as\s+)?[\"'‘“]?([\w][\w '-]{0,30}?)[\"'’”]?[.!]?", re.IGNORECASE)
