"""`cocomposer harmonize`, `render` and `play`: chords under a melody, and the song as sound."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from song.errors import BadInput
from tools.chord_vocabulary import STYLES


def add_parsers(commands: Any) -> None:
    harmonize = commands.add_parser("harmonize", help="put chords under a MIDI file's melody")
    harmonize.add_argument("file", type=Path, metavar="IN.mid")
    harmonize.add_argument("--style", default="simple", choices=STYLES, help="default simple")
    harmonize.add_argument("--section", help="only this section (default: every section)")
    harmonize.add_argument("-o", "--output", metavar="OUT.mid", help="write the harmonized song here (.mid, .musicxml, .wav)")
    harmonize.add_argument("--force", action="store_true", help="overwrite a file cocomposer did not write")
    harmonize.add_argument("--json", action="store_true", help="print the song JSON with its chords")
    harmonize.set_defaults(handler=_harmonize)

    render = commands.add_parser("render", help="render a MIDI file to a WAV file")
    render.add_argument("file", type=Path, metavar="IN.mid")
    render.add_argument("-o", "--output", required=True, metavar="OUT.wav")
    render.add_argument("--force", action="store_true", help="overwrite a file cocomposer did not write")
    render.set_defaults(handler=_render)

    play = commands.add_parser("play", help="play a MIDI file or a session's song")
    play.add_argument("file", type=Path, nargs="?", metavar="IN.mid")
    play.add_argument("--session", dest="play_session", metavar="NAME")
    play.set_defaults(handler=_play)


def _harmonize(args: argparse.Namespace) -> int:
    from song.json_io import song_to_json
    from song.midi_import import load_midi
    from tools.harmony import harmonize_section

    if not args.output and not args.json:
        raise BadInput("give -o OUT.mid or --json")
    song = load_midi(args.file).song
    names = [args.section] if args.section else [s.name for s in song.sections]
    lines = []
    for name in names:
        result = harmonize_section(song, name, args.style)
        song = result.song
        lines.append(result.description)
    if args.output:
        from song.export import export_song

        written = export_song(song, args.output, force=args.force)
        lines.append(f"wrote {written}")
    if args.json:
        print(song_to_json(song))
    else:
        print("\n".join(lines))
    return 0


def _render(args: argparse.Namespace) -> int:
    from song.audio import render_wav
    from song.midi_import import load_midi

    if Path(args.output).suffix.lower() != ".wav":
        raise BadInput(f"{args.output}: render writes .wav files")
    rendered = render_wav(load_midi(args.file).song, args.output, args.force)
    if rendered.note:
        print(rendered.note)
    print(f"wrote {rendered.path}: {rendered.seconds:.1f} s ({rendered.engine}, RMS {rendered.rms:.3f})")
    return 0


def _play(args: argparse.Namespace) -> int:
    from tools.playback import play

    if bool(args.file) == bool(args.play_session):
        raise BadInput("give IN.mid or --session NAME (one or the other)")
    if args.play_session:
        from memory.paths import sessions_database
        from memory.sessions import SessionStore

        with SessionStore(sessions_database()) as store:
            song = store.open(args.play_session).song
    else:
        from song.midi_import import load_midi

        song = load_midi(args.file).song
    if not song.sections:
        raise BadInput("the song has no notes to play yet")
    result = play(song)
    print(result.message)
    if result.process is not None:
        result.process.wait()
    return 0
