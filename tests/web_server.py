"""A local HTTP server for the web ingest tests (http.server in a thread): pages, feeds,
redirects and every failure a real site can give, all on 127.0.0.1, no network.

`WebServer.add` serves bytes at a path; `redirect`, `handle` (any function of the request
handler) cover the rest. conftest.py's `web` fixture gives a server with no routes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class WebServer:
    server: ThreadingHTTPServer
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def send(h: BaseHTTPRequestHandler) -> None:
            if delay:
                time.sleep(delay)
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                h.send_header(key, value)
            h.end_headers()
            h.wfile.write(data)

        self.routes[path] = send
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        def send(h: BaseHTTPRequestHandler) -> None:
            h.send_response(status)
            h.send_header("Location", to)
            h.send_header("Content-Length", "0")
            h.end_headers()

        self.routes[path] = send
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def reset(self) -> None:
        self.routes.clear()
        self.requests.clear()
        self.most_in_flight = 0


def endless(h: BaseHTTPRequestHandler) -> None:
    """A text/html body that never ends (no length: the connection is the frame)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.end_headers()
    chunk = b"<p>" + b"more words " * 1000 + b"</p>\n"
    try:
        for _ in range(100_000):  # ~1 GB: a client without a limit would not finish
            h.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def slow(seconds: float) -> Handler:
    """Answers after `seconds`: past a short --timeout."""

    def send(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "2")
            h.end_headers()
            h.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass

    return send


def start() -> WebServer:
    web: WebServer

    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with web.lock:
                web.requests.append((self.path, dict(self.headers.items())))
                web.in_flight += 1
                web.most_in_flight = max(web.most_in_flight, web.in_flight)
            try:
                route = web.routes.get(path)
                if route is None:
                    self.send_error(404)
                else:
                    route(self)
            finally:
                with web.lock:
                    web.in_flight -= 1

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
    server.daemon_threads = True
    web = WebServer(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return web


def closed_port() -> int:
    """A port nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
