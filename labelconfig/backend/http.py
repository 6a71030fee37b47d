"""The few HTTP calls Label Studio makes to an ML backend, made the way it makes them.

Label Studio uses `requests` with a (connect, read) timeout pair: 1 s to connect, then the call's own
limit for each read. `http.client` expresses exactly that (a connect timeout, then the socket's read
timeout), so no HTTP library is added for four calls. Every failure becomes a `Reply` with a
`failure` text, never an exception: the contract checks turn replies into findings.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_BODY = 64 * 1024 * 1024  # a /predict answer for a handful of tasks; more is a runaway backend
USER_AGENT = "labelconfig-backend-check"


class BadURL(ValueError):
    """A backend URL that cannot be called (not http or https, no host)."""


@dataclass(frozen=True, slots=True)
class Reply:
    """One call's outcome: `status` 0 and a `failure` when no HTTP answer came back."""

    method: str
    url: str
    status: int
    body: bytes
    seconds: float
    failure: str = ""  # "" | "connect" | "timeout" | "too-large"
    reason: str = ""  # the socket's or the server's words for the failure

    @property
    def answered(self) -> bool:
        return not self.failure

    def json(self) -> tuple[bool, Any]:
        """(True, value) when the body is JSON, else (False, None)."""
        try:
            return True, json.loads(self.body)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
            return False, None


class Client:
    """Calls one backend: `base_url` joined with the endpoint as Label Studio joins them (`url/` +
    `predict`), HTTP Basic credentials on every call when given."""

    def __init__(
        self, base_url: str, auth: tuple[str, str] | None = None, connect_timeout: float = 1.0
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadURL(f"{base_url!r} is not an http:// or https:// URL of a backend")
        try:
            self.port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise BadURL(f"{base_url!r}: {exc}") from None
        self.base_url = base_url.rstrip("/")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.prefix = parts.path.rstrip("/")
        self.connect_timeout = connect_timeout
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self.headers["Authorization"] = f"Basic {token}"

    def url(self, endpoint: str) -> str:
        return f"{self.base_url}/{endpoint}"

    def get(self, endpoint: str, timeout: float) -> Reply:
        return self._call("GET", endpoint, None, timeout)

    def post(self, endpoint: str, payload: Any, timeout: float) -> Reply:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self._call("POST", endpoint, body, timeout)

    def _connection(self) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(
                self.host, self.port, timeout=self.connect_timeout, context=ssl.create_default_context()
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=self.connect_timeout)

    def _call(self, method: str, endpoint: str, body: bytes | None, timeout: float) -> Reply:
        url = self.url(endpoint)
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.monotonic()

        def fail(failure: str, reason: str) -> Reply:
            return Reply(method, url, 0, b"", time.monotonic() - started, failure, reason)

        conn = self._connection()
        try:
            try:
                conn.connect()
            except (OSError, ssl.SSLError) as exc:
                kind = "timeout" if isinstance(exc, TimeoutError | socket.timeout) else "connect"
                return fail(
                    kind, _words(exc) if kind == "connect" else "no connection within the connect timeout"
                )
            assert conn.sock is not None
            conn.sock.settimeout(timeout)
            try:
                conn.request(method, f"{self.prefix}/{endpoint}", body=body, headers=headers)
                response = conn.getresponse()
                data = response.read(MAX_BODY + 1)
            except TimeoutError:
                return fail("timeout", f"no answer within {timeout:g} s")
            except (OSError, http.client.HTTPException) as exc:
                return fail("connect", _words(exc))
            if len(data) > MAX_BODY:
                return fail("too-large", f"the answer is larger than {MAX_BODY // (1024 * 1024)} MiB")
            return Reply(method, url, response.status, data, time.monotonic() - started)
        finally:
            conn.close()


def _words(exc: BaseException) -> str:
    """The reason an operating system or server gives, without Python's class names."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
