"""Composing with the melody model: new sections and regenerated bars.

These are the song-level operations behind the `compose_section` and `regenerate_bars`
tools: they take a Song, ask the model for a few candidates in one batch, keep the one that
does what was asked (models/choose.py) and return the new song.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from models.api import MODEL_PITCH_RANGE, MelodyModel, Request, style_token_name, typical
from models.tokens import slot_chords
from models.choose import best_candidate
from models.sample import SamplingOptions
from models.words_grammar import WordsPlan, plan_words
from song.change import Change, describe_change
from song.errors import BadInput
from song.features import note_density, tessitura
from song.features import syncopation as measured_syncopation
from song.keys import Key
from song.meter import Meter
from song.lyric_setting import stresses_on_strong
from song.model import MELISMA, Section, Song
from song.chord_chart import chart_chords
from song.model import Chord
from song.roles import role_of
from song.words import syllabify

CANDIDATES = 4
DEFAULT_BARS = 8
# what a section's role (song/roles.py) is to the model (models/vocab.ROLES, learned from POP909's labels)
MODEL_ROLES = {"intro": "intro", "verse": "verse", "pre-chorus": "prechorus", "chorus": "chorus", "post-chorus": "chorus",
               "bridge": "bridge", "solo": "bridge", "interlude": "bridge", "breakdown": "bridge", "outro": "outro"}
LIFT_SEMITONES, LIFT_DENSITY, LIFT_CEILING = 2, 1.2, 88  # a chorus over its verse: higher, busier, at most E6


@lru_cache(maxsize=1)
def melody_model() -> MelodyModel:
    return MelodyModel()


@dataclass(frozen=True)
class Composed:
    song: Song
    description: str
    candidates: int
    nll_per_note: float
    warning: str | None = None  # set when the melody follows a known tune too closely
    change: Change | None = None  # for edits through the model (vary): the measured before -> after


def compose_section(
    song: Song, section: str, bars: int | None = None, key: str | None = None, meter: str | None = None,
    tempo: float | None = None, style: str | None = None, seed: int | None = None,
    temperature: float = 0.9, density: float | None = None, syncopation: float | None = None,
    like: str | None = None, lift: bool = True, lyrics: str | None = None, chords: str | None = None,
) -> Composed:
    """A new melody for `section` (created, or replaced), in the song's key and meter unless
    the song is still empty, when `key`, `meter` and `tempo` set them. `like` (a reference id
    or words) borrows a reference piece's collection as the style and its density and
    syncopation where none are given. A chorus (refrain, hook) of a song with a verse is
    written above the verse and a little busier (`chorus_lift`) unless `lift` is False. With
    `lyrics`, the melody is written for the words (models/words_grammar.py): a note per
    syllable, stresses on strong beats, each line in bars of its own; `bars` then defaults to
    what the words need (else the section's length when it has notes, else 8). The result is
    checked against the reference library. `chords` ("Am F C G", a chord a bar, looped; "C G | Am F")
    become the section's chords and the melody is written over them; without them, a section
    that has chords keeps them and its new melody follows them."""
    from tools.references import closest_known_tune, resolve_reference

    if song.sections and meter and Meter.parse(meter) != song.meter:
        raise BadInput(f"the song is in {song.meter}; change its meter with set_song, then compose")
    base = song if song.sections else song.replace(
        key=Key.parse(key) if key else song.key, meter=Meter.parse(meter) if meter else song.meter,
        tempo=float(tempo) if tempo else song.tempo,
    )
    section_key = section_key_for(song, key) if song.sections and key else base.key
    style_name = style_token_name(style) if style or song.style != "pop" else "pop"  # a pop song's sections are pop
    borrowed = ""
    if like:
        piece = resolve_reference(like)
        notes, reference_meter = piece.note_objects(), piece.meter_value
        style_name = piece.style
        density = density if density is not None else note_density(notes, piece.bars)
        syncopation = syncopation if syncopation is not None else measured_syncopation(notes, reference_meter)
        borrowed = f", in the manner of '{piece.title}' [{piece.id}]"
    window = chorus_lift(base, section) if lift and not like and style_name != "pop" else None  # pop learned its choruses
    if window is not None and density is None:
        density = window[2]
    plan = plan_words(syllabify(lyrics).syllables, base.meter, bars) if lyrics is not None else None
    if plan is not None:
        bars = plan.bars
        density = density if density is not None else len(plan.syllables) / plan.bars
    existing = next((s for s in song.sections if s.name == section), None)
    bars = bars or (existing.bars if existing is not None else DEFAULT_BARS)  # a new melody keeps the section's length
    under = chart_chords(chords, bars, base.meter) if chords else kept_chords(existing, bars, base.meter)
    request = Request(section_key, base.meter, bars, style_name,
                      density if density is not None else typical(style_name)["density"],
                      syncopation if syncopation is not None else typical(style_name)["syncopation"],
                      **({"low": window[0], "high": window[1]} if window else {}), role=model_role(section),
                      chords=slot_chords(under, bars, str(base.meter)) if plan is None else ())
    model = melody_model()
    options = SamplingOptions(temperature=temperature, seed=seed)
    candidates = model.generate_for_words(request, plan, CANDIDATES, section, options) if plan is not None \
        else model.generate(request, n=CANDIDATES, name=section, options=options)
    nll, best = best_candidate(model, candidates, request)
    if lyrics is not None:
        best = best.replace(lyrics=lyrics.strip())
    if under:
        best = best.replace(chords=under)
    composed = base.with_section(best)
    verb = "replaced" if song.has_section(section) else "new"
    in_key = f"{section_key}" + (f" (the relative key of the song's {base.key})" if section_key != base.key else "")
    lifted = ", set above the verse" if window else ""
    if under:
        lifted += f", over {'the chords ' + chords.strip() if chords else 'its chords'}"
    description = f"{section}: {verb} {bars}-bar melody in {in_key}, {base.meter}{borrowed}{lifted} ({len(best.notes)} notes, best of {CANDIDATES})"
    if plan is not None:
        description += "; " + words_report(plan, best, base.meter)
    closeness = closest_known_tune(best, composed)
    warning = closeness.warning() if closeness else None
    return Composed(composed, description + (f"; {warning}" if warning else ""), CANDIDATES, nll, warning)


def model_role(section: str) -> str:
    """The model's role token for a section name ("final chorus" -> "chorus"; "none" when the name says nothing)."""
    return MODEL_ROLES.get(role_of(section) or "", "none")


def kept_chords(existing: Section | None, bars: int, meter: Meter) -> tuple[Chord, ...]:
    """The chords a section being rewritten keeps: those inside its new length (cut at its end)."""
    if existing is None:
        return ()
    end = bars * meter.bar_length
    return tuple(c if c.end <= end else Chord(c.symbol, c.start, end - c.start) for c in existing.chords if c.start < end)


def words_report(plan: WordsPlan, section: Section, meter: Meter) -> str:
    """How the words were set, in a songwriter's terms: lines and their bars, syllables,
    stresses, melismas, and any words whose syllables were guessed."""
    held = sum(n.lyric == MELISMA for n in section.notes)
    bars = " + ".join(str(b) for b in plan.line_bars)
    lines = len(plan.line_bars)
    on_strong, stressed = stresses_on_strong(section, meter)
    said = (f"written for the words: {lines} line{'s' if lines != 1 else ''} in {bars} bars, one note per syllable "
            f"({len(plan.syllables)}), {on_strong} of {stressed} stressed syllables on strong beats")
    if held:
        said += f", {held} note{'s' if held != 1 else ''} holding a line's last syllable"
    guessed = syllabify(section.lyrics).guessed
    if guessed:
        said += f"; syllables guessed from the spelling for: {', '.join(guessed[:5])}"
    return said


def chorus_lift(song: Song, section: str) -> tuple[int, int, float] | None:
    """For a chorus (refrain, hook) of a song that has a verse: a pitch window starting a
    little above the verse's lower quartile, and a fifth more notes per bar, so that the chorus
    lifts (the critique's `lift` rule checks register, density and syncopation against the
    verse). None for other sections."""
    if role_of(section) != "chorus":
        return None
    verse = next((s for s in song.sections if role_of(s.name) == "verse" and len(s.notes) >= 4), None)
    if verse is None:
        return None
    lower_quartile, _ = tessitura(verse.notes)
    span = max(p.pitch for p in verse.notes) - min(p.pitch for p in verse.notes)
    low = min(int(round(lower_quartile)) + LIFT_SEMITONES, LIFT_CEILING - 12)
    high = min(LIFT_CEILING, low + max(12, span + 2))
    return low, high, note_density(verse.notes, verse.bars) * LIFT_DENSITY


def section_key_for(song: Song, key: str) -> Key:
    """The key for a new section of a song that has one already: the song's key or its
    relative (same notes, other tonic: an A minor verse, a C major chorus). A key with other
    notes would need the whole song moved, which set_song does."""
    wanted = Key.parse(key)
    if set(wanted.scale_pitch_classes) == set(song.key.scale_pitch_classes):
        return wanted
    relative = f" or its relative {song.key.relative}" if song.key.relative else ""
    raise BadInput(f"the song is in {song.key}; a new section can be in {song.key}{relative} "
                   f"(same notes). To move the whole song to {wanted}, change its key with set_song (the notes are transposed)")


def regenerate_bars(song: Song, section: str, start_bar: int, end_bar: int, seed: int | None = None, temperature: float = 0.9) -> Composed:
    """New bars start_bar..end_bar (1-based, inclusive) written to fit the bars around them and
    over the section's chords where it has them."""
    current = song.section(section)
    request = Request(current.key_in(song.key), song.meter, current.bars, role=model_role(section),
                      chords=slot_chords(current.chords, current.bars, str(song.meter)))
    model = melody_model()
    candidates = model.infill(current, request, start_bar, end_bar, n=CANDIDATES, options=SamplingOptions(temperature=temperature, seed=seed))
    nll, best = best_candidate(model, candidates, request, controls=False)
    where = f"bar {start_bar}" if start_bar == end_bar else f"bars {start_bar}-{end_bar}"
    return Composed(song.with_section(best), f"{section} {where}: rewritten to fit the bars around {'it' if start_bar == end_bar else 'them'} (best of {CANDIDATES})", CANDIDATES, nll)


def _own_range(section: Section, margin_semitones: int = 2) -> tuple[int, int]:
    """The section's own pitch span, a little wider (at least a fifth): vary keeps the singer's range."""
    low = max(MODEL_PITCH_RANGE[0], min(n.pitch for n in section.notes) - margin_semitones)
    high = min(MODEL_PITCH_RANGE[1], max(max(n.pitch for n in section.notes) + margin_semitones, low + 7))
    return low, high


def vary_section(song: Song, section: str, amount: float = 0.5, seed: int | None = None) -> Composed:
    """The `vary` edit through the model: the same rhythm with new pitches for a share of the
    notes (weak beats first); the change is described like every other edit."""
    if not 0 <= amount <= 1:
        raise BadInput(f"amount must be a number from 0 to 1, got {amount!r}")
    current = song.section(section)
    if not current.notes:
        raise BadInput(f"section {section!r} has no notes to vary; compose it first")
    low, high = _own_range(current)
    request = Request(current.key_in(song.key), song.meter, current.bars, low=low, high=high)
    model = melody_model()
    candidates = model.vary(current, request, amount, n=CANDIDATES, options=SamplingOptions(seed=seed))
    changed = [c for c in candidates if c != current] or candidates  # the original is always the most natural
    nll, best = best_candidate(model, changed, request, controls=False)
    change = describe_change("vary", current, best, song.meter, current.key_in(song.key), detail="(through the melody model)")
    return Composed(song.with_section(best), change.describe(), CANDIDATES, nll, change=change)
