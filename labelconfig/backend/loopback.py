"""HTTP servers on 127.0.0.1 in a background thread: the media server, and a WSGI app (a Flask
backend's `app`) served so that `check_backend` can call it over real HTTP, timeouts included."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from socketserver import ThreadingMixIn
from typing import Self
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
from wsgiref.types import WSGIApplication

HOST = "127.0.0.1"


class Loopback:
    """`with server:` serves at `server.url` until the block ends."""

    def __init__(self, server: HTTPServer) -> None:
        self._server = server
        self.url = f"http://{HOST}:{server.server_address[1]}"
        # Polled every 50 ms, not http.server's 500: closing the server then costs no half second.
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def http_server(handler: type[BaseHTTPRequestHandler], port: int = 0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the report says what happened; request lines would only clutter it


class WsgiServer(Loopback):
    """A WSGI application (Flask's `app`, label-studio-ml's `init_app(...)`) on a free loopback port."""

    def __init__(self, app: WSGIApplication) -> None:
        server = _ThreadingWSGIServer((HOST, 0), _QuietHandler)
        server.set_app(app)
        super().__init__(server)
