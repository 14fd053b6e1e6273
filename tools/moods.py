"""Mood words a songwriter uses for a new section, as the two controls the melody model
takes: notes per bar and syncopation (the fraction of notes starting off the beat and held
across it). One table, read by compose_section and by the offline planner."""

from __future__ import annotations

MOODS: dict[str, tuple[float, float]] = {  # mood word -> (notes per bar, syncopation)
    "calm": (3.0, 0.0), "gentle": (3.0, 0.0), "slow": (2.5, 0.0), "sad": (3.0, 0.0), "wistful": (3.0, 0.0),
    "melancholy": (3.0, 0.0), "dreamy": (3.0, 0.01), "hopeful": (4.5, 0.01), "uplifting": (5.0, 0.02),
    "straight": (4.4, 0.0), "happy": (5.5, 0.02), "lively": (6.0, 0.02), "playful": (6.0, 0.06), "bouncy": (6.0, 0.08),
    "busy": (7.0, 0.03), "energetic": (7.0, 0.05), "driving": (7.0, 0.05), "syncopated": (5.0, 0.12), "funky": (6.0, 0.15),
    # the same controls under the other words songwriters use for them
    "mellow": (3.0, 0.0), "peaceful": (2.5, 0.0), "tender": (3.0, 0.0), "somber": (2.5, 0.0), "sombre": (2.5, 0.0),
    "nostalgic": (3.0, 0.0), "haunting": (3.0, 0.01), "moody": (3.5, 0.02), "dark": (3.5, 0.01), "chill": (3.5, 0.03),
    "laid-back": (3.5, 0.03), "relaxed": (3.5, 0.01), "romantic": (3.5, 0.01), "bittersweet": (3.5, 0.01),
    "anthemic": (5.0, 0.02), "epic": (5.0, 0.02), "bright": (5.5, 0.02), "cheerful": (5.5, 0.02), "joyful": (5.5, 0.02),
    "upbeat": (6.0, 0.04), "groovy": (6.0, 0.12), "angry": (7.0, 0.05), "intense": (7.0, 0.05),
}
