"""A small OpenAI-compatible server for the model-detector tests.

A real HTTP server on 127.0.0.1 (``http.server`` in a thread): it records every request body
and header, tracks how many requests are in flight, and answers as a per-test ``script`` says.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Answer", "StubServer", "message_of"]


@dataclass
class Answer:
    status: int = 200
    body: bytes | None = None  # None: a chat completion around ``content``
    content: str | None = "[]"
    finish_reason: str = "stop"
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class StubServer:
    """Records requests; ``script`` (body -> Answer) decides each reply.

    ``Answer`` and ``message_of`` hang off the class so test modules reach them through the
    fixture (test folders are not packages, so conftest cannot be imported by name).
    """

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.errors: list[str] = []  # failed request checks; the fixture asserts there are none
        self.headers: list[dict[str, str]] = []
        self.script: Callable[[dict[str, Any]], Answer] = lambda body: Answer()
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                if self.path != "/v1/chat/completions":
                    self.send_error(404)
                    return
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body = json.loads(raw)
                with stub._lock:
                    stub.requests.append(body)
                    stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                    stub.in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
                try:
                    try:
                        answer = stub.script(body)
                    except AssertionError as exc:  # a failed check on the request: answer, and record it
                        stub.errors.append(str(exc))
                        answer = Answer(status=418, body=b'{"error": "request check failed"}')
                    if answer.delay_s:
                        time.sleep(answer.delay_s)
                    payload = answer.body
                    if payload is None:
                        payload = json.dumps({
                            "id": "cmpl-stub", "object": "chat.completion", "model": body.get("model"),
                            "choices": [{"index": 0, "finish_reason": answer.finish_reason,
                                         "message": {"role": "assistant", "content": answer.content}}],
                        }, ensure_ascii=False).encode("utf-8")
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass
                finally:
                    with stub._lock:
                        stub.in_flight -= 1

        return Handler

    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def message_of(body: dict[str, Any]) -> tuple[str, str]:
    """(user name, message text) read back from a request's prompt, checking its shape."""
    messages = body["messages"]
    assert len(messages) == 1 and messages[0]["role"] == "user", "one user turn, no system message"
    content = messages[0]["content"]
    # The last name line: the rules prompt's own examples have name lines too.
    name_line = [line for line in content.splitlines() if line.startswith("User's Real Name: ")][-1]
    tail = content[content.rindex('{\n  "role": "user"') :]
    message = json.loads(tail)
    assert tail == json.dumps(message, ensure_ascii=False, indent=2), "message must be pretty-printed JSON"
    return name_line.removeprefix("User's Real Name: "), message["content"]


