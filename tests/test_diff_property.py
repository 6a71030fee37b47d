"""`diff` held to the linter: for generated config edits and results generated valid under the OLD
config (tests/config_edits.py), diff calls the edit breaking exactly when some of those results fail
`check` under NEW."""

from __future__ import annotations

import copy
from typing import Any

from config_edits import Spec, annotations, edits, render
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.config import Config
from labelconfig.diff import diff
from labelconfig.payloads.sample import sample_task


def _errors(cfg: Config, data: dict[str, Any], annotation: dict[str, Any]) -> list[str]:
    task = {"data": data, "annotations": [copy.deepcopy(annotation)]}
    return [f"{d.code} {d.path}: {d.message}" for d in cfg.check_task(task) if d.is_error]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_diff_is_breaking_exactly_when_old_results_fail_the_new_config(data: st.DataObject) -> None:
    before = data.draw(edits(Spec()))  # the old config is itself an edit of the base
    after = data.draw(edits(before))
    old, new = labelconfig.parse(render(before)), labelconfig.parse(render(after))
    assert old.ok and new.ok, (old.errors, new.errors)
    task_data = sample_task(old)
    valid = annotations(old, task_data)
    for annotation in valid:
        assert _errors(old, task_data, annotation) == [], annotation  # the generator's promise
    failures = [e for a in valid for e in _errors(new, task_data, a)]
    changes = diff(old, new)
    breaking = [c.message for c in changes if c.breaking]
    event(f"breaking: {bool(breaking)}")
    assert bool(breaking) == bool(failures), (render(before), render(after), breaking, failures[:5])
