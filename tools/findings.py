"""Critique findings: what was measured, where, why it matters, and the edit that fixes it.

Each rule reads one section's measures (song/features.py, song/key_finding.py,
song/harmony_analysis.py) and returns findings that name bars and carry the numbers they
rest on. A suggestion is a tool call (a name and arguments of tools/registry.py), so the
agent (or a key press in the TUI) can apply it as it stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from song.chords import parse_chord_symbol
from song.features import SectionFeatures, bar_contents, intervals
from song.harmony_analysis import cadence, chord_at, chord_tones_on_strong_beats, parallels_with_bass
from song.key_finding import KeyEstimate, KeyWindow
from song.keys import Key
from song.limits import COMFORTABLE_RANGE_SEMITONES, LARGE_LEAP_SEMITONES, MONOTONE_RUN_NOTES, UNSINGABLE_LEAP_SEMITONES
from song.meter import Meter
from song.model import Section
from song.roles import role_of
from tools.calls import ToolCall

SEVERITIES = ("warning", "suggestion", "info")
NORMS_FILE = Path(__file__).resolve().parent / "data" / "style_norms.json"
INTERVAL_NAMES = {
    10: "minor seventh", 11: "major seventh", 12: "octave", 13: "minor ninth", 14: "major ninth",
    15: "minor tenth", 16: "major tenth", 17: "eleventh", 19: "twelfth",
}


@dataclass(frozen=True)
class Finding:
    severity: str
    section: str
    bars: tuple[int, int]
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    suggestion: ToolCall | None = None

    @property
    def where(self) -> str:
        """'chorus bar 4' or 'chorus bars 1-8', as a songwriter would say it."""
        first, last = self.bars
        return f"{self.section} bar {first}" if first == last else f"{self.section} bars {first}-{last}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "section": self.section,
            "bars": list(self.bars),
            "message": self.message,
            "evidence": self.evidence,
            "suggestion": None if self.suggestion is None else {"tool": self.suggestion.name, "args": self.suggestion.args},
        }


@dataclass(frozen=True)
class SectionContext:
    """Everything a rule may read about one section."""

    section: Section
    meter: Meter
    key: Key
    features: SectionFeatures
    key_estimate: KeyEstimate
    modulations: tuple[KeyWindow, ...]
    ends_song: bool
    surprise: tuple[float | None, ...] = ()  # the melody model's NLL per note of each bar
    norms: str = "folk"  # which style's percentiles the section is held to (tools/data/style_norms.json)


@lru_cache(maxsize=1)
def style_norms() -> dict[str, Any]:
    """Percentiles of each measure per style: folk tunes, pop melodies, pop verses, pop
    choruses (bench/style_norms.py)."""
    return json.loads(NORMS_FILE.read_text())["styles"]


def norms_for(style: str, section_name: str) -> str:
    """The norms a section is held to: a pop chorus to pop choruses, a pop bridge to pop melodies."""
    if style != "pop":
        return "folk"
    role = role_of(section_name)
    return f"pop {role}" if f"pop {role}" in style_norms() else "pop"


def _norm(context: SectionContext, measure: str) -> dict[str, float]:
    return style_norms()[context.norms]["measures"][measure]


def _label(context: SectionContext) -> str:
    """What the norms were measured on, in words: 'folk tunes', 'pop choruses'."""
    return style_norms()[context.norms]["label"]


def _name(context: SectionContext, pitch: int) -> str:
    return context.key.spell(pitch)


def _runs(bars: list[int]) -> list[tuple[int, int]]:
    """Consecutive bar numbers grouped: [3, 4, 7] -> [(3, 4), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for bar in sorted(set(bars)):
        if runs and bar == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], bar)
        else:
            runs.append((bar, bar))
    return runs


def out_of_key_notes(context: SectionContext) -> list[Finding]:
    """Notes outside the key that are not tones of the chord under them, grouped by bars."""
    meter, key, section = context.meter, context.key, context.section
    flagged: dict[int, list] = {}
    for bar, notes in enumerate(bar_contents(section.notes, meter, section.bars), 1):
        for note in notes:
            chord = chord_at(section.chords, note.start)
            in_chord = chord is not None and note.pitch % 12 in parse_chord_symbol(chord.symbol).pitch_classes
            if not key.contains(note.pitch) and not in_chord:
                flagged.setdefault(bar, []).append(note)
    findings = []
    for first, last in _runs(list(flagged)):
        notes = [n for bar in range(first, last + 1) for n in flagged.get(bar, [])]
        beats = float(sum(n.duration for n in notes))
        strong = sum(1 for n in notes if n.start % meter.beat_length == 0)
        severity = "warning" if beats >= 1 or strong else "info"
        names = ", ".join(_name(context, n.pitch) for n in notes[:4]) + ("..." if len(notes) > 4 else "")
        why = "held or on the beat, they sound like wrong notes" if severity == "warning" else "short and off the beat, they pass as chromatic colour"
        findings.append(Finding(
            severity, section.name, (first, last),
            f"{names} {'is' if len(notes) == 1 else 'are'} outside {key} and not in the chord under {'it' if len(notes) == 1 else 'them'} ({beats:g} beats); {why}",
            {"notes": [n.pitch for n in notes], "beats": round(beats, 3), "on_beat": strong, "in_key_ratio": round(context.features.in_key_ratio, 3)},
            ToolCall("regenerate_bars", {"section": section.name, "start_bar": first, "end_bar": last}) if severity == "warning" else None,
        ))
    return findings


def large_leaps(context: SectionContext) -> list[Finding]:
    """Leaps of a minor seventh or more: hard to sing, and they break the line."""
    section, meter = context.section, context.meter
    findings = []
    for (before, after), step in zip(zip(section.notes, section.notes[1:]), intervals(section.notes)):
        size = abs(step)
        if size < LARGE_LEAP_SEMITONES:
            continue
        bar = int(after.start // meter.bar_length) + 1
        name = INTERVAL_NAMES.get(size, f"{size}-semitone leap")
        typical = _norm(context, "largest_leap")["p90"]
        findings.append(Finding(
            "warning" if size > UNSINGABLE_LEAP_SEMITONES else "suggestion", section.name, (bar, bar),
            f"a leap of {'an' if name[0] in 'aeiou' else 'a'} {name} ({_name(context, before.pitch)} → {_name(context, after.pitch)}, {size} semitones); "
            f"nine in ten {_label(context)} never leap more than {typical:g} semitones",
            {"semitones": size, "from": before.pitch, "to": after.pitch, "corpus_largest_leap_p90": typical},
            ToolCall("regenerate_bars", {"section": section.name, "start_bar": bar, "end_bar": bar}),
        ))
    return findings


def vocal_range(context: SectionContext) -> list[Finding]:
    features, section = context.features, context.section
    if features.notes < 2:
        return []
    span = f"{_name(context, features.lowest)}-{_name(context, features.highest)}"
    if features.pitch_range > COMFORTABLE_RANGE_SEMITONES:
        return [Finding(
            "warning", section.name, (1, section.bars),
            f"the melody spans {features.pitch_range} semitones ({span}), more than the octave and a fifth most singers manage",
            {"pitch_range": features.pitch_range, "lowest": features.lowest, "highest": features.highest, "comfortable": COMFORTABLE_RANGE_SEMITONES},
            ToolCall("refine_section", {"section": section.name, "goal": "more singable"}),
        )]
    narrow = _norm(context, "pitch_range")["p10"]
    if features.pitch_range < narrow and section.bars >= 4:
        return [Finding(
            "suggestion", section.name, (1, section.bars),
            f"the melody only spans {features.pitch_range} semitones ({span}); nine in ten {_label(context)} cover at least {narrow:g}, so it may feel static",
            {"pitch_range": features.pitch_range, "corpus_p10": narrow},
            ToolCall("refine_section", {"section": section.name, "goal": "wider range"}),
        )]
    return []


def rhythm(context: SectionContext) -> list[Finding]:
    """Square or monotonous rhythm, and unusual density, against the corpus percentiles."""
    features, section = context.features, context.section
    findings = []
    if features.notes < 4:
        return findings
    sync_p10, entropy_p10 = _norm(context, "syncopation")["p10"], _norm(context, "duration_entropy")["p10"]
    if features.syncopation <= sync_p10 and features.duration_entropy <= entropy_p10:
        findings.append(Finding(
            "suggestion", section.name, (1, section.bars),
            f"the rhythm is square: nothing off the beat (syncopation {features.syncopation:.2f}) and little variety in note "
            f"lengths ({features.duration_entropy:.2f} bits); nine in ten {_label(context)} have more of one or the other",
            {"syncopation": round(features.syncopation, 3), "duration_entropy": round(features.duration_entropy, 3),
             "corpus_syncopation_p10": sync_p10, "corpus_entropy_p10": entropy_p10},
            ToolCall("edit_section", {"section": section.name, "operation": "syncopate", "amount": 0.4}),
        ))
    density = _norm(context, "note_density")
    if features.note_density > density["p90"] * 1.5:
        findings.append(Finding(
            "info", section.name, (1, section.bars),
            f"{features.note_density:.1f} notes per bar is busy ({_label(context)} p90: {density['p90']:g}); leave the singer room to breathe",
            {"note_density": round(features.note_density, 2), "corpus_p90": density["p90"]},
            ToolCall("edit_section", {"section": section.name, "operation": "simplify", "amount": 0.3}),
        ))
    elif features.note_density < density["p10"] / 1.5:
        findings.append(Finding(
            "info", section.name, (1, section.bars),
            f"{features.note_density:.1f} notes per bar is sparse ({_label(context)} p10: {density['p10']:g})",
            {"note_density": round(features.note_density, 2), "corpus_p10": density["p10"]},
            ToolCall("edit_section", {"section": section.name, "operation": "densify", "amount": 0.3}),
        ))
    return findings


def repetition(context: SectionContext) -> list[Finding]:
    features, section = context.features, context.section
    rep = features.repetition
    if rep.bars_with_notes < 4:
        return []
    if rep.rhythm_repeats == 0:
        return [Finding(
            "suggestion", section.name, (1, section.bars),
            f"none of the {rep.bars_with_notes} bars reuses an earlier bar's rhythm; a repeated rhythmic motif makes a melody easy to remember",
            {"rhythm_repeats": 0, "bars_with_notes": rep.bars_with_notes},
            ToolCall("refine_section", {"section": section.name, "goal": "catchier"}),
        )]
    if rep.pitch_repeats / rep.bars_with_notes > 0.6:
        return [Finding(
            "suggestion", section.name, (1, section.bars),
            f"{rep.pitch_repeats} of {rep.bars_with_notes} bars repeat an earlier bar note for note; vary some pitches to keep it moving",
            {"pitch_repeats": rep.pitch_repeats, "bars_with_notes": rep.bars_with_notes},
            ToolCall("edit_section", {"section": section.name, "operation": "vary", "amount": 0.3}),
        )]
    return []


def repeated_notes(context: SectionContext) -> list[Finding]:
    section, features = context.section, context.features
    if features.longest_repeated_run < MONOTONE_RUN_NOTES:
        return []
    run, start = 1, 0
    for index in range(1, len(section.notes)):
        run = run + 1 if section.notes[index].pitch == section.notes[index - 1].pitch else 1
        if run == features.longest_repeated_run:
            start = index - run + 1
            break
    first = int(section.notes[start].start // context.meter.bar_length) + 1
    last = int(section.notes[start + run - 1].start // context.meter.bar_length) + 1
    return [Finding(
        "info", section.name, (first, last),
        f"{run} notes in a row on {_name(context, section.notes[start].pitch)}; fine for a chant, flat for a tune",
        {"longest_repeated_run": run},
        ToolCall("edit_section", {"section": section.name, "operation": "vary", "amount": 0.3}),
    )]


def ending(context: SectionContext) -> list[Finding]:
    """The song's last section should come home: a tonic ending, a cadence under it."""
    if not context.ends_song or context.features.ending is None:
        return []
    section, end, key = context.section, context.features.ending, context.key
    last_bar = section.bars
    findings = []
    if end.degree not in ("1", "3", "5") or (end.degree != "1" and not end.on_beat):
        findings.append(Finding(
            "warning", section.name, (last_bar, last_bar),
            f"the song ends on scale degree {end.degree} of {key}{'' if end.on_beat else ' off the beat'}, which sounds unfinished; end on the tonic",
            {"final_degree": end.degree, "on_beat": end.on_beat, "on_downbeat": end.on_downbeat},
            ToolCall("regenerate_bars", {"section": section.name, "start_bar": last_bar, "end_bar": last_bar}),
        ))
    if section.chords:
        kind = cadence(section.chords, key)
        if kind in (None, "half", "deceptive"):
            symbols = " → ".join(c.symbol for c in section.chords[-2:])
            findings.append(Finding(
                "suggestion", section.name, (max(1, last_bar - 1), last_bar),
                f"no closing cadence: the chords end {symbols}" + (f" (a {kind} cadence)" if kind else "") + f"; a V → I in {key} would close the song",
                {"last_chords": [c.symbol for c in section.chords[-2:]], "cadence": kind},
                ToolCall("harmonize_section", {"section": section.name}),
            ))
    return findings


def harmony(context: SectionContext) -> list[Finding]:
    section, meter = context.section, context.meter
    if not section.chords or not section.notes:
        return []
    findings = []
    check = chord_tones_on_strong_beats(section.notes, section.chords, meter)
    if check.strong_notes >= 4 and check.ratio < 0.5:
        bars = _runs([bar for bar, _, _ in check.misses])
        first, last = bars[0][0], bars[-1][1]
        findings.append(Finding(
            "warning", section.name, (first, last),
            f"only {check.chord_tones} of {check.strong_notes} on-beat melody notes are chord tones ({check.ratio:.0%}); the melody fights the chords",
            {"chord_tone_ratio": round(check.ratio, 3), "strong_notes": check.strong_notes, "miss_bars": sorted({b for b, _, _ in check.misses})},
            ToolCall("harmonize_section", {"section": section.name}),
        ))
    by_kind: dict[str, list] = {}
    for parallel in parallels_with_bass(section.notes, section.chords, meter):
        by_kind.setdefault(parallel.kind, []).append(parallel)
    for kind, found in by_kind.items():
        first = found[0]
        bars = [p.bar for p in found]
        where = "" if len(bars) == 1 else f" (in bars {', '.join(map(str, bars[:6]))}{'...' if len(bars) > 6 else ''})"
        findings.append(Finding(
            "suggestion", section.name, (bars[0], bars[-1]),
            f"parallel {kind}{where} between melody and bass (first: {_name(context, first.melody[0])} → {_name(context, first.melody[1])} "
            f"over {_name(context, first.bass[0])} → {_name(context, first.bass[1])}) hollow out the sound",
            {"kind": kind, "bars": bars, "melody": list(first.melody), "bass": list(first.bass)},
            ToolCall("harmonize_section", {"section": section.name}),
        ))
    return findings


def section_key(context: SectionContext) -> list[Finding]:
    section, estimate = context.section, context.key_estimate
    findings = []
    if context.features.notes >= 8 and estimate.key != context.key and estimate.confidence >= 0.6:
        findings.append(Finding(
            "info", section.name, (1, section.bars),
            f"this section sounds in {estimate.key} (confidence {estimate.confidence:.2f}) while it is written in {context.key}",
            {"section_key": str(estimate.key), "confidence": estimate.confidence, "song_key": str(context.key)},
            None,
        ))
    for window in context.modulations:
        findings.append(Finding(
            "info", section.name, (window.first_bar, window.last_bar),
            f"bars {window.first_bar}-{window.last_bar} move to {window.estimate.key} (confidence {window.estimate.confidence:.2f})",
            {"key": str(window.estimate.key), "confidence": window.estimate.confidence},
            None,
        ))
    return findings


SURPRISE_MARGIN = 2.0  # nats per note above the section's median bar


def surprising_bars(context: SectionContext) -> list[Finding]:
    """Bars the melody model finds far less expected than the rest of the section."""
    scored = [(bar, value) for bar, value in enumerate(context.surprise, 1) if value is not None]
    if len(scored) < 4:
        return []
    typical = sorted(v for _, v in scored)[len(scored) // 2]
    findings = []
    for bar, value in scored:
        if value >= typical + SURPRISE_MARGIN:
            findings.append(Finding(
                "info", context.section.name, (bar, bar),
                f"unusual for this style: the melody model finds this bar {value / typical:.1f}x as surprising as a typical bar here; "
                f"if it is not a deliberate twist, rewrite it",
                {"nll_per_note": round(value, 2), "section_median": round(typical, 2)},
                ToolCall("regenerate_bars", {"section": context.section.name, "start_bar": bar, "end_bar": bar}),
            ))
    return findings


SECTION_RULES: tuple[Callable[[SectionContext], list[Finding]], ...] = (
    out_of_key_notes, large_leaps, vocal_range, rhythm, repetition, repeated_notes, ending, harmony, section_key,
    surprising_bars,
)


def lift(chorus: SectionContext, verse: SectionContext) -> list[Finding]:
    """A chorus should lift from its verse: higher, busier or more syncopated."""
    c, v = chorus.features, verse.features
    if c.notes < 4 or v.notes < 4:
        return []
    register = (sum(c.tessitura) - sum(v.tessitura)) / 2
    density = c.note_density / v.note_density if v.note_density else 1.0
    syncopation = c.syncopation - v.syncopation
    if register >= 2 or density >= 1.15 or syncopation >= 0.03:
        return []
    name = chorus.section.name
    return [Finding(
        "warning", name, (1, chorus.section.bars),
        f"the {name} does not lift from the {verse.section.name}: its register is {register:+.1f} semitones, "
        f"its density {density:.2f}x and its syncopation {syncopation:+.2f} against the {verse.section.name}",
        {"register_lift": round(register, 2), "density_ratio": round(density, 2), "syncopation_change": round(syncopation, 3),
         "verse": verse.section.name},
        ToolCall("edit_section", {"section": name, "operation": "syncopate", "amount": 0.4}),
    )]


def comparisons(contexts: list[SectionContext]) -> list[Finding]:
    """Sections judged against each other: every chorus against every verse."""
    choruses = [c for c in contexts if role_of(c.section.name) == "chorus"]
    verses = [c for c in contexts if role_of(c.section.name) == "verse"]
    return [finding for chorus in choruses for verse in verses[:1] for finding in lift(chorus, verse)]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.section, f.bars))
