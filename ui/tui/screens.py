"""Modal screens: the version history (pick one to go back to) and help."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ListItem, ListView, Markdown

from memory.sessions import VersionInfo

HELP_TEMPLATE = """\
# cocomposer

Type what you want in plain words: *write an 8-bar chorus in D minor*, *make it more
syncopated*, *harmonize the verse with pop chords*, *what do you think?*, *apply the first
fix*, *find Irish jigs in D*, *what is a cadence?* The agent changes the song with its tools
and says what changed.

## Slash commands (no LLM needed)

{slash_commands}

## Keys

| key | does |
|---|---|
| Enter | send |
| Esc | cancel the running request (the song goes back to before it); otherwise back to the input |
| ↑ ↓ in the input | earlier requests |
| Ctrl+Z / Ctrl+Y | undo / redo |
| F2 (or Ctrl+H where the terminal tells it from Backspace) | history |
| F1 | help |
| Ctrl+P | command palette |
| F3 / F4 / F5 | the Song / Critique / References pane, ready for ↑ ↓ and Enter |
| Enter on a section | show its piano roll (every bar, four to a row; the pane scrolls) |
| Enter on a finding | apply its fix |
| Enter on a reference | load it as section *inspiration* |
| typing anywhere | goes to the input |
| Ctrl+Q | quit (everything is saved as you go) |
"""


def _slash_table() -> str:
    """The slash commands as a Markdown table, from the one list both faces share."""
    from ui.slash import COMMANDS

    rows = [f"| `{c.usage.replace('|', chr(92) + '|')}` | {c.help} |" for c in COMMANDS.values()]
    return "\n".join(["| command | does |", "|---|---|", *rows])


HELP = HELP_TEMPLATE.replace("{slash_commands}", _slash_table())


def current_path(versions: list[VersionInfo]) -> set[int]:
    """The current version and its ancestors: what undo walks back through. Versions off it
    were undone and replaced by a later change (kept, and reachable from here)."""
    parents = {v.number: v.parent for v in versions}
    number = next((v.number for v in versions if v.is_current), None)
    path: set[int] = set()
    while number is not None and number not in path:
        path.add(number)
        number = parents.get(number)
    return path


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Markdown(HELP)


class HistoryScreen(ModalScreen[int | None]):
    """Every version, newest first; Enter returns the chosen version number."""

    BINDINGS = [Binding("escape", "dismiss_none", "close")]
    AUTO_FOCUS = "#history-list"

    def __init__(self, versions: list[VersionInfo]) -> None:
        super().__init__()
        self.versions = versions

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Label("History: ⏎ goes back to a version (later ones are kept; · marks versions off the current path)",
                        id="history-title")
            path = current_path(self.versions)
            items = []
            for version in reversed(self.versions):
                when = datetime.fromtimestamp(version.created).strftime("%H:%M")
                marker = "→" if version.is_current else " " if version.number in path else "·"
                items.append(ListItem(Label(f"{marker} v{version.number:<3} {when}  {version.description}"), name=str(version.number)))
            yield ListView(*items, id="history-list", initial_index=0)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        self.dismiss(int(event.item.name) if event.item.name else None)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
