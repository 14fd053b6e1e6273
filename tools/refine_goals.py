"""The goals refine_section knows, by name: a closed set the LLM, the planner and the critique's
suggestions all choose from (tools/refine.py says what each one measures and tries).

Kept apart from tools/refine.py so that the tool registry can name them without importing the
melody model."""

from __future__ import annotations

from typing import Literal, get_args

GoalName = Literal["stronger cadence", "end on the tonic", "wider range", "narrower range", "more singable",
                   "lower register", "higher register", "simpler rhythm", "catchier"]
GOAL_NAMES: tuple[str, ...] = get_args(GoalName)
