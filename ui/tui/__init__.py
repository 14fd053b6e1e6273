"""The Textual app (`cocomposer` with no arguments)."""
