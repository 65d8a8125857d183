"""A real HTTP endpoint on 127.0.0.1 that records what it receives and answers as told."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: str


@dataclass
class Receiver:
    answers: list[int] = field(default_factory=list)   # status codes to give, in order; then 200
    hold_first: threading.Event | None = None          # the first request waits for this event
    got: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
                first = not receiver.got
                receiver.got.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
                receiver.arrived.set()
                if first and receiver.hold_first is not None:
                    receiver.hold_first.wait(30)
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def stop(self) -> None:
        if self.hold_first is not None:
            self.hold_first.set()
        self.server.shutdown()
        self.server.server_close()
