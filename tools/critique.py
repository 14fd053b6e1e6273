"""Critique: a music21-grounded review of a song, a section, or a MIDI file.

`critique(source, target)` measures the melody (song/features.py), finds the key of the
whole and of each section (song/key_finding.py), reads the harmony when there are chords, and
turns what is off into findings that name bars and propose a tool call (tools/findings.py).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from song.errors import BadInput, CocomposerError
from song.features import SectionFeatures, section_features
from song.harmony_analysis import cadence, chord_tones_on_strong_beats, roman_numeral
from song.key_finding import KeyEstimate, find_key, modulations
from song.model import Chord, Section, Song
from song.style_guess import guess_style, measures
from tools.findings import SECTION_RULES, Finding, SectionContext, comparisons, norms_for, sort_findings
from tools.prosody_findings import prosody


@dataclass(frozen=True)
class HarmonySummary:
    """The chords of a section read in the song's key."""

    numerals: tuple[str, ...]
    cadence: str | None
    chord_tone_ratio: float

    def as_dict(self) -> dict[str, Any]:
        return {"roman_numerals": list(self.numerals), "cadence": self.cadence, "chord_tone_ratio": round(self.chord_tone_ratio, 3)}


def harmony_summary(section: Section, song: Song) -> HarmonySummary | None:
    if not section.chords:
        return None
    key = section.key_in(song.key)
    numerals = tuple(roman_numeral(chord.symbol, key) for chord in section.chords)
    check = chord_tones_on_strong_beats(section.notes, section.chords, song.meter)
    return HarmonySummary(numerals, cadence(section.chords, key), check.ratio)


@dataclass(frozen=True)
class SectionReport:
    name: str
    bars: int
    key: KeyEstimate
    features: SectionFeatures
    harmony: HarmonySummary | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "bars": self.bars, "key": str(self.key.key), "metrics": self.features.metrics(),
            "harmony": None if self.harmony is None else self.harmony.as_dict(),
        }


@dataclass(frozen=True)
class CritiqueReport:
    """What the critique found, in the JSON shape of the critique issue (`as_dict`)."""

    target: str
    file: str | None
    title: str
    key: KeyEstimate
    meter: str
    tempo: float
    bars: int
    features: SectionFeatures
    sections: tuple[SectionReport, ...]
    findings: tuple[Finding, ...]
    melody_source: str | None = None
    style: str = "folk"  # whose norms the findings use
    style_said: str = "said"  # "said", or how sure the guess was

    def as_dict(self) -> dict[str, Any]:
        tempo: float | int = int(self.tempo) if float(self.tempo).is_integer() else self.tempo
        return {
            "target": self.target,
            "file": self.file,
            "key": {
                "name": str(self.key.key),
                "confidence": self.key.confidence,
                "alternatives": [{"name": str(a.key), "score": a.score} for a in self.key.alternatives],
            },
            "meter": self.meter,
            "tempo": tempo,
            "bars": self.bars,
            "style": {"name": self.style, "how": self.style_said},
            "metrics": self.features.metrics(),
            "sections": [s.as_dict() for s in self.sections],
            "findings": [f.as_dict() for f in self.findings],
        }

    def summary(self, limit: int = 5) -> str:
        """A few lines in plain words, for the songwriter and the LLM alike: key, the
        headline numbers, the top findings."""
        other = "folk" if self.style == "pop" else "pop"
        held = f"held to {self.style} norms ({self.style_said}" + (f"; say \"it's {other}\" if not)" if self.style_said != "said" else ")")
        lines = [f"{self.target}: {self.key.key} ({_certainty(self.key.confidence)}), {self.meter}, {self.bars} bars; "
                 f"{describe_features(self.features)}; {held}"]
        for finding in self.findings[:limit]:
            lines.append(f"- [{finding.severity}] {finding.where}: {finding.message}")
        if len(self.findings) > limit:
            lines.append(f"- ... {len(self.findings) - limit} more")
        return "\n".join(lines)


def _certainty(confidence: float) -> str:
    word = "clear" if confidence >= 0.8 else "likely" if confidence >= 0.6 else "uncertain"
    return f"{word}, {confidence:.2f}"


def describe_features(features: SectionFeatures) -> str:
    """The melody's headline numbers as a songwriter would read them ('wnbd' and entropy
    stay in the JSON)."""
    syncopation = ("no syncopation" if features.syncopation < 0.005 else "light syncopation" if features.syncopation < 0.06
                   else "syncopated")
    variety = ("plain" if features.duration_entropy < 0.9 else "varied" if features.duration_entropy < 1.5 else "very varied")
    in_key = "all notes in key" if features.in_key_ratio >= 0.995 else f"{features.in_key_ratio:.0%} of notes in key"
    return (f"{features.note_density:.1f} notes a bar, range {features.pitch_range} semitones, "
            f"{features.leap_ratio:.0%} leaps, {variety} rhythm, {syncopation} ({features.syncopation:.2f}), {in_key}")


MAX_FINDINGS_PER_RULE = 5


def capped(findings: list[Finding]) -> list[Finding]:
    """At most a few findings of one kind per section, the most severe first; the rest are
    folded into one line that names their bars (a piano piece can have hundreds)."""
    if len(findings) <= MAX_FINDINGS_PER_RULE:
        return findings
    ranked = sort_findings(findings)
    kept, rest = ranked[:MAX_FINDINGS_PER_RULE], ranked[MAX_FINDINGS_PER_RULE:]
    bars = sorted({bar for f in rest for bar in f.bars})
    listed = ", ".join(map(str, bars[:12])) + ("..." if len(bars) > 12 else "")
    summary = Finding(
        "info", rest[0].section, (bars[0], bars[-1]),
        f"{len(rest)} more like these (bars {listed})",
        {"more": len(rest), "bars": bars},
        None,
    )
    return kept + [summary]


def critique(source: Song | str | os.PathLike[str], target: str = "song") -> CritiqueReport:
    """Critique a song (or the MIDI file at a path): the whole song, or one section by name."""
    if isinstance(source, Song):
        return critique_song(source, target)
    from song.midi_import import load_midi

    imported = load_midi(source)
    report = critique_song(imported.song, target, file=str(source))
    return dataclasses.replace(report, melody_source=imported.melody_source)


def _whole(song: Song) -> Section:
    """The song as it plays, as one long section (melody and chords in form order)."""
    bars = int(song.total_beats / song.meter.bar_length) if song.sections else 1
    chords = tuple(
        Chord(c.symbol, c.start + offset, c.duration) for section, offset in song.in_form_order() for c in section.chords
    )
    return Section("song", max(1, bars), song.melody(), chords)


def _surprise(section: Section, song: Song) -> tuple[float | None, ...]:
    """Per-bar surprise from the melody model, when it is installed and the meter is one it
    writes; () otherwise (the critique works without a model)."""
    from models.model import CHECKPOINT

    if not section.notes or not (CHECKPOINT / "model.safetensors").exists():
        return ()
    from models import vocab
    from models.api import MODEL_PITCH_RANGE, Request

    if not all(vocab.LOWEST_PITCH <= n.pitch <= vocab.HIGHEST_PITCH for n in section.notes):
        return ()
    from tools.compose import melody_model, model_role

    try:
        pop = song.style == "pop"  # a pop song's bars are surprising or not as pop goes
        request = Request(section.key_in(song.key), song.meter, min(section.bars, 64), "pop" if pop else "essen",
                          low=MODEL_PITCH_RANGE[0], high=MODEL_PITCH_RANGE[1], role=model_role(section.name) if pop else "none")
        request.check()
        return tuple(melody_model().bar_surprise(section, request))
    except CocomposerError:
        return ()


def critique_song(song: Song, target: str = "song", file: str | None = None) -> CritiqueReport:
    if not song.sections:
        raise BadInput("the song has no sections yet: compose or load something to critique")
    if target != "song":
        song.section(target)  # BadInput listing the real sections
    last_name = song.form[-1]
    style, style_said = song_style(song)
    contexts = []
    for section in song.sections:
        key = section.key_in(song.key)  # a section moved on its own (a modulation) is judged in its key
        features = section_features(section, song.meter, key)
        estimate = find_key(section.notes, song.meter, signature=key, chords=section.chords)
        moves = tuple(modulations(section.notes, song.meter, section.bars, estimate.key))
        contexts.append(SectionContext(section, song.meter, key, features, estimate, moves,
                                       section.name == last_name, _surprise(section, song), norms_for(style, section.name)))
    findings = [finding for context in contexts for rule in SECTION_RULES + (prosody,) for finding in capped(rule(context))]
    findings += comparisons(contexts)
    if target != "song":
        findings = [f for f in findings if f.section == target]
        chosen = [c for c in contexts if c.section.name == target]
        whole, bars = chosen[0].section, chosen[0].section.bars
    else:
        chosen, whole = contexts, _whole(song)
        bars = whole.bars
    key = find_key(whole.notes, song.meter, signature=song.key, chords=whole.chords)
    return CritiqueReport(
        target=target,
        file=file,
        title=song.title,
        key=key,
        meter=str(song.meter),
        tempo=song.tempo,
        bars=bars,
        features=section_features(whole, song.meter, song.key),
        sections=tuple(
            SectionReport(c.section.name, c.section.bars, c.key_estimate, c.features, harmony_summary(c.section, song))
            for c in chosen
        ),
        findings=tuple(sort_findings(findings)),
        style=style,
        style_said=style_said,
    )


def song_style(song: Song) -> tuple[str, str]:
    """The style the critique holds the song to, and how it was known: ("pop", "said") when the
    songwriter named it, else the guess from the melody (song/style_guess.py) with its confidence."""
    if song.style:
        return song.style, "said"
    guess = guess_style(measures(song.melody(), song.meter))
    return guess.style, f"guessed, {guess.confidence:.0%} sure"
