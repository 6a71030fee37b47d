"""A stand-in for Label Studio's file serving: the files of a directory at `/data/upload/<path>` and
`/data/local-files/?d=<path>`, answered only with `Authorization: Token <token>` (or `Bearer`), as
Label Studio answers only authenticated requests for uploads and local files.

It listens on loopback, records every request (path, whether the token was right, the status), and
never serves a file outside its root.
"""

from __future__ import annotations

import hmac
import mimetypes
import os
import secrets
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

from .loopback import Loopback, http_server

ROUTES = ("/data/upload/", "/data/local-files/")


@dataclass(frozen=True, slots=True)
class MediaRequest:
    path: str
    authorized: bool
    status: int


class MediaServer(Loopback):
    """`with MediaServer(root) as media:` serves `root` at `media.url` until the block ends."""

    def __init__(self, root: str, token: str | None = None, port: int = 0) -> None:
        if not os.path.isdir(root):
            raise NotADirectoryError(f"{root}: the media root is not a directory")
        self.root = os.path.realpath(root)
        self.token = token or secrets.token_hex(16)
        self.requests: list[MediaRequest] = []
        self._lock = threading.Lock()
        super().__init__(http_server(_handler(self), port))

    def authorized(self, header: str | None) -> bool:
        scheme, _, given = (header or "").partition(" ")
        return scheme in ("Token", "Bearer") and hmac.compare_digest(given.strip(), self.token)

    def file(self, raw_path: str) -> str | None:
        """The file a request names, or None (unknown route, outside the root, missing)."""
        parts = urlsplit(raw_path)
        if parts.path.startswith(ROUTES[0]):
            relative = unquote(parts.path[len(ROUTES[0]) :])
        elif parts.path.rstrip("/") == ROUTES[1].rstrip("/"):
            relative = parse_qs(parts.query).get("d", [""])[0]
        else:
            return None
        full = os.path.realpath(os.path.join(self.root, relative))
        if not full.startswith(self.root + os.sep) or not os.path.isfile(full):
            return None
        return full

    def record(self, request: MediaRequest) -> None:
        with self._lock:
            self.requests.append(request)


def _handler(media: MediaServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = media.authorized(self.headers.get("Authorization"))
            path = media.file(self.path)
            status = 401 if not ok else 404 if path is None else 200
            media.record(MediaRequest(self.path, ok, status))
            if status != 200 or path is None:
                self.send_response(status)
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Token realm="Label Studio"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with open(path, "rb") as fh:
                body = fh.read()
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests are recorded, not printed over the report

    return Handler
