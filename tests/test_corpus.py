"""Our own corpus of valid configs: realistic, error-free, and together using every registered tag.

A fixture may start with `<!-- allow: LC103 LC104 -->`; only the listed codes may then be reported
(enterprise, unsupported and internal tags are reported by design), and each listed code must be.
Any other first-line comment is a plain description, and nothing at all may be reported.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import labelconfig
from labelconfig.tags import REGISTRY
from labelconfig.tags.model import Kind

VALID = Path(__file__).parent / "fixtures" / "valid"
FIXTURES = sorted(VALID.glob("*.xml"))
_ALLOW = re.compile(rb"^<!--\s*allow:\s*(.*?)\s*-->")

# The Label Studio tutorial configs, written out in our own fixtures.
TUTORIALS = (
    "sentiment_text_choices.xml",
    "image_classification.xml",
    "object_detection_rectangles.xml",
    "ner_labels_before_text.xml",
    "summarization_textarea.xml",
)


def _allowed(path: Path) -> set[str]:
    m = _ALLOW.match(path.read_bytes())
    return set(m.group(1).decode().split()) if m else set()


def _parse(path: Path) -> labelconfig.Config:
    return labelconfig.parse(path.read_bytes(), filename=str(path))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_valid_fixture_is_clean(path: Path) -> None:
    allowed = _allowed(path)
    assert allowed <= {"LC103", "LC104", "LC105"}, "only tag-status findings may be allowed"
    cfg = _parse(path)
    unexpected = [d for d in cfg.diagnostics if d.code not in allowed]
    assert not unexpected, "\n".join(f"{d.code}@{d.line}:{d.column} {d.message}" for d in unexpected)
    assert {d.code for d in cfg.diagnostics} == allowed, "an allowed code is no longer reported"
    if not allowed:
        assert cfg.ok
        labelconfig.parse(path.read_bytes(), strict=True)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_valid_fixture_controls_point_at_objects(path: Path) -> None:
    cfg = _parse(path)
    assert cfg.root is not None and cfg.root.tag == "View"
    for control in cfg.controls.values():
        for target in control.to_name:
            assert target in cfg.objects or target in cfg.controls, f"{control.name} -> {target}"


def test_every_registered_tag_is_used() -> None:
    used: set[str] = set()
    for path in FIXTURES:
        used |= {el.spec.name for el in _parse(path).elements() if el.spec is not None}
    missing = sorted(set(REGISTRY) - used)
    assert not missing, f"no valid fixture uses {missing}"
    assert len(REGISTRY) >= 68


def test_every_tag_is_written_with_its_canonical_spelling() -> None:
    for path in FIXTURES:
        for el in _parse(path).elements():
            assert el.spec is not None, f"{path.name}: unknown tag {el.tag}"
            assert el.tag == el.spec.name, f"{path.name}: {el.tag}"


def test_tutorial_configs_are_present() -> None:
    names = {p.name for p in FIXTURES}
    assert set(TUTORIALS) <= names


def test_tutorial_sentiment() -> None:
    cfg = _parse(VALID / "sentiment_text_choices.xml")
    assert cfg.controls["sentiment"].labels == ("Positive", "Neutral", "Negative")
    assert cfg.controls["sentiment"].to_name == ("review",)
    assert cfg.controls["sentiment"].result_type == "choices"
    assert cfg.variables == ("review",)


def test_tutorial_image_classification() -> None:
    cfg = _parse(VALID / "image_classification.xml")
    assert cfg.objects["photo"].variable == "image_url"
    assert cfg.controls["animals"].labels == ("Cat", "Dog", "Bird", "none")
    assert cfg.controls["animals"].attr("choice") == "multiple"


def test_tutorial_rectangles_with_background() -> None:
    cfg = _parse(VALID / "object_detection_rectangles.xml")
    boxes = cfg.controls["vehicles"]
    assert boxes.result_type == "rectanglelabels"
    assert boxes.options[0].value == "Car"
    assert boxes.options[0].attr("background") == "red"
    assert boxes.labels[-1] == "person"


def test_tutorial_ner_labels_before_text() -> None:
    cfg = _parse(VALID / "ner_labels_before_text.xml")
    tags = [el.tag for el in cfg.elements()]
    assert tags.index("Labels") < tags.index("Text")
    assert cfg.controls["entities"].to_name == ("article",)
    assert cfg.objects["article"].spec is not None
    assert cfg.objects["article"].spec.kind is Kind.OBJECT


def test_tutorial_summarization() -> None:
    cfg = _parse(VALID / "summarization_textarea.xml")
    summary = cfg.controls["summary"]
    assert summary.attr("placeholder") == "Write the summary here..."
    assert summary.attr("maxSubmissions") == 1
    assert summary.attr("rows") == 4
