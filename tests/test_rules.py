"""Rule fixtures and the rule catalogue.

Each rule has a directory `tests/fixtures/rules/<CODE>/` of `bad_*.xml` and `good_*.xml` files. A
fixture's first line is `<!-- expect: LC301@4:9 LC301@5:9 -->` (every diagnostic of the directory's
code, exactly, as code@line:column) or `<!-- expect: none -->`. When the first line cannot hold the
comment (an XML declaration must come first, or the file is raw bytes), a sidecar `<stem>.expect`
holds the same list. A sidecar `<stem>.xfail` marks a known linter bug; it holds the reason.

XML fixtures are read as bytes and given to `labelconfig.parse`. JSON and YAML fixtures (project
exports and templates, for LC006) go through `labelconfig.inputs.load_bytes` first, as the CLI does;
their expectations are always sidecars.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

import labelconfig
from labelconfig.backend import codes as backend_codes
from labelconfig.check import run
from labelconfig.diagnostics import Diagnostic, Rule
from labelconfig.inputs import load_bytes
from labelconfig.payloads import codes as payload_codes
from labelconfig.rules import (
    BACKEND_RULES,
    BY_CODE,
    PAYLOAD_RULES,
    RULES,
    attributes,
    conditions,
    options,
    references,
    structure,
    syntax,
    variables,
)

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
# ML-backend rules (LC95x, LC96x) have scripted-backend cases, run by tests/test_backend.py.
BACKEND_FIXTURES = Path(__file__).parent / "fixtures" / "backend"
# Payload rules (LC7xx-LC9xx) have JSON fixtures of their own, run by tests/test_payload_rules.py.
PAYLOAD_FIXTURES = Path(__file__).parent / "fixtures" / "payloads"
_EXPECT = re.compile(rb"^(?:\xef\xbb\xbf)?<!--\s*expect:\s*(.*?)\s*-->")
_ITEM = re.compile(r"^(LC\d{3})@(\d+):(\d+)$")
_SUFFIXES = (".xml", ".json", ".yaml")


def _paths() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/*") if p.suffix in _SUFFIXES)


def _diagnostics(path: Path) -> list[Diagnostic]:
    data = path.read_bytes()
    if path.suffix == ".xml":
        return list(labelconfig.parse(data, filename=str(path)).diagnostics)
    found: list[Diagnostic] = []
    for loaded in load_bytes(data, str(path)):
        found += loaded.diagnostics
        if loaded.source is not None:
            found += run(loaded.source)[2]
    return found


def _expectation(path: Path) -> list[tuple[str, int, int]]:
    sidecar = path.with_suffix(".expect")
    if sidecar.exists():
        spec = sidecar.read_text(encoding="utf-8").strip()
    else:
        m = _EXPECT.match(path.read_bytes())
        assert m, f"{path.name}: first line must be <!-- expect: ... --> (or add {sidecar.name})"
        spec = m.group(1).decode("utf-8").strip()
    if spec == "none":
        return []
    out = []
    for item in spec.split():
        m = _ITEM.match(item)
        assert m, f"{path.name}: bad expectation {item!r}"
        out.append((m.group(1), int(m.group(2)), int(m.group(3))))
    return out


def _fixtures() -> list[object]:
    params = []
    for path in _paths():
        marks = []
        xfail = path.with_suffix(".xfail")
        if xfail.exists():
            marks.append(pytest.mark.xfail(strict=True, reason=xfail.read_text(encoding="utf-8").strip()))
        params.append(pytest.param(path, id=f"{path.parent.name}/{path.stem}", marks=marks))
    return params


@pytest.mark.parametrize("path", _fixtures())
def test_rule_fixture(path: Path) -> None:
    code = path.parent.name
    assert code in BY_CODE, f"fixture directory {code} names no rule"
    expected = _expectation(path)
    assert all(c == code for c, _, _ in expected), f"{path.name}: expects codes other than {code}"
    assert path.name.startswith(("bad_", "good_"))
    if path.name.startswith("bad_"):
        assert expected, "a bad fixture must expect at least one diagnostic"
    else:
        assert not expected, "a good fixture must expect none"

    found = [d for d in _diagnostics(path) if d.code == code]
    got = Counter((d.code, d.line, d.column) for d in found)
    assert got == Counter(expected), "\n".join(f"{d.code}@{d.line}:{d.column} {d.message}" for d in found)
    for d in found:
        assert d.severity == BY_CODE[code].severity
        assert d.name == BY_CODE[code].name
        assert d.message
        assert d.file == str(path)


# ---------------------------------------------------------------- the catalogue

_FAMILIES = {
    "0": syntax,
    "1": structure,
    "2": attributes,
    "3": references,
    "4": options,
    "5": conditions,
    "6": variables,
    "7": payload_codes,
    "8": payload_codes,
    "9": payload_codes,
    "95": backend_codes,  # the ML-backend contract: a family of its own inside the LC9 range
    "96": backend_codes,
}


def _family(code: str) -> ModuleType:
    return _FAMILIES.get(code[2:4]) or _FAMILIES[code[2]]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"LC\d{3}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    for field in ("summary", "why", "example", "instead"):
        assert getattr(rule, field).strip(), f"{rule.code} has an empty {field}"
    family = _family(rule.code)
    assert rule in family.RULES, f"{rule.code} is not declared in {family.__name__}"
    assert isinstance(rule.severity, labelconfig.Severity)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_fixtures(rule: Rule) -> None:
    if rule in PAYLOAD_RULES:
        names = [p.name for p in (PAYLOAD_FIXTURES / rule.code).glob("*.json")]
    elif rule in BACKEND_RULES:
        names = [p.name for p in (BACKEND_FIXTURES / rule.code).glob("*.json")]
    else:
        names = [p.name for p in (FIXTURES / rule.code).glob("*") if p.suffix in _SUFFIXES]
    assert any(n.startswith("bad_") for n in names), f"{rule.code} has no bad fixture"
    assert any(n.startswith("good_") for n in names), f"{rule.code} has no good fixture"


def test_every_family_rule_is_registered() -> None:
    declared = [r for f in dict.fromkeys(_FAMILIES.values()) for r in f.RULES]
    assert list(RULES) == declared
    assert all(r.code[2] in "789" and r.code[2:4] not in ("95", "96") for r in PAYLOAD_RULES)
    assert all(r.code[2:4] in ("95", "96") for r in BACKEND_RULES)
    assert len(BY_CODE) == len(RULES)


def test_no_stray_fixture_files() -> None:
    for path in FIXTURES.rglob("*"):
        if path.is_file():
            assert path.suffix in (*_SUFFIXES, ".expect", ".xfail"), path
            if path.suffix in (".expect", ".xfail"):
                assert any(path.with_suffix(s).exists() for s in _SUFFIXES), f"{path} has no fixture"


# ---------------------------------------------------------------- suppression and selection

_NOISY = """\
<View>
  <Text name="text" value="$text" foo="1"/>
  <!-- labelconfig: ignore LC201 -->
  <View zzz="1">
    <Header value="x" bar="1"/>
  </View>
  <TextArea name="answer" toname="text" baz="1" rows="x"/>
</View>
"""


def _codes(text: str, **kw: object) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in labelconfig.check_config(text, **kw)]  # type: ignore[arg-type]


def test_without_suppression_everything_is_reported() -> None:
    assert _codes(_NOISY.replace("labelconfig: ignore LC201", "a plain comment")) == [
        ("LC201", 2),
        ("LC201", 4),
        ("LC201", 5),
        ("LC202", 7),
        ("LC201", 7),
        ("LC204", 7),
    ]


def test_ignore_comment_covers_next_element_and_its_subtree_only() -> None:
    assert _codes(_NOISY) == [("LC201", 2), ("LC202", 7), ("LC201", 7), ("LC204", 7)]


def test_ignore_comment_only_names_listed_codes() -> None:
    text = _NOISY.replace("ignore LC201", "ignore LC204")
    assert ("LC201", 4) in _codes(text)
    assert ("LC201", 5) in _codes(text)


def test_ignore_comment_without_codes_ignores_everything_below() -> None:
    text = """\
<View>
  <Text name="text" value="$text"/>
  <!-- labelconfig: ignore -->
  <TextArea name="answer" toname="text" baz="1" rows="x"/>
  <Number name="n" toName="text" zzz="1"/>
</View>
"""
    assert _codes(text) == [("LC201", 5)]


def test_ignore_comment_accepts_prefixes_and_several_codes() -> None:
    text = """\
<View>
  <Text name="text" value="$text"/>
  <!-- labelconfig: ignore LC2, LC302 -->
  <TextArea name="answer" toName="txt" baz="1" rows="x"/>
  <Number name="n" toName="text" zzz="1"/>
</View>
"""
    assert _codes(text) == [("LC201", 5)]


def test_ignore_file() -> None:
    text = "<!-- labelconfig: ignore-file LC201, LC202 -->\n" + _NOISY.replace("labelconfig:", "x")
    assert _codes(text) == [("LC204", 8)]


def test_ignore_file_after_the_root() -> None:
    text = _NOISY.replace("labelconfig:", "x") + "<!-- labelconfig: ignore-file LC2 -->\n"
    assert _codes(text) == []


def test_ignore_file_inside_the_root() -> None:
    text = _NOISY.replace("labelconfig: ignore LC201", "labelconfig: ignore-file LC201")
    assert _codes(text) == [("LC202", 7), ("LC204", 7)]


def test_ignore_file_without_codes_ignores_everything() -> None:
    text = "<!-- labelconfig: ignore-file -->\n<View><Choice>x</Choice></View>\n"
    assert _codes(text) == []


def test_first_line_expect_comment_is_not_a_directive() -> None:
    text = "<!-- expect: LC201@3:35 -->\n" + _NOISY.replace("labelconfig:", "x")
    assert ("LC201", 3) in _codes(text)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"select": ["LC202"]}, [("LC202", 7)]),
        (
            {"select": ["LC2"]},
            [("LC201", 2), ("LC201", 4), ("LC201", 5), ("LC202", 7), ("LC201", 7), ("LC204", 7)],
        ),
        ({"select": ["LC202,LC204"]}, [("LC202", 7), ("LC204", 7)]),
        ({"select": ["lc204"]}, [("LC204", 7)]),
        ({"ignore": ["LC201"]}, [("LC202", 7), ("LC204", 7)]),
        ({"ignore": ["LC2"]}, []),
        ({"ignore": ["LC20"]}, []),
        ({"select": ["LC2"], "ignore": ["LC201"]}, [("LC202", 7), ("LC204", 7)]),
        ({"select": ["LC3"]}, []),
    ],
)
def test_select_and_ignore(kw: dict[str, list[str]], expected: list[tuple[str, int]]) -> None:
    text = _NOISY.replace("labelconfig:", "x")
    assert _codes(text, **kw) == expected
    cfg = labelconfig.parse(text, **kw)  # type: ignore[arg-type]
    assert [(d.code, d.line) for d in cfg.diagnostics] == expected


def test_strict_raises_with_every_diagnostic() -> None:
    text = _NOISY.replace("labelconfig:", "x")
    with pytest.raises(labelconfig.ConfigError) as info:
        labelconfig.parse(text, strict=True)
    assert [d.code for d in info.value.diagnostics].count("LC201") == 4
    assert "LC204" in str(info.value)
    assert labelconfig.parse(text, strict=True, ignore=["LC204"]).ok


def test_ignore_comment_closing_an_element_does_not_reach_past_it() -> None:
    text = (
        '<View>\n  <Text name="t" value="$t"/>\n  <Choices name="c" toName="t">\n    <Choice value="A"/>\n'
        "    <!-- labelconfig: ignore LC201 -->\n  </Choices>\n"
        '  <Image name="i" value="$i" zooom="1"/>\n</View>'
    )
    assert _codes(text) == [("LC201", 7)]
