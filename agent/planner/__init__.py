"""The offline planner: a LangChain chat model of ours that plans the tool calls an LLM would make."""
