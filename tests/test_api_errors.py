"""The Python API refuses wrong arguments with typed, documented errors that say what was expected
(issue 18, item 9; repro/quality/api-errors). Builder refusals are in tests/test_builder.py."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import labelconfig
from labelconfig import quality
from labelconfig.render import render_tasks_html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agreement"
CONFIG = '<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A"/></Choices></View>'


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: labelconfig.render_html(CONFIG), "render_html() takes a labelconfig Config, not str"),
        (lambda: labelconfig.render_html(labelconfig.parse(CONFIG), "t"), "takes the task as a dict"),
        (lambda: render_tasks_html(CONFIG, [{}]), "render_tasks_html() takes a labelconfig Config"),
        (lambda: render_tasks_html(labelconfig.parse(CONFIG), "tasks"), "takes a list of tasks"),
        (lambda: labelconfig.parse(None), "parse() takes the config as str or bytes, not NoneType"),
        (lambda: labelconfig.parse(CONFIG, select=[3]), "`select` takes rule codes as strings"),
    ],
)
def test_wrong_types_raise_type_error_naming_what_was_expected(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        call()


def test_unknown_rule_codes_are_refused_as_the_cli_refuses_them() -> None:
    with pytest.raises(ValueError, match=r"unknown rule code or prefix: LC999 \(see `labelconfig rules`\)"):
        labelconfig.parse(CONFIG, select=["LC999"])
    with pytest.raises(ValueError, match="LC9999"):
        labelconfig.check_config(CONFIG, ignore=["LC1", "LC9999"])
    with pytest.raises(ValueError, match="LC01"):
        labelconfig.load(EXAMPLES / "config.xml", select="LC01")


def test_a_lone_code_string_is_one_selection() -> None:
    # Not the characters "L", "C", "3" ... (a str is an iterable of strings too).
    found = labelconfig.check_config('<View><Choices name="c" toName="x"/></View>', select="LC302")
    assert [d.code for d in found] == ["LC302"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"iou_threshold": 2}, "iou_threshold must be a number from 0 to 1, not 2"),
        ({"span_threshold": -0.1}, "span_threshold must be a number from 0 to 1"),
        ({"keypoint_sigma": 0}, "keypoint_sigma must be a positive number"),
    ],
)
def test_agreement_refuses_thresholds_the_cli_refuses(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        quality.agreement(EXAMPLES / "export.json", EXAMPLES / "config.xml", **kwargs)


def test_consensus_refuses_what_the_cli_refuses(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with pytest.raises(ValueError, match="iou_threshold"):
        quality.consensus(EXAMPLES / "export.json", EXAMPLES / "config.xml", out, iou_threshold=1.5)
    with pytest.raises(ValueError, match="min_support"):
        quality.consensus(EXAMPLES / "export.json", EXAMPLES / "config.xml", out, min_support=0)
    with pytest.raises(ValueError, match="max_spread"):
        quality.consensus(EXAMPLES / "export.json", EXAMPLES / "config.xml", out, max_spread=-1)
    with pytest.raises(ValueError, match="text_threshold"):
        quality.consensus(EXAMPLES / "export.json", EXAMPLES / "config.xml", out, text_threshold=2)
    assert not out.exists()


PUBLIC = [
    labelconfig.parse,
    labelconfig.load,
    labelconfig.check_config,
    labelconfig.check_files,
    labelconfig.render_html,
    quality.agreement,
    quality.consensus,
    quality.review_sample,
]


@pytest.mark.parametrize("func", PUBLIC, ids=lambda f: f.__name__)
def test_help_says_what_it_takes_and_what_it_raises(func: Callable[..., object]) -> None:
    doc = inspect.getdoc(func) or ""
    first = doc.split("\n\n")[0]
    assert len(first.split()) >= 8, f"{func.__name__}: say what it does in the first paragraph"
    assert "Raises" in doc or "raises" in doc, f"{func.__name__}: say what it raises"
