"""A small server on 127.0.0.1 that speaks OpenAI's `/v1/chat/completions`, for the tests.

It is the one stand-in the project allows (for the paid LLM API): the real `openai` client,
through langchain-openai, talks to it over HTTP. Each test scripts the replies in order:
text, a tool call (with any arguments string, malformed ones included), an HTTP error
status, or a delay; with `"stream": true` in the request it answers in server-sent events,
as OpenAI does. Every request body is kept for the test to inspect.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


class FakeOpenAI:
    def __init__(self, responder: "Callable[[dict[str, Any]], dict[str, Any]] | None" = None) -> None:
        self.script: list[dict[str, Any]] = []
        self.responder = responder  # answers when the script is empty (see planner_responder)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with owner._lock:
                    owner.requests.append(body)
                    if owner.script:
                        action = owner.script.pop(0)
                    elif owner.responder is not None:
                        action = owner.responder(body)
                    else:
                        action = {"type": "text", "content": "(script ended)"}
                if action.get("delay"):
                    time.sleep(action["delay"])
                if action["type"] == "status":
                    self._json(action["code"], {"error": {"message": action.get("message", "scripted failure"), "type": "server_error"}})
                    return
                message: dict[str, Any] = {"role": "assistant", "content": action.get("content")}
                if action["type"] == "tool":
                    message["tool_calls"] = [{"id": action.get("id", "call_1"), "type": "function",
                                              "function": {"name": action["name"], "arguments": action["arguments"]}}]
                    message["content"] = None
                if body.get("stream"):
                    self._stream(message, body.get("model", "fake"))
                else:
                    self._json(200, {"id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()),
                                     "model": body.get("model", "fake"),
                                     "choices": [{"index": 0, "message": message,
                                                  "finish_reason": "tool_calls" if "tool_calls" in message else "stop"}],
                                     "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

            def _json(self, code: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, message: dict[str, Any], model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()

                def send(delta: dict[str, Any], finish: str | None = None) -> None:
                    chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                             "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()

                send({"role": "assistant", "content": ""})
                if "tool_calls" in message:
                    call = message["tool_calls"][0]
                    send({"tool_calls": [{"index": 0, "id": call["id"], "type": "function",
                                          "function": {"name": call["function"]["name"], "arguments": ""}}]})
                    arguments = call["function"]["arguments"]
                    for start in range(0, len(arguments), 8):
                        send({"tool_calls": [{"index": 0, "function": {"arguments": arguments[start:start + 8]}}]})
                    send({}, "tool_calls")
                else:
                    for word in (message["content"] or "").split(" "):
                        send({"content": word + " "})
                    send({}, "stop")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def planner_responder(body: dict[str, Any]) -> dict[str, Any]:
    """An LLM stand-in with some sense: our offline planner behind the OpenAI protocol. It reads
    the request and the song's sections (and the last critique's fixes) from the messages the
    app sent, as a remote model would, and answers with the planner's next tool call, or with
    a text reply once the tools have run. For trying the remote path end to end without a key."""
    import re

    from agent.planner.plan import SongContext, ToolCall, plan
    from agent.planner.replies import write_reply

    messages = body.get("messages", [])
    system = next((m.get("content") or "" for m in messages if m.get("role") == "system"), "")
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=None)
    if last_user is None:
        return {"type": "text", "content": "Tell me what to write or change."}
    sections = tuple((name, int(bars)) for name, bars in re.findall(r"^- (.+?): (\d+) bars", system, re.MULTILINE))
    fixes = tuple(ToolCall(name, json.loads(args)) for name, args in re.findall(r"\(fix: (\w+) (\{.*\})\)$", system, re.MULTILINE))
    steps = plan(str(messages[last_user].get("content")), SongContext(sections, None, None, fixes))
    names = {call["id"]: call["function"]["name"] for m in messages[last_user + 1:] for call in m.get("tool_calls") or []}
    results = [(names.get(m.get("tool_call_id"), ""), str(m.get("content"))) for m in messages[last_user + 1:] if m.get("role") == "tool"]
    failed = any(text.lower().startswith("error") for _, text in results)
    if not failed and len(results) < len(steps.calls):
        call = steps.calls[len(results)]
        return {"type": "tool", "name": call.name, "arguments": json.dumps(call.args), "id": f"call_{len(results)}"}
    return {"type": "text", "content": write_reply(results, steps.answer)}
