"""Backends for the `labelconfig backend` tests, all on 127.0.0.1 and a port the system picks.

- `ScriptedBackend`: a small HTTP server answering /health, /setup and /predict from a script (a
  fixture file of tests/fixtures/backend/): the protocol faults label-studio-ml itself cannot express
  (health not UP, a version that changes per call, a slow setup, a body that is not JSON), and the
  answer shapes of label-studio-ml 2.x (see tests/test_backend_real.py for why 2.x is scripted).
- `ml1_python()` / `RealBackend`: the real label-studio-ml 1.0.9 from PyPI, in a virtual environment
  of its own (it pins Flask 1.1 and Jinja2 3.0), serving a model class of tests/ml_backends/.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from labelconfig.backend.loopback import Loopback, http_server

HERE = Path(__file__).parent
ML_BACKENDS = HERE / "ml_backends"
ML1_REQUIREMENTS = ML_BACKENDS / "requirements-ml1.txt"
STARTUP = 60  # seconds a label-studio-ml process may take to import Flask and listen


# ---------------------------------------------------------------------------------- scripted backends


class ScriptedBackend(Loopback):
    """`with ScriptedBackend(script) as backend:` serves `script` at `backend.url`.

    The script maps an endpoint (`health`, `setup`, `predict`) to an answer or a list of answers (the
    n-th call gets the n-th, the last repeats). An answer has `status` (200), then `json` (a body) or
    `body` (raw text), `delay` (seconds before answering), and for /predict `each` (a result item
    repeated once per task sent, or for the first `count` tasks), `each_list` (a list of items per
    task, label-studio-ml 2.x) or `items` (the n-th item for the task with id n + 1). `fetch_media`
    ("token" or "none") makes /predict first download the first task's `image` from the `hostname`
    /setup sent, with or without its `access_token`.
    `auth` ([user, password]) answers 401 to calls without those Basic credentials.
    """

    def __init__(self, script: dict[str, Any]) -> None:
        self.script = script
        self.requests: list[tuple[str, str, dict[str, str], Any]] = []  # method, path, headers, body
        self.setup: dict[str, Any] = {}
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        super().__init__(http_server(_handler(self)))

    def answer(self, endpoint: str) -> dict[str, Any]:
        with self._lock:
            n = self._counts.get(endpoint, 0)
            self._counts[endpoint] = n + 1
        given = self.script.get(endpoint, _DEFAULTS[endpoint])
        answers = given if isinstance(given, list) else [given]
        return answers[min(n, len(answers) - 1)]

    def authorized(self, header: str | None) -> bool:
        wanted = self.script.get("auth")
        if wanted is None:
            return True
        token = base64.b64encode(f"{wanted[0]}:{wanted[1]}".encode()).decode()
        return header == f"Basic {token}"


_DEFAULTS: dict[str, Any] = {
    "health": {"json": {"status": "UP", "model_class": "Scripted"}},
    "setup": {"json": {"model_version": "v1"}},
    "predict": {"json": {"results": []}},
}


def _handler(backend: ScriptedBackend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve(None)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self._serve(json.loads(raw) if raw else None)

        def _serve(self, body: Any) -> None:
            endpoint = self.path.strip("/").split("?")[0] or "health"
            backend.requests.append((self.command, self.path, dict(self.headers), body))
            if not backend.authorized(self.headers.get("Authorization")):
                self._send(401, b"Unauthorized", "text/plain")
                return
            if endpoint not in _DEFAULTS:
                self._send(404, b"not found", "text/plain")
                return
            answer = backend.answer(endpoint)
            time.sleep(answer.get("delay", 0))
            if endpoint == "setup" and isinstance(body, dict):
                backend.setup = body
            out = _predict_body(backend, answer, body) if endpoint == "predict" else answer.get("json")
            if "body" in answer:
                self._send(answer.get("status", 200), answer["body"].encode(), "text/html")
            else:
                self._send(answer.get("status", 200), json.dumps(out).encode(), "application/json")

        def _send(self, status: int, data: bytes, kind: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the checker gave up waiting (a timeout test): nobody is listening

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _predict_body(backend: ScriptedBackend, answer: dict[str, Any], body: Any) -> Any:
    tasks = body.get("tasks", []) if isinstance(body, dict) else []
    if "fetch_media" in answer and tasks:
        _fetch(backend.setup, tasks[0]["data"]["image"], answer["fetch_media"] == "token")
    if "items" in answer:
        return {"results": [answer["items"][task["id"] - 1] for task in tasks]}
    if "each" in answer or "each_list" in answer:
        item = answer.get("each", answer.get("each_list"))
        count = answer.get("count", len(tasks))
        results = [item for _ in tasks[:count]]
        out = dict(answer.get("json") or {})
        out["results"] = results
        return out
    return answer.get("json")


def _fetch(setup: dict[str, Any], url: str, with_token: bool) -> None:
    """Download a task's file as a backend does: relative to /setup's hostname, token optional."""
    request = urllib.request.Request(setup.get("hostname", "") + url)
    if with_token:
        request.add_header("Authorization", f"Token {setup.get('access_token', '')}")
    # A 401 is what the media server records; the backend carries on without the file.
    with contextlib.suppress(OSError):
        urllib.request.urlopen(request, timeout=5).read()


# ---------------------------------------------------------------------------------- label-studio-ml 1.0.9


def ml1_python() -> str:
    """The Python of a virtual environment with label-studio-ml 1.0.9: $LABELCONFIG_ML1_PYTHON (made by
    .ci/run), else one built once under ~/.cache and reused while the requirements file is unchanged.
    Fails under CI=true when it cannot be had; skips elsewhere (no package index, no network)."""
    given = os.environ.get("LABELCONFIG_ML1_PYTHON")
    if given:
        return given
    digest = hashlib.sha256(ML1_REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "labelconfig-tests"
    venv = cache / f"ml1-{digest}"
    python = venv / "bin" / "python"
    if python.exists():
        return str(python)
    building = cache / f"ml1-{digest}.{os.getpid()}"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(building)], check=True, capture_output=True)
        pip = [str(building / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(ML1_REQUIREMENTS)], check=True, capture_output=True, timeout=600)
        building.rename(venv)  # whole or absent: a half-built environment is never reused
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        message = f"cannot build the label-studio-ml 1.0.9 environment: {exc} {detail.decode()[-500:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return str(python)


class RealBackend:
    """`with RealBackend(python, "GoodModel") as backend:` runs label-studio-ml 1.0.9 serving that
    class of tests/ml_backends/models_ml1.py; the server prints its port once it listens."""

    def __init__(self, python: str, model: str, home: Path, auth: tuple[str, str] | None = None) -> None:
        command = [python, str(ML_BACKENDS / "serve_ml1.py"), model]
        if auth is not None:
            command += ["--user", auth[0], "--password", auth[1]]
        # Its logs go to a file (a pipe nobody reads would fill and stall it); HOME is a temporary
        # directory, so its download cache and data directory stay out of the user's.
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in __exit__)
        env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home), "XDG_CACHE_HOME": str(home)}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self.log, cwd=ML_BACKENDS, text=True, env=env
        )
        self.url = ""

    def __enter__(self) -> RealBackend:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], STARTUP)
        line = self.process.stdout.readline() if ready else "(no port printed within the startup limit)\n"
        if not line.startswith("port "):
            self.process.kill()
            self.process.communicate(timeout=10)
            self.log.seek(0)
            raise RuntimeError(f"label-studio-ml did not start: {line}{self.log.read()[-2000:]}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        self.log.close()
