"""Where cocomposer keeps what lasts: `$COCOMPOSER_HOME`, else the user data directory."""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "COCOMPOSER_HOME"


def data_home() -> Path:
    """The data directory (created on first use): sessions database, reference library."""
    configured = os.environ.get(HOME_VARIABLE)
    if configured:
        home = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        home = Path(user_data_dir("cocomposer", appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def sessions_database() -> Path:
    return data_home() / "sessions.sqlite3"
