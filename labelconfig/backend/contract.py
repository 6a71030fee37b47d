"""The ML-backend contract, checked call by call as Label Studio makes the calls.

Order (Label Studio's own): `GET /health`; `POST /setup` (twice: the version must not change between
identical calls); `POST /predict` with one task, with a batch, and with the one task again. Every
answer is turned into findings (codes in `codes.py`), and every prediction is linted against the config
as `labelconfig check --predictions` lints it. A failed health check or setup ends the run, as it ends
Label Studio's attempt to connect.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from ..diagnostics import Diagnostic, Rule
from ..payloads.api import Config
from ..payloads.context import Sink, describe, json_type
from ..payloads.data import task_data
from ..payloads.results import TaskView
from . import codes
from .http import Client, Reply
from .media import MediaServer

DETAIL = 300  # characters of a backend's error text kept in a message


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Label Studio's defaults, in seconds (its `ML_CONNECTION_TIMEOUT`, `ML_TIMEOUT_HEALTH`,
    `ML_TIMEOUT_SETUP`, `ML_TIMEOUT_PREDICT` settings); change them as the server's are changed."""

    connect: float = 1.0
    health: float = 1.0
    setup: float = 3.0
    predict: float = 100.0


@dataclass(frozen=True, slots=True)
class Call:
    """One request made: what was called, with how many tasks, its status (0: no answer) and time."""

    method: str
    url: str
    status: int
    seconds: float
    tasks: int = 0


@dataclass
class _Versions:
    """The model versions seen: from each `/setup`, and per predict call as Label Studio would store
    them on the predictions (a prediction's own, else the one `/setup` gave)."""

    setup: list[str | None] = field(default_factory=list)
    stored: list[list[str | None]] = field(default_factory=list)


class Run:
    """One contract check of one backend; `run()` fills `found` and `calls`."""

    def __init__(
        self,
        client: Client,
        cfg: Config,
        tasks: Sequence[dict[str, Any]],
        timeouts: Timeouts,
        project: str,
        media: MediaServer | None = None,
    ) -> None:
        self.client = client
        self.cfg = cfg
        self.tasks = list(tasks)
        self.timeouts = timeouts
        self.project = project
        self.media = media
        self.found: list[Diagnostic] = []
        self.calls: list[Call] = []
        self.versions = _Versions()
        self._linted: set[tuple[str, str, str]] = set()
        self._predictions = 0
        self._empty = 0
        self._timed_out = False

    # --- the sequence ---------------------------------------------------------------------------------

    def run(self) -> None:
        if not self.health():
            return
        for _ in range(2):
            if not self.setup():
                return
        one = self.tasks[:1]
        for batch in (one, self.tasks if len(self.tasks) > 1 else [], one):
            if batch and not self._timed_out:  # after one timeout, the next call would only wait again
                self.predict(batch)
        self.after()

    def health(self) -> bool:
        reply = self._send("GET", "health", None, self.timeouts.health, 0)
        endpoint = reply.url
        if not reply.answered or reply.status >= 400:
            why = _failure(reply) if not reply.answered else f"answered {_status(reply)}{_detail(reply)}"
            self._add(codes.HEALTH_FAILED, endpoint, f"GET /health {why}", help=_health_help(reply))
            return False
        is_json, body = reply.json()
        if not is_json:
            self._add(
                codes.HEALTH_FAILED,
                endpoint,
                f"GET /health answered {_status(reply)} with a body that is not JSON: {_snippet(reply.body)}",
                help="Label Studio reads the health answer as JSON and marks the backend disconnected",
            )
            return False
        status = body.get("status") if isinstance(body, dict) else None
        if status != "UP":
            self._add(
                codes.HEALTH_NOT_UP,
                endpoint,
                f'GET /health answered `"status": {describe(status)}`, not `"UP"`',
                path="$.status",
                help='answer {"status": "UP"} once the model is loaded',
            )
        return True

    def setup(self) -> bool:
        payload = {
            "project": self.project,
            "schema": self.cfg.text,
            "hostname": self.media.url if self.media else "http://localhost:8080",
            "access_token": self.media.token if self.media else "",
            "extra_params": None,
        }
        reply = self._send("POST", "setup", payload, self.timeouts.setup, 0)
        body = self._answer(
            reply, "setup", "Label Studio refuses to connect: `doesn't look like a valid ML backend`"
        )
        if body is _NO_ANSWER:
            return False
        version = body.get("model_version") if isinstance(body, dict) else None
        self.versions.setup.append(_version(version))
        return True

    def predict(self, tasks: list[dict[str, Any]]) -> None:
        payload = {
            "tasks": tasks,
            "project": self.project,
            "label_config": self.cfg.text,
            "params": {"login": None, "password": None, "context": None},
        }
        reply = self._send("POST", "predict", payload, self.timeouts.predict, len(tasks))
        body = self._answer(
            reply, "predict", "Label Studio creates no prediction and logs the error on its server only"
        )
        if body is _NO_ANSWER:
            return
        results = self._results(reply.url, body)
        if results is None:
            return
        paired = len(results) == len(tasks)
        if not paired:
            rule = codes.ONE_AT_A_TIME if len(results) == 1 else codes.RESULT_COUNT
            self._add(
                rule,
                reply.url,
                f"POST /predict with {_tasks(len(tasks))} answered {len(results)} "
                f"result{'s' if len(results) != 1 else ''}",
                path="$.results",
                help="return one item per task, in the order of `tasks`",
            )
        stored: list[str | None] = []
        for i, item in enumerate(results):
            task = tasks[i] if paired else None
            if item == []:  # 2.x's list of predictions for one task, empty: nothing is stored for it
                self._add(
                    codes.NO_RESULTS,
                    reply.url,
                    "POST /predict answered an empty list of predictions for a task",
                    path=f"$.results[{i}]",
                    help=_RESULTS_HELP,
                )
            for at, prediction in _predictions(item, f"$.results[{i}]"):
                self._lint(reply.url, prediction, at, task)
                if isinstance(prediction, dict):
                    own = prediction.get("model_version") if "model_version" in prediction else _UNSET
                    stored.append(self._stored_version(own))
        if stored:  # 1.x also puts a `model_version` beside `results`: Label Studio never reads it
            self.versions.stored.append(stored)

    def _results(self, url: str, body: Any) -> list[Any] | None:
        """The `results` list of a /predict answer, or None after reporting why it has none."""
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            got = "an object without `results`" if isinstance(body, dict) else json_type(body)
            if isinstance(body, dict) and "results" in body:
                got = f"`results` as {json_type(results)}"
            self._add(
                codes.INVALID_RESPONSE, url, f"POST /predict answered {got}", path="$", help=_RESULTS_HELP
            )
            return None
        if not results:
            self._add(
                codes.NO_RESULTS,
                url,
                "POST /predict answered `results: []`",
                path="$.results",
                help=_RESULTS_HELP,
            )
            return None
        return results

    def after(self) -> None:
        """Findings that need every call: versions, all-empty predictions, media fetched without a token."""
        predict_url = self.client.url("predict")
        if self._predictions and self._empty == self._predictions:
            self._add(
                codes.EMPTY_PREDICTIONS,
                predict_url,
                f"all {self._predictions} predictions returned have an empty `result`",
                help="check that the model reads the task field the config names and could fetch the media",
            )
        self._version_findings(predict_url)
        if self.media is not None:
            for request in self.media.requests:
                if not request.authorized:
                    self._add(
                        codes.MEDIA_UNAUTHORIZED,
                        predict_url,
                        f"the backend fetched `{request.path}` without Label Studio's token",
                        help="Label Studio answers 401: send `Authorization: Token <access_token>` "
                        "(the token /setup sends, or LABEL_STUDIO_API_KEY)",
                    )

    # --- pieces -----------------------------------------------------------------------------------------

    def _send(self, method: str, endpoint: str, payload: Any, timeout: float, tasks: int) -> Reply:
        reply = (
            self.client.get(endpoint, timeout)
            if method == "GET"
            else self.client.post(endpoint, payload, timeout)
        )
        self.calls.append(Call(method, reply.url, reply.status, reply.seconds, tasks))
        return reply

    def _answer(self, reply: Reply, endpoint: str, consequence: str) -> Any:
        """The JSON body of a successful call, or _NO_ANSWER after reporting why there is none."""
        call = f"POST /{endpoint}"
        if not reply.answered:
            rule = codes.TIMEOUT if reply.failure == "timeout" else codes.HTTP_ERROR
            self._timed_out = self._timed_out or rule is codes.TIMEOUT
            limit = {"setup": "ML_TIMEOUT_SETUP", "predict": "ML_TIMEOUT_PREDICT"}[endpoint]
            help = consequence + (
                f"; raise {limit} in Label Studio only if you test with the same limit"
                if rule is codes.TIMEOUT
                else ""
            )
            self._add(rule, reply.url, f"{call} {_failure(reply)}", help=help)
            return _NO_ANSWER
        if reply.status >= 400:
            help = _AUTH_HELP if reply.status == 401 else consequence + _traceback_tail(reply)
            self._add(
                codes.HTTP_ERROR, reply.url, f"{call} answered {_status(reply)}{_detail(reply)}", help=help
            )
            return _NO_ANSWER
        is_json, body = reply.json()
        if not is_json:
            self._add(
                codes.HTTP_ERROR,
                reply.url,
                f"{call} answered {_status(reply)} with a body that is not JSON: {_snippet(reply.body)}",
                help=consequence,
            )
            return _NO_ANSWER
        return body

    def _lint(self, url: str, prediction: Any, path: str, task: dict[str, Any] | None) -> None:
        """Lint one prediction as `check --predictions` does; a finding already reported for the same
        place and message (the one task sent again) is not repeated."""
        if isinstance(prediction, dict):
            self._predictions += 1
            if prediction.get("result") == []:
                self._empty += 1
        sink = Sink(url)
        data = task_data(task) if task is not None else None
        view = TaskView(data) if isinstance(data, dict) else None
        self.cfg.payloads.prediction(prediction, sink, path, view)
        for d in sink.out:
            key = (d.code, d.path, d.message)
            if key not in self._linted:
                self._linted.add(key)
                self.found.append(d)

    def _stored_version(self, own: object) -> str | None:
        """The version Label Studio stores on a prediction: its own `model_version` key when present
        (even null), else the one the last `/setup` returned."""
        if own is _UNSET:
            return self.versions.setup[-1] if self.versions.setup else None
        return _version(own)

    def _version_findings(self, url: str) -> None:
        setup = self.versions.setup
        stored = [v for call in self.versions.stored for v in call]
        if not any(setup) and any(v is None for v in stored):
            self._add(
                codes.MISSING_MODEL_VERSION,
                url,
                "neither /setup nor the predictions carry a `model_version`",
                help='answer /setup with {"model_version": "..."} (or set one on each prediction)',
            )
        if len(set(setup)) > 1:
            self._add(
                codes.UNSTABLE_MODEL_VERSION,
                self.client.url("setup"),
                f"two identical POST /setup calls answered `model_version` {describe(setup[0])} and "
                f"{describe(setup[-1])}",
                path="$.model_version",
                help="derive the version from the model (a checkpoint name or hash), not from the clock",
            )
            return
        calls = self.versions.stored
        if len(calls) >= 2 and calls[0][:1] != calls[-1][:1]:
            self._add(
                codes.UNSTABLE_MODEL_VERSION,
                url,
                f"two identical POST /predict calls stamped `model_version` {describe(calls[0][0])} and "
                f"{describe(calls[-1][0])} on the same task",
                path="$.results[0].model_version",
                help="derive the version from the model (a checkpoint name or hash), not from the clock",
            )
            return
        current = setup[-1] if setup else None
        other = sorted({v for v in stored if v is not None and v != current})
        if current is not None and other:
            self._add(
                codes.UNSTABLE_MODEL_VERSION,
                url,
                f"predictions carry `model_version` {describe(other[0])} but /setup answers "
                f"{describe(current)}",
                path="$.results[0].model_version",
                help="Label Studio looks for predictions of the /setup version, finds none, and predicts "
                "every task again: use one version in both",
            )

    def _add(self, rule: Rule, file: str, message: str, path: str = "", help: str = "") -> None:
        """Report once: the repeated one-task call fails the same way as the first."""
        key = (rule.code, f"{file} {path}", message)
        if key not in self._linted:
            self._linted.add(key)
            self.found.append(rule.diag(None, message, path=path, help=help, file=file))


# --- small helpers ----------------------------------------------------------------------------------------

_NO_ANSWER = object()
_UNSET = object()
_RESULTS_HELP = 'answer {"results": [{"result": [...], "score": 0.9}, ...]} with one item per task'
_AUTH_HELP = (
    "the backend wants credentials: pass --user and --password (the Basic auth of the model's "
    "settings in Label Studio); without them Label Studio cannot connect either"
)


def _predictions(item: Any, path: str) -> Iterator[tuple[str, Any]]:
    """A result item is one prediction, or (label-studio-ml 2.x) a list of predictions for one task."""
    if isinstance(item, list):
        for j, p in enumerate(item):
            yield f"{path}[{j}]", p
    else:
        yield path, item


def _version(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _tasks(n: int) -> str:
    return f"{n} task{'s' if n != 1 else ''}"


def _status(reply: Reply) -> str:
    try:
        return f"{reply.status} {HTTPStatus(reply.status).phrase}"
    except ValueError:
        return str(reply.status)


def _failure(reply: Reply) -> str:
    if reply.failure == "timeout":
        return f"did not answer: {reply.reason}"
    if reply.failure == "too-large":
        return f"answered too much: {reply.reason}"
    return f"could not be reached: {reply.reason}"


def _detail(reply: Reply) -> str:
    """`: <detail>` from label-studio-ml's error body (`{"detail": ...}`), else the start of the body."""
    is_json, body = reply.json()
    if is_json and isinstance(body, dict):
        for key in ("detail", "error", "message"):
            if isinstance(body.get(key), str) and body[key].strip():
                return ": " + _cut(body[key].strip())
    text = _snippet(reply.body)
    return f": {text}" if text else ""


def _traceback_tail(reply: Reply) -> str:
    is_json, body = reply.json()
    result = body.get("result") if is_json and isinstance(body, dict) else None
    trace = result.get("traceback") if isinstance(result, dict) else None
    if not isinstance(trace, str):
        return ""
    frames = [line.strip() for line in trace.splitlines() if line.strip().startswith("File ")]
    return f"; the backend's traceback ends at {_cut(frames[-1])}" if frames else ""


def _snippet(body: bytes) -> str:
    return _cut(" ".join(body.decode("utf-8", "replace").split()))


def _cut(text: str) -> str:
    return text if len(text) <= DETAIL else text[: DETAIL - 3] + "..."


def _health_help(reply: Reply) -> str:
    if reply.status == 401:
        return _AUTH_HELP
    return (
        "Label Studio cannot connect (`health check failed`): start the backend, load the model, then serve"
    )


def project_uid(project: int) -> str:
    """`<id>.<created timestamp>`, the project key Label Studio sends; fixed for one run."""
    return f"{project}.{int(time.time())}"
