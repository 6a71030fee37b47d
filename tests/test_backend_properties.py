"""Properties of the backend contract check over generated answers (no network: a fake client).

Nothing is accepted silently: whatever JSON (or bytes) a backend answers /predict with, the check
never raises, and it passes only when the answer is what Label Studio stores: an object whose
`results` holds one prediction (or list of predictions) per task, each linted clean.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.backend.contract import Run, Timeouts
from labelconfig.backend.http import Client, Reply
from labelconfig.backend.tasks import as_sent

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONFIG = labelconfig.parse(
    '<View><Text name="text" value="$text"/>'
    '<Choices name="mood" toName="text"><Choice value="Up"/><Choice value="Down"/></Choices></View>'
)
TASKS = as_sent([{"data": {"text": "a"}}, {"data": {"text": "b"}}, {"data": {"text": "c"}}], 1)
GOOD = {"result": [{"from_name": "mood", "to_name": "text", "type": "choices", "value": {"choices": ["Up"]}}]}

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
)
predictions = st.one_of(st.just(GOOD), json_values, st.fixed_dictionaries({"result": json_values}))
answers = st.one_of(
    json_values,
    st.fixed_dictionaries({"results": st.lists(predictions | st.lists(predictions, max_size=2), max_size=4)}),
    st.fixed_dictionaries({"results": st.just([GOOD] * 3)}),
)


class Canned(Client):
    """Answers every call from a table instead of the network."""

    def __init__(self, predict: bytes, status: int = 200) -> None:
        super().__init__("http://backend.invalid")
        self.predict, self.status = predict, status

    def get(self, endpoint: str, timeout: float) -> Reply:
        return Reply("GET", self.url(endpoint), 200, b'{"status": "UP"}', 0.0)

    def post(self, endpoint: str, payload: Any, timeout: float) -> Reply:
        if endpoint == "setup":
            return Reply("POST", self.url(endpoint), 200, b'{"model_version": "v1"}', 0.0)
        n = len(payload["tasks"])
        body = self.predict.replace(b"__ONE__", json.dumps({"results": [GOOD] * n}).encode())
        return Reply("POST", self.url(endpoint), self.status, body, 0.0)


def _run(client: Client) -> Run:
    run = Run(client, CONFIG, TASKS, Timeouts(), "1.1")
    run.run()
    return run


def _stored(answer: Any, n: int) -> bool:
    """Would Label Studio store a clean prediction for each of `n` tasks from this answer?"""
    if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
        return False
    results = answer["results"]
    if len(results) != n:
        return False
    items = [p for r in results for p in (r if isinstance(r, list) else [r])]
    return all(not CONFIG.check_prediction(p) for p in items) and all(
        not isinstance(r, list) or r for r in results
    )


@SETTINGS
@given(answers)
def test_an_answer_passes_only_when_label_studio_stores_it(answer: Any) -> None:
    run = _run(Canned(json.dumps(answer).encode()))
    errors = [d for d in run.found if d.severity == "error"]
    # The same answer goes to the one-task and the three-task calls; a clean run needs it to fit one.
    assert errors or _stored(answer, 1) or _stored(answer, 3)


@SETTINGS
@given(st.binary(max_size=64), st.sampled_from([200, 201, 400, 404, 500, 502]))
def test_any_bytes_never_crash_and_never_pass(body: bytes, status: int) -> None:
    run = _run(Canned(body, status))
    assert any(d.severity == "error" for d in run.found)


def test_a_well_formed_answer_per_call_passes() -> None:
    run = _run(Canned(b"__ONE__"))
    assert run.found == []


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    run = _run(Canned(b"[" * 100_000 + b"]" * 100_000))
    assert [d.code for d in run.found] == ["LC952"]
