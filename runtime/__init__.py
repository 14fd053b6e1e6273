"""numpy inference shared by models/ and memory/: the few network operations our run-time
models need, and the shipped sentence encoder (all-MiniLM-L6-v2). Imports nothing of ours."""
