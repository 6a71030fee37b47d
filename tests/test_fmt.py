"""`labelconfig fmt`: canonical, idempotent, and meaning-preserving."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from test_properties import serialised

from labelconfig.check import run
from labelconfig.cli import main
from labelconfig.fmt import FormatError, format_config
from labelconfig.nodes import Element
from labelconfig.source import Source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = sorted(
    [
        *(FIXTURES / "valid").glob("*.xml"),
        *(FIXTURES / "realworld").glob("*.xml"),
        *(FIXTURES / "rules").glob("*/*.xml"),
    ]
)


def _unordered(el: Element) -> Element:
    """`el` with attributes in name order: fmt reorders them, which changes nothing else."""
    attributes = tuple(sorted(el.attributes, key=lambda a: a.name))
    return replace(el, attributes=attributes, children=tuple(_unordered(c) for c in el.children))


def _meaning(text: str) -> tuple[Element | None, list[tuple[str, str]]]:
    """The AST (positions are not part of element equality) and the diagnostics, by code and path."""
    parsed, _, found = run(Source(text, "c.xml"))
    root = _unordered(parsed.root) if parsed.root is not None else None
    return root, sorted((d.code, d.path) for d in found)


def _assert_formats_faithfully(text: str) -> None:
    try:
        once = format_config(text)
    except FormatError:
        assert _meaning(text)[0] is None  # fmt refuses only what does not parse
        return
    assert format_config(once) == once  # idempotent
    assert _meaning(once) == _meaning(text)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (the command decodes such files; covered in test_command_line)")
    _assert_formats_faithfully(text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(serialised())
def test_generated_configs(case: tuple[str, object]) -> None:
    _assert_formats_faithfully(case[0])


def test_canonical_layout() -> None:
    messy = (
        "<!-- labelconfig: ignore-file LC103 -->\n<View>\n\n"
        "   <Header>Rate  <b>this</b></Header>\n"
        "<!-- labelconfig: ignore LC201 -->\n"
        "<Choices toName='t' madeUp='x' name='c' choice=\"single\" >"
        "<Choice value='a &amp; &lt;b&gt; \"q\"'/></Choices>"
        '<Text value="$t" name="t"></Text></View>'
    )
    assert format_config(messy) == (
        "<!-- labelconfig: ignore-file LC103 -->\n"
        "<View>\n"
        "  <Header>Rate  <b>this</b></Header>\n"
        "  <!-- labelconfig: ignore LC201 -->\n"
        '  <Choices name="c" toName="t" choice="single" madeUp="x">\n'
        '    <Choice value="a &amp; &lt;b&gt; &quot;q&quot;"/>\n'
        "  </Choices>\n"
        '  <Text name="t" value="$t"/>\n'
        "</View>\n"
    )


def test_command_line(tmp_path: Path) -> None:
    messy, neat = tmp_path / "messy.xml", tmp_path / "neat.xml"
    messy.write_text('<View><Text value="$t" name="t"/></View>')
    neat.write_text(format_config(messy.read_text()))
    check = CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)])
    assert check.exit_code == 1 and check.output == f"would reformat {messy}\n"
    diff = CliRunner().invoke(main, ["fmt", "--diff", str(messy)])
    assert diff.exit_code == 1 and '+  <Text name="t" value="$t"/>' in diff.output
    assert CliRunner().invoke(main, ["fmt", str(tmp_path)]).exit_code == 0
    assert messy.read_text() == neat.read_text()
    assert CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0
    latin = tmp_path / "latin.xml"
    latin.write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<View><Header value="Café"/></View>'.encode("latin-1")
    )
    assert CliRunner().invoke(main, ["fmt", str(latin)]).exit_code == 0
    assert latin.read_bytes().decode("latin-1").endswith('<View>\n  <Header value="Café"/>\n</View>\n')
    broken = tmp_path / "broken.xml"
    broken.write_text("<View>\n  <Text")
    result = CliRunner().invoke(main, ["fmt", str(broken)])
    assert result.exit_code == 2 and "broken.xml:2:" in result.output and "Traceback" not in result.output
