"""Severity means one thing: an error is what Label Studio refuses, or what its editor cannot record or
load as declared; anything that works as written is at most a warning. Every rule says which Label
Studio behaviour stands behind its severity (`Rule.behaviour`), and these tests keep that text honest
enough to be more than boilerplate."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from labelconfig.cli import main
from labelconfig.diagnostics import Rule, Severity
from labelconfig.rules import RULES

# An error's behaviour names the refusal or the loss.
_REFUSAL_OR_LOSS = re.compile(
    r"refuse|reject|raise|lost\b|lose|drop|discard|block|cannot|crash|not shown|never shows",
    re.IGNORECASE,
)
# A warning or info works as written: its behaviour does not claim that anything is lost.
_LOSS = re.compile(r"\blost\b|\bloses?\b|data loss|\bdrop|discard", re.IGNORECASE)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_states_label_studio_behaviour(rule: Rule) -> None:
    text = rule.behaviour.strip()
    assert text, f"{rule.code} has no behaviour"
    assert len(text.split()) >= 8, f"{rule.code}: say what Label Studio does, in a sentence"
    assert text not in (r.behaviour.strip() for r in RULES if r is not rule), f"{rule.code}: copied text"
    if rule.severity is Severity.ERROR:
        assert _REFUSAL_OR_LOSS.search(text), f"{rule.code} is an error: name the refusal or the loss"
    else:
        found = _LOSS.search(text)
        assert found is None, f"{rule.code} is a {rule.severity} but claims a loss ({found.group()!r})"


def test_rule_page_shows_behaviour() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["rules", "LC305"])
    assert text.exit_code == 0
    assert "Label Studio's behaviour:" in text.output
    assert "Pairwise.js:133" in text.output
    page = runner.invoke(main, ["rules", "LC811", "--format", "json"])
    assert page.exit_code == 0
    data = json.loads(page.output)
    assert data["severity"] == "warning"
    assert data["behaviour"] == next(r.behaviour for r in RULES if r.code == "LC811")
    listing = json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)
    assert all(item["behaviour"] for item in listing)
