"""The `cocomposer` command: subcommands, exit codes and one-line errors.

Exit codes: 0 ok; 2 bad input (one line `error: ...` on stderr, no traceback); 1 internal
error. Everything heavy is imported inside the handler that needs it, so `--help` stays fast
and imports none of torch, transformers, sentence_transformers, chromadb or langchain.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Callable, NoReturn, Sequence

from song.errors import BadInput, CocomposerError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
DEBUG_VARIABLE = "COCOMPOSER_DEBUG"


class _Parser(argparse.ArgumentParser):
    """argparse with our error contract: one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cocomposer",
        description="A co-composer in your terminal: chat with an agent that writes, critiques "
        "and refines melodies with you. With no command, opens the chat.",
    )
    parser.add_argument("--session", metavar="NAME", help="session to open (default: the last one)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    chat = commands.add_parser("chat", help="open the chat (the default command)")
    chat.add_argument("--session", metavar="NAME", dest="chat_session", help="session to open")
    chat.add_argument("--plain", action="store_true", help="a plain prompt instead of the full-screen app (also when stdin is not a terminal)")
    from ui.agent_cli import add_llm_options

    add_llm_options(chat)
    add_llm_options(parser)
    chat.set_defaults(handler=_chat)

    show = commands.add_parser("show", help="summarise a MIDI file: tempo, meter, key, sections, piano roll")
    show.add_argument("file", help="a .mid file")
    show.add_argument("--json", action="store_true", help="print the song JSON instead")
    show.add_argument("--bars", type=int, default=4, help="bars of piano roll to print (default 4)")
    show.set_defaults(handler=_show)

    sessions = commands.add_parser("sessions", help="list, show or remove sessions")
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    listing = actions.add_parser("list", help="all sessions, most recent first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_sessions_list)
    showing = actions.add_parser("show", help="a session's song and version history")
    showing.add_argument("name")
    showing.add_argument("--json", action="store_true")
    showing.set_defaults(handler=_sessions_show)
    removing = actions.add_parser("rm", help="delete a session and its history")
    removing.add_argument("name")
    removing.set_defaults(handler=_sessions_rm)

    critique = commands.add_parser("critique", help="analyse MIDI files or a session's song: key, measures, findings with fixes")
    critique.add_argument("files", nargs="*", metavar="FILE", help="MIDI files to critique")
    critique.add_argument("--session", metavar="NAME", dest="critique_session", help="critique a session's song instead")
    critique.add_argument("--section", metavar="S", help="only this section (default: the whole song)")
    critique.add_argument("--json", action="store_true", help="one JSON object per file (or for the session)")
    critique.set_defaults(handler=_critique)

    edit = commands.add_parser("edit", help="apply a musical edit to a MIDI file or a session's song")
    edit.add_argument("file", nargs="?", metavar="IN.mid", help="MIDI file to edit (or use --session)")
    edit.add_argument("operation", metavar="OP", help="syncopate, straighten, densify, simplify, transpose, invert, "
                      "retrograde, augment, diminish, humanize or vary")
    edit.add_argument("--amount", type=float, help="0..1, how much (default 0.5)")
    edit.add_argument("--semitones", type=int, help="for transpose")
    edit.add_argument("--axis", type=int, help="for invert: the MIDI pitch to mirror around")
    edit.add_argument("--seed", type=int, default=0, help="for humanize and vary")
    edit.add_argument("--section", help="section to edit (default: the first)")
    edit.add_argument("--session", metavar="NAME", dest="edit_session", help="edit a session's song and commit a version")
    edit.add_argument("-o", "--output", metavar="OUT.mid", help="where to write the edited song (file mode)")
    edit.add_argument("--force", action="store_true", help="overwrite a file cocomposer did not write")
    edit.add_argument("--json", action="store_true", help="print the change and the song JSON")
    edit.set_defaults(handler=_edit)

    lyrics = commands.add_parser("lyrics", help="set words to a section's melody in a session, or write one for them")
    lyrics.add_argument("section", metavar="SECTION")
    lyrics.add_argument("text", nargs="?", metavar="WORDS", help="the words, lines broken by newlines or ' / '")
    lyrics.add_argument("--file", type=Path, metavar="WORDS.txt", help="read the words from a text file")
    lyrics.add_argument("--session", metavar="NAME", dest="lyrics_session", required=True)
    lyrics.add_argument("--new-melody", action="store_true", help="write a new melody for the words (else they are fit to the melody there)")
    lyrics.add_argument("--bars", type=int, metavar="N", help="with --new-melody: bars for the melody (default: what the words need)")
    lyrics.add_argument("--json", action="store_true", help="print the change and the song JSON")
    lyrics.set_defaults(handler=_lyrics)

    generate = commands.add_parser("generate", help="write a new melody with the melody model")
    generate.add_argument("--key", required=True, help="e.g. 'D minor', 'G'")
    generate.add_argument("--meter", required=True, help="e.g. 6/8")
    generate.add_argument("--bars", type=int, required=True)
    generate.add_argument("--tempo", type=float, default=100.0)
    generate.add_argument("--section", default="main", help="name of the section (default main)")
    generate.add_argument("--style", help="folk, irish, scottish, chorale ... (default folk)")
    generate.add_argument("--seed", type=int, help="same seed, same melody")
    generate.add_argument("--temperature", type=float, default=0.9)
    generate.add_argument("-n", type=int, default=1, help="candidates (written as sections main, main-2, ...)")
    generate.add_argument("-o", "--output", metavar="OUT.mid", help="write the song here")
    generate.add_argument("--force", action="store_true")
    generate.add_argument("--json", action="store_true", help="print the song JSON")
    generate.set_defaults(handler=_generate)

    train = commands.add_parser("train", help="train the melody model (resumes an interrupted run)")
    train.add_argument("--minutes", type=float, default=70.0)
    train.add_argument("--threads", type=int, default=1)
    train.set_defaults(handler=_train)

    export = commands.add_parser("export", help="write a session's song as MIDI, MusicXML or WAV audio")
    export.add_argument("--session", required=True, metavar="NAME", dest="export_session")
    export.add_argument("out", help="output file: .mid, .musicxml or .wav")
    export.add_argument("--format", choices=("midi", "musicxml", "wav"), help="override the format the suffix implies")
    export.add_argument("--force", action="store_true", help="overwrite a file cocomposer did not write")
    export.set_defaults(handler=_export)

    from ui import agent_cli, harmony_cli, refs_cli

    refs_cli.add_parser(commands)
    harmony_cli.add_parsers(commands)
    agent_cli.add_parsers(commands)
    return parser


# --- handlers --------------------------------------------------------------------------------


def _store():
    from memory.paths import sessions_database
    from memory.sessions import SessionStore

    return SessionStore(sessions_database())


def _show(args: argparse.Namespace) -> int:
    from song.json_io import song_to_json
    from song.midi_import import load_midi
    from ui.summary import import_summary

    if args.bars < 1:
        raise BadInput("--bars must be at least 1")
    imported = load_midi(args.file)
    print(song_to_json(imported.song, indent=2) if args.json else import_summary(imported, args.bars))
    return EXIT_OK


def _sessions_list(args: argparse.Namespace) -> int:
    from ui.summary import sessions_table

    with _store() as store:
        infos = store.list()
    if args.json:
        print(json.dumps([info.__dict__ for info in infos], indent=2))
    else:
        print(sessions_table(infos))
    return EXIT_OK


def _sessions_show(args: argparse.Namespace) -> int:
    from song.json_io import song_to_dict
    from ui.summary import session_summary

    with _store() as store:
        session = store.open(args.name)
        if args.json:
            payload = {
                "name": session.name,
                "current": session.current_number,
                "versions": [v.__dict__ for v in session.history()],
                "song": song_to_dict(session.song),
            }
            print(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            print(session_summary(session))
    return EXIT_OK


def _sessions_rm(args: argparse.Namespace) -> int:
    with _store() as store:
        store.remove(args.name)
    print(f"removed session {args.name}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from song.export import export_song, format_for

    fmt = format_for(args.out, args.format)
    with _store() as store:
        song = store.open(args.export_session).song
    if fmt == "wav":
        from song.audio import render_wav

        rendered = render_wav(song, args.out, args.force)
        print(f"{rendered.note + chr(10) if rendered.note else ''}wrote {rendered.path} ({rendered.seconds:.1f} s of audio, {rendered.engine})")
        return EXIT_OK
    written = export_song(song, args.out, fmt, force=args.force)
    print(f"wrote {written} ({fmt}, {len(song.sections)} sections, {song.note_count} notes)")
    return EXIT_OK


def _critique(args: argparse.Namespace) -> int:
    from tools.critique import critique

    if bool(args.files) == bool(args.critique_session):
        raise BadInput("give MIDI files or --session NAME (one or the other)")
    target = args.section or "song"
    if args.critique_session:
        with _store() as store:
            reports = [critique(store.open(args.critique_session).song, target)]
    else:
        reports = [critique(path, target) for path in args.files]
    if args.json:
        for report in reports:
            print(json.dumps(report.as_dict(), ensure_ascii=False))
        return EXIT_OK
    from rich.console import Console

    from ui.critique_report import render

    console = Console()
    for report in reports:
        console.print(render(report))
    return EXIT_OK


def _lyrics(args: argparse.Namespace) -> int:
    """Set words, or write a melody for them, through the tool registry (a committed version),
    from the argument or a file."""
    from song.json_io import song_to_dict
    from tools.registry import Workspace, call_tool

    if (args.text is None) == (args.file is None):
        raise BadInput("give the words, or --file WORDS.txt (one of them)")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"{args.file}: cannot read the words ({getattr(error, 'strerror', None) or error})") from None
    else:
        text = "\n".join(line.strip() for line in re.split(r"\s+/\s+|\n", args.text))
    with _store() as store:
        workspace = Workspace(store.open(args.lyrics_session))
        if args.new_melody:
            result = call_tool(workspace, "compose_section", {"section": args.section, "lyrics": text,
                                                              **({"bars": args.bars} if args.bars else {})})
        else:
            result = call_tool(workspace, "set_lyrics", {"section": args.section, "text": text})
        if not result.ok:
            raise result.error or BadInput(result.text.removeprefix("error: "))
        song = workspace.song
    print(json.dumps({"change": result.data, "song": song_to_dict(song)}, ensure_ascii=False) if args.json else result.text)
    return EXIT_OK


def _edit(args: argparse.Namespace) -> int:
    """Through the tool registry, like every change: on the session (a committed version), or
    on a MIDI file through a throwaway session (load, edit, export)."""
    import tempfile

    from memory.sessions import SessionStore
    from song.json_io import song_to_dict
    from tools.registry import ToolResult, Workspace, call_tool

    if args.edit_session and args.file:
        # argparse puts a lone OP into `file` when no IN.mid is given
        raise BadInput("give IN.mid or --session NAME, not both")
    if args.edit_session is None and (args.file is None or args.output is None):
        raise BadInput("give IN.mid OP -o OUT.mid, or --session NAME OP")
    options = {"operation": args.operation, "amount": args.amount, "semitones": args.semitones, "seed": args.seed,
               "axis": args.axis}

    def run(workspace: Workspace, tool: str, arguments: dict) -> ToolResult:
        result = call_tool(workspace, tool, {k: v for k, v in arguments.items() if v is not None})
        if not result.ok:
            raise result.error or BadInput(result.text.removeprefix("error: "))
        return result

    def edit(workspace: Workspace) -> ToolResult:
        song = workspace.song
        section = args.section or (song.sections[0].name if song.sections else "main")
        return run(workspace, "edit_section", {"section": section, **options})

    if args.edit_session:
        with _store() as store:
            workspace = Workspace(store.open(args.edit_session))
            result = edit(workspace)
            edited = workspace.song
        summary = result.text
    else:
        with tempfile.TemporaryDirectory() as folder, SessionStore(Path(folder) / "edit.sqlite3") as store:
            workspace = Workspace(store.open("edit", create=True))
            run(workspace, "load_midi", {"path": str(args.file)})
            result = edit(workspace)
            written = run(workspace, "export_song", {"path": str(args.output), "format": "midi", "force": args.force})
            edited = workspace.song
        summary = f"{result.text.split(': ', 1)[1]}; {written.text}"
    if args.json:
        print(json.dumps({"change": result.data, "song": song_to_dict(edited)}, ensure_ascii=False))
    else:
        print(summary)
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    from models.api import MelodyModel, Request, style_token_name
    from models.sample import SamplingOptions
    from song.json_io import song_to_json
    from song.keys import Key
    from song.meter import Meter
    from song.model import Song

    if not args.output and not args.json:
        raise BadInput("give -o OUT.mid or --json")
    if not 0 < args.temperature <= 2:
        raise BadInput("temperature must be in (0, 2]")
    request = Request(Key.parse(args.key), Meter.parse(args.meter), args.bars, style_token_name(args.style))
    sections = MelodyModel().generate(request, n=args.n, name=args.section,
                                      options=SamplingOptions(temperature=args.temperature, seed=args.seed))
    named = [s if i == 0 else s.replace(name=f"{args.section}-{i + 1}") for i, s in enumerate(sections)]
    song = Song(f"{args.section} in {request.key}", request.key, request.meter, args.tempo, tuple(named))
    if args.output:
        from song.export import export_song

        written = export_song(song, args.output, "midi", force=args.force)
        if not args.json:
            print(f"wrote {written}: {len(named)} x {args.bars} bars in {request.key}, {request.meter}")
    if args.json:
        print(song_to_json(song))
    return EXIT_OK


def _train(args: argparse.Namespace) -> int:
    from models.data import build_cache
    from models.train import train

    build_cache(lambda done, total, tunes: sys.stderr.write(f"\rconverting the corpus: {done}/{total} files, {tunes} tunes"))
    sys.stderr.write("\n")
    loss = train(args.minutes, threads=args.threads)
    print(f"validation loss {loss:.4f}; model written to models/checkpoints/melody")
    return EXIT_OK


def _chat(args: argparse.Namespace) -> int:
    from agent.providers import resolve_provider
    from ui.agent_cli import apply_base_url

    from memory.paths import sessions_database
    from memory.sessions import open_or_start_fresh

    name = getattr(args, "chat_session", None) or args.session
    apply_base_url(args)
    store, note = open_or_start_fresh(sessions_database())  # a damaged database must not lock the user out
    if note:
        sys.stderr.write(f"note: {' '.join(note.split())}\n")
    if sys.stdin.isatty() and sys.stdout.isatty() and not getattr(args, "plain", False):
        from ui.tui.app import CocomposerApp

        with store:
            CocomposerApp(store, name, getattr(args, "llm", None), getattr(args, "model", None), getattr(args, "timeout", None)).run()
        return EXIT_OK
    from ui.repl import run_prompt_loop

    provider = resolve_provider(getattr(args, "llm", None), getattr(args, "model", None), getattr(args, "timeout", None))

    def agent_for(session):
        from agent.agent import Agent
        from tools.registry import Workspace

        return Agent(Workspace(session), provider)

    with store:
        return run_prompt_loop(store, name, agent_factory=agent_for)


# --- entry point -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _chat)
        return handler(args)
    except SystemExit as stop:
        return int(stop.code) if isinstance(stop.code, int) else EXIT_BAD_INPUT
    except BadInput as error:
        _fail(str(error))
        return EXIT_BAD_INPUT
    except CocomposerError as error:
        _fail(str(error))
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the last line of defence: no tracebacks for users
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (set {DEBUG_VARIABLE}=1 to see the traceback)")
        return EXIT_INTERNAL


def _fail(message: str) -> None:
    first_line = " ".join(message.split()) if message else "unknown error"
    sys.stderr.write(f"error: {first_line}\n")


if __name__ == "__main__":
    raise SystemExit(main())
