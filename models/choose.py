"""Choosing among sampled candidates: the one that does what was asked, then the most natural.

Control tokens steer the model but do not bind it (a "busier" request lands in the asked
density bucket about two times in three). Sampling a few candidates in one batch and keeping
the one whose measured key, density and syncopation match the request turns a tendency into
what the user sees, at the cost of one batch (models/eval.py reports both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models import vocab as V
from song.features import flaws, note_density, syncopation
from song.key_finding import find_key
from song.model import Section

if TYPE_CHECKING:
    from models.api import MelodyModel, Request


def misses(section: Section, request: Request, controls: bool = True) -> tuple[int, int]:
    """(1 if the key finder hears another key, how many of density/syncopation miss their bucket)."""
    found = find_key(section.notes, request.meter).key
    off_key = int(found.tonic_pitch_class != request.key.tonic_pitch_class or found.mode != request.key.mode)
    if not controls:
        return off_key, 0
    density_miss = V.bucket(note_density(section.notes, section.bars), V.DENSITY_EDGES) != V.bucket(request.density, V.DENSITY_EDGES)
    sync_miss = V.bucket(syncopation(section.notes, request.meter), V.SYNCOPATION_EDGES) != V.bucket(request.syncopation, V.SYNCOPATION_EDGES)
    return off_key, int(density_miss) + int(sync_miss)


def best_candidate(model: MelodyModel, candidates: list[Section], request: Request, controls: bool = True) -> tuple[float, Section]:
    """The candidate without the flaws the critique points out (song.features.flaws: a long run
    on one pitch, a huge leap, a range too wide to sing), then in the requested key, then
    nearest the requested density and syncopation (when `controls`), then lowest in negative
    log-likelihood per note; returns (nll, section)."""
    ranked = sorted((flaws(section.notes) > 0, misses(section, request, controls), model.score(section, request), index, section)
                    for index, section in enumerate(candidates))
    *_, nll, _, section = ranked[0]
    return nll, section
