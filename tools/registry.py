"""Every tool the agent can call: name, argument schema, and what it does to the session.

This is the contract the LLM, the offline planner and the UI share (`TOOLS` below lists them). Each
tool is a plain function over a `Workspace` (the session and what the last critique found)
with a pydantic argument model whose field descriptions, like the function's docstring, are
written for the LLM. `call_tool` validates the arguments, runs the tool and, when the song
changed, commits one version described in musical terms. Anything wrong (unknown section,
bars out of range, a bad key, a missing file) comes back as `error: ...` text the LLM can
act on; the song is only ever changed by a tool that succeeded.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from song.errors import BadInput, CocomposerError
from song.edits import MAX_SEMITONES
from song.model import Song
from song.roles import free_name
from song.units import HIGHEST_MIDI_PITCH, LOWEST_MIDI_PITCH
from tools.refine_goals import GoalName
from tools.tool import SECTION, Arguments, Tool
from tools.draft_tools import DRAFT_TOOLS
from tools.word_tools import WORD_TOOLS
from tools.workspace import CritiqueOfVersion, ToolCallRecord, ToolResult, Workspace

__all__ = ["TOOLS", "CritiqueOfVersion", "Tool", "ToolCallRecord", "ToolResult", "Workspace", "call_tool"]




def commit_song(workspace: Workspace, song: Song, description: str, data: dict[str, Any] | None = None) -> ToolResult:
    """Commit one version; words a melody change left short are set again first (never lost).
    A change that leaves the song exactly as it was commits nothing (no empty step to undo)."""
    from tools.lyrics import keep_words

    song, kept = keep_words(workspace.song, song)
    description = "; ".join([description, *kept])
    if song == workspace.song:
        return ToolResult(f"nothing changed ({description}); the song stays at v{workspace.session.current_number}", data or {})
    version = workspace.session.commit(song, description)
    return ToolResult(f"v{version.number}: {description}", data or {}, version.number)


# --- composing ---------------------------------------------------------------------------


class ComposeArgs(Arguments):
    section: str = SECTION
    bars: int | None = Field(None, ge=1, le=64, description="length in bars (default: the length the section has, or 8 for a new one; with lyrics, what the words need)")
    key: str | None = Field(None, description="'D minor', 'Bb', 'F# major': any key for a new song, else the song's key or its relative")
    meter: str | None = Field(None, description="only for a new song: '4/4', '3/4', '6/8'")
    tempo: float | None = Field(None, gt=20, lt=400, description="only for a new song: beats per minute")
    style: str | None = Field(None, description="pop, folk, irish, scottish, chorale ... (the model's collections; pop learned from 800 pop songs)")
    mood: str | None = Field(None, description="calm, wistful, hopeful, lively, busy, syncopated, straight ... (sets density and syncopation)")
    like: str | None = Field(None, description="a reference piece id from find_references, or words describing one")
    seed: int | None = Field(None, description="same seed, same melody")
    lyrics: str | None = Field(None, min_length=1, max_length=10_000, description="words to write the melody for, one lyric line per line "
                               "('\\n' between lines): a note per syllable, stressed syllables on strong beats")
    chords: str | None = Field(None, max_length=500, description="a chord chart to write the melody over: 'Am F C G' (a chord a bar, "
                               "repeated to fill the section) or 'C G | Am F' (bars split by |); they become the section's chords")


def compose_section_tool(workspace: Workspace, args: ComposeArgs) -> ToolResult:
    """Write a new melody for a section with our melody model (creates the section, or replaces
    its notes). Use it for "write a verse", "give me an 8-bar chorus in D minor", "a busy
    bridge like an Irish jig". key: any key for an empty song; once the song has a key, that key
    or its relative (a C major chorus in an A minor song). meter/tempo only apply while the
    song is still empty. With lyrics, the melody is written for those words ("write a melody
    for these words", "set this to music"); to fit words to the melody a section already has,
    use set_lyrics instead. With chords ("a melody over Am F C G"), the melody follows them and
    they become the section's chords; a section that already has chords keeps them and its new
    melody follows them. The reply includes a short critique of the result. Example:
    {"section": "chorus", "bars": 8, "mood": "lively"}."""
    from tools.compose import compose_section
    from tools.critique import critique
    from tools.moods import MOODS

    density = syncopation = None
    if args.mood:
        word = next((m for m in MOODS if m in args.mood.lower()), None)
        if word is None:
            raise BadInput(f"unknown mood {args.mood!r} (try one of: {', '.join(MOODS)})")
        density, syncopation = MOODS[word]
    composed = compose_section(workspace.song, args.section, args.bars, args.key, args.meter, args.tempo, args.style,
                               args.seed, density=density, syncopation=syncopation, like=args.like, lyrics=args.lyrics,
                               chords=args.chords)
    result = commit_song(workspace, composed.song, composed.description, {"section": args.section, "warning": composed.warning})
    report = critique(composed.song, args.section)
    workspace.remember_critique(report)
    return dataclasses.replace(result, text=f"{result.text}\ncritique: {report.summary(3)}")


class RegenerateArgs(Arguments):
    section: str = SECTION
    start_bar: int = Field(ge=1, description="first bar to rewrite, 1-based")
    end_bar: int = Field(ge=1, description="last bar to rewrite, 1-based, inclusive")


def regenerate_bars_tool(workspace: Workspace, args: RegenerateArgs) -> ToolResult:
    """Rewrite some bars of a section with the melody model so they fit the bars around them;
    the other bars stay exactly as they are. Use it for "redo bars 5-8", "the last two bars
    are boring". Example: {"section": "verse", "start_bar": 5, "end_bar": 8}."""
    from tools.compose import regenerate_bars

    composed = regenerate_bars(workspace.song, args.section, args.start_bar, args.end_bar)
    return commit_song(workspace, composed.song, composed.description, {"section": args.section})


OPERATIONS = Literal["syncopate", "straighten", "densify", "simplify", "transpose", "invert", "retrograde",
                     "augment", "diminish", "humanize", "vary"]


class EditArgs(Arguments):
    section: str = SECTION
    operation: OPERATIONS = Field(description="syncopate (push notes off the beat), straighten (undo that), densify "
                                  "(more notes), simplify (fewer), transpose, invert, retrograde, augment (slower), "
                                  "diminish (faster), humanize, vary (new pitches, same rhythm)")
    amount: float | None = Field(None, ge=0, le=1, description="how much, 0..1 (default 0.5)")
    semitones: int | None = Field(None, ge=-MAX_SEMITONES, le=MAX_SEMITONES, description="for transpose: + up, - down")
    seed: int | None = Field(None, description="for vary and humanize: same seed, same result")
    axis: int | None = Field(None, ge=LOWEST_MIDI_PITCH, le=HIGHEST_MIDI_PITCH, description="for invert: the MIDI pitch to mirror around (default: the first note)")


def edit_section_tool(workspace: Workspace, args: EditArgs) -> ToolResult:
    """Apply one musical edit to a section and report what changed (before -> after numbers).
    Use it for "make the chorus more syncopated" (syncopate), "busier" (densify), "simpler"
    (simplify), "up a whole step" (transpose, semitones 2), "vary the verse" (vary).
    Example: {"section": "chorus", "operation": "syncopate", "amount": 0.6}."""
    if args.operation == "vary":
        from tools.compose import vary_section

        composed = vary_section(workspace.song, args.section, args.amount if args.amount is not None else 0.5, args.seed)
        return commit_song(workspace, composed.song, composed.description, composed.change.as_dict() if composed.change else {})
    from song.edits import edit_section

    if args.operation == "transpose" and args.semitones is None:
        raise BadInput("transpose needs semitones (e.g. 2 for a whole step up, -3 for a minor third down)")
    song, change = edit_section(workspace.song, args.section, args.operation, args.amount, args.semitones,
                                args.seed if args.seed is not None else 0, args.axis)
    return commit_song(workspace, song, change.describe(), change.as_dict())


class SetSongArgs(Arguments):
    key: str | None = Field(None, description="new key; the notes are transposed: 'E minor', 'Ab major'")
    meter: str | None = Field(None, description="new meter: '3/4', '6/8'")
    tempo: float | None = Field(None, gt=20, lt=400, description="beats per minute")
    title: str | None = Field(None, max_length=200, description="the song's title")
    style: Literal["pop", "folk"] | None = Field(None, description="the song's style, which the critique holds it to "
                                                 "(it guesses otherwise): 'pop', 'folk'")


def set_song_tool(workspace: Workspace, args: SetSongArgs) -> ToolResult:
    """Change song-wide properties: key (transposes every section), meter (re-bars), tempo,
    title, style (what the critique compares it with: "it's a pop song"). Example: {"key": "E minor", "tempo": 96}."""
    from song.song_edits import set_key, set_meter, set_style, set_tempo, set_title

    song, changes = workspace.song, []
    for value, change in ((args.key, set_key), (args.meter, set_meter), (args.tempo, set_tempo), (args.title, set_title),
                          (args.style, set_style)):
        if value is not None:
            song, description = change(song, value)
            changes.append(description)
    if not changes:
        raise BadInput("give at least one of key, meter, tempo, title, style")
    return commit_song(workspace, song, "; ".join(changes))


class HarmonizeArgs(Arguments):
    section: str = SECTION
    style: Literal["simple", "pop", "folk", "jazzy"] = Field("simple", description="simple (I IV V vi), pop (the chords of real pop songs: "
                                                                        "sus2, sevenths, borrowed bVII), folk, jazzy (sevenths)")


def harmonize_section_tool(workspace: Workspace, args: HarmonizeArgs) -> ToolResult:
    """Put chords under a section's melody (replacing its chords), ending with a cadence; the
    reply lists them with roman numerals. Use it for "what chords fit?", "add jazzy chords".
    Example: {"section": "verse", "style": "pop"}."""
    from tools.harmony import harmonize_section

    result = harmonize_section(workspace.song, args.section, args.style)
    chords = [c.symbol for c in result.song.section(args.section).chords]
    return commit_song(workspace, result.song, result.description, {"section": args.section, "chords": chords})


class LyricsArgs(Arguments):
    section: str = SECTION
    text: str = Field(min_length=1, max_length=10_000, description="the words as the songwriter wrote them, one line per sung line")


def set_lyrics_tool(workspace: Workspace, args: LyricsArgs) -> ToolResult:
    """Set words to a section's existing melody: each syllable on a note, stressed syllables on
    strong beats, extra notes holding a syllable, notes split when there are more syllables
    than notes; the reply says what had to change. The melody's pitches stay. Use it for
    "here are the words for the chorus: ...", "fit my lyrics to the verse".
    Example: {"section": "chorus", "text": "Hold on, hold on\nto the light"}."""
    from tools.lyrics import set_lyrics

    result = set_lyrics(workspace.song, args.section, args.text)
    return commit_song(workspace, result.song, result.description, {"section": args.section})


class ArrangeArgs(Arguments):
    form: list[str] = Field(min_length=1, description="section names in play order, e.g. ['verse', 'chorus', 'verse', 'chorus']")


def arrange_song_tool(workspace: Workspace, args: ArrangeArgs) -> ToolResult:
    """Set the play order of the sections (a section may repeat). Example: {"form": ["verse", "chorus", "verse", "chorus"]}."""
    from song.song_edits import arrange_song

    song, description = arrange_song(workspace.song, args.form)
    return commit_song(workspace, song, description)


class CopyArgs(Arguments):
    source: str = Field(description="the section to copy")
    target: str = Field(description="the new section's name")


def copy_section_tool(workspace: Workspace, args: CopyArgs) -> ToolResult:
    """Duplicate a section under a new name (to edit the copy, e.g. 'final chorus').
    Example: {"source": "chorus", "target": "final chorus"}."""
    from song.song_edits import copy_section

    song, description = copy_section(workspace.song, args.source, args.target)
    return commit_song(workspace, song, description)


class CritiqueArgs(Arguments):
    target: str = Field("song", description="'song', a section name, or the path of a MIDI file")


def critique_tool(workspace: Workspace, args: CritiqueArgs) -> ToolResult:
    """Analyse the song, a section or a MIDI file: key, rhythm and harmony measures, and
    findings that name bars and the tool call that would fix them. Use it after composing and
    for "what do you think?", "critique my file song.mid". Example: {"target": "chorus"}."""
    from tools.critique import critique

    song = workspace.song
    if args.target.lower().endswith((".mid", ".midi")):
        report = critique(args.target)
    else:
        report = critique(song, args.target)
        workspace.remember_critique(report)
    return ToolResult(report.summary(5), report.as_dict())


class ReferencesArgs(Arguments):
    query: str | None = Field(None, description="words: 'Irish jigs in D', 'sad waltz', 'Bach chorale'")
    like: str | None = Field(None, description="a section of the song: find pieces whose melody is like it")
    key: str | None = Field(None, description="only pieces in this key")
    meter: str | None = Field(None, description="only pieces in this meter")
    k: int = Field(5, ge=1, le=20, description="how many")


def find_references_tool(workspace: Workspace, args: ReferencesArgs) -> ToolResult:
    """Find reference pieces in the library (music21's folk, fiddle and chorale collections and
    the user's own MIDI) by words or by the sound of a section, for inspiration or to check
    originality. Pass an id to compose_section(like=...) to write in that manner.
    Example: {"query": "Irish jigs in D"}, {"like": "chorus"}, or {"meter": "3/4", "k": 20} to list pieces by a filter alone."""
    from tools.references import find_references

    found = find_references(workspace.song, args.query, args.like, args.key, args.meter, k=args.k)
    return ToolResult(found.text, {"query": args.query or args.like or "", "results": [h.as_dict() for h in found.hits]})


class RefineArgs(Arguments):
    section: str = SECTION
    goal: GoalName = Field(description="stronger cadence (end on the tonic, on a strong beat), end on the tonic "
                           "(only the last note moves), wider range, narrower range, more singable (smaller range "
                           "and leaps), lower register, higher register (the melody sits lower / higher in the same "
                           "key: an octave away or re-voiced), simpler rhythm (less syncopation, fewer kinds of note lengths), catchier "
                           "(a bar's motif comes back)")


def refine_section_tool(workspace: Workspace, args: RefineArgs) -> ToolResult:
    """Improve a section toward one named goal by trying candidates (rewritten bars, edits),
    measuring each and keeping the best, until the goal's target is met or a few rounds are
    done (the result says "target met" or "target not met"); what it does not rewrite
    stays as it was. Use it for "make the chorus easier to sing" (more singable),
    "the range is too wide" (narrower range), "it sits too high, keep the key" (lower register),
    "the ending feels unfinished" (stronger cadence), "make it catchier" (catchier).
    Example: {"section": "chorus", "goal": "more singable"}."""
    from tools.refine import refine_section

    refined = refine_section(workspace.song, args.section, args.goal)
    if refined.song == workspace.song:
        return ToolResult(refined.description, refined.as_dict())
    return commit_song(workspace, refined.song, refined.description, refined.as_dict())


class LoadArgs(Arguments):
    path: str = Field(description="path of a .mid file")
    section: str | None = Field(None, description="import into this section only (default: as the whole song)")


def load_midi_tool(workspace: Workspace, args: LoadArgs) -> ToolResult:
    """Import a MIDI file into the session: as the whole song, or into one section. The melody
    is found automatically (a track named melody/vocal, else the most melodic one).
    Example: {"path": "~/songs/demo.mid"}."""
    from pathlib import Path

    from song.combine import adopt_import
    from song.midi_import import load_midi

    imported = load_midi(Path(args.path).expanduser())
    song = adopt_import(workspace.song, imported.song, args.section)
    where = f"into section '{args.section}'" if args.section else "as the song"
    description = f"loaded {Path(args.path).name} {where}: {imported.song.note_count} notes, key {imported.song.key}"
    return commit_song(workspace, song, description, {"melody_source": imported.melody_source})


class ExportArgs(Arguments):
    path: str = Field(description="output file: .mid, .musicxml or .wav")
    format: Literal["midi", "musicxml", "wav"] | None = Field(None, description="override the format the suffix implies")
    force: bool = Field(False, description="overwrite a file cocomposer did not write: only when the user said so")


def export_song_tool(workspace: Workspace, args: ExportArgs) -> ToolResult:
    """Write the song to a file: MIDI, MusicXML (with chord symbols) or WAV audio. Never
    overwrites a file cocomposer did not write. Example: {"path": "song.mid"}."""
    from pathlib import Path

    from song.export import export_song

    written = export_song(workspace.song, Path(args.path).expanduser(), args.format, force=args.force)
    return ToolResult(f"wrote {written}", {"path": str(written)})


class PlayArgs(Arguments):
    section: str | None = Field(None, description="play only this section (default: the whole song)")


def play_tool(workspace: Workspace, args: PlayArgs) -> ToolResult:
    """Play the song or a section (renders audio; if this machine has no player, writes a WAV
    and says where). Example: {"section": "chorus"}."""
    from tools.playback import play, playable

    return ToolResult(play(playable(workspace.song, args.section)).message)


class LoadReferenceArgs(Arguments):
    id: str = Field(description="a reference piece id from find_references, e.g. 'oneills1850/1136-1175/26'")
    section: str | None = Field(None, description="the new section's name (default 'inspiration', 'inspiration 2', ...)")


def load_reference_tool(workspace: Workspace, args: LoadReferenceArgs) -> ToolResult:
    """Bring a reference piece's melody into the song as a new section (moved to the song's key,
    or its relative), to hear it beside the song or to borrow from it. The song's own sections
    are not touched. Example: {"id": "oneills1850/1136-1175/26", "section": "inspiration"}."""
    from tools.references import reference_as_section, reference_library

    name = args.section or free_name("inspiration", workspace.song.section_names)
    if workspace.song.has_section(name):
        raise BadInput(f"the song already has a section '{name}'; give another name")
    piece = reference_library().get(args.id)
    song, moved = reference_as_section(piece, workspace.song, name)
    return commit_song(workspace, song, f"loaded '{piece.title}' [{piece.id}] as section '{name}'{moved}", {"section": name})


class StepsArgs(Arguments):
    steps: int = Field(1, ge=1, le=100, description="how many versions to move")


def undo_tool(workspace: Workspace, args: StepsArgs) -> ToolResult:
    """Go back to an earlier version of the song (nothing is lost: redo comes back).
    Example: {"steps": 1}."""
    version = workspace.session.undo(args.steps)
    return ToolResult(f"back at v{version.number}: {version.description}", version=version.number)


def redo_tool(workspace: Workspace, args: StepsArgs) -> ToolResult:
    """Go forward again after an undo. Example: {"steps": 1}."""
    version = workspace.session.redo(args.steps)
    return ToolResult(f"forward to v{version.number}: {version.description}", version=version.number)


class CheckoutArgs(Arguments):
    version: int = Field(ge=1, description="the version number, as the history lists it (v3 -> 3)")


def checkout_tool(workspace: Workspace, args: CheckoutArgs) -> ToolResult:
    """Return to any earlier (or later) version from the history; nothing is deleted, and undo
    or checkout comes back. Use it for "go back to version 3". Example: {"version": 3}."""
    version = workspace.session.checkout(args.version)
    return ToolResult(f"at v{version.number}: {version.description}", version=version.number)


TOOLS: dict[str, Tool] = {tool.name: tool for tool in (
    Tool("compose_section", ComposeArgs, compose_section_tool, True),
    Tool("regenerate_bars", RegenerateArgs, regenerate_bars_tool, True),
    Tool("edit_section", EditArgs, edit_section_tool, True),
    Tool("set_song", SetSongArgs, set_song_tool, True),
    Tool("harmonize_section", HarmonizeArgs, harmonize_section_tool, True),
    Tool("set_lyrics", LyricsArgs, set_lyrics_tool, True),
    Tool("arrange_song", ArrangeArgs, arrange_song_tool, True),
    Tool("copy_section", CopyArgs, copy_section_tool, True),
    Tool("critique", CritiqueArgs, critique_tool, False),
    Tool("find_references", ReferencesArgs, find_references_tool, False),
    Tool("refine_section", RefineArgs, refine_section_tool, True),
    Tool("load_midi", LoadArgs, load_midi_tool, True),
    Tool("export_song", ExportArgs, export_song_tool, False),
    Tool("play", PlayArgs, play_tool, False),
    Tool("undo", StepsArgs, undo_tool, True),
    Tool("redo", StepsArgs, redo_tool, True),
    Tool("checkout", CheckoutArgs, checkout_tool, True),
    Tool("load_reference", LoadReferenceArgs, load_reference_tool, True),
    *WORD_TOOLS,
    *DRAFT_TOOLS,
)}


def _problem(error: Any, arguments: type[BaseModel]) -> str:
    """One pydantic validation error in words the LLM and the user act on."""
    where = ".".join(str(p) for p in error["loc"]) or "arguments"
    if error["type"] == "literal_error":
        return f"unknown {where} {error['input']!r} (use one of: {error['ctx']['expected']})"
    field_info = arguments.model_fields.get(str(error["loc"][0])) if error["loc"] else None
    bounds = {name: getattr(m, name) for m in (field_info.metadata if field_info else ()) for name in ("ge", "le", "gt", "lt")
              if getattr(m, name, None) is not None}
    if error["type"] in ("greater_than_equal", "less_than_equal", "greater_than", "less_than") and len(bounds) == 2:
        low, high = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
        return f"{where} must be from {low:g} to {high:g}, got {error['input']!r}"
    return f"{where}: {error['msg']}"


def call_tool(workspace: Workspace, name: str, arguments: dict[str, Any] | None) -> ToolResult:
    """Run one tool call from the LLM or the planner; never raises for the caller's mistakes."""
    tool = TOOLS.get(name)
    if tool is None:
        text = f"there is no tool {name!r}; the tools are: {', '.join(TOOLS)}"
        return ToolResult(f"error: {text}", ok=False, error=BadInput(text))
    try:
        parsed = tool.arguments.model_validate(arguments or {})
    except ValidationError as error:
        problems = "; ".join(_problem(e, tool.arguments) for e in error.errors())
        text = f"bad arguments for {name}: {problems}"
        return ToolResult(f"error: {text}", ok=False, error=BadInput(text))
    try:
        return tool.run(workspace, parsed)
    except CocomposerError as error:
        return ToolResult(f"error: {error}", ok=False, error=error)
    except Exception as error:  # a bug in a tool must not end the chat or touch the song
        return ToolResult(f"error: {name} failed unexpectedly ({type(error).__name__}: {error})", ok=False, error=error)
