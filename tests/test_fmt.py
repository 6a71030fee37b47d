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


NEAT = (
    '<View>\n  <Text name="text" value="$text"/>\n  <Choices name="s" toName="text">\n'
    '    <Choice value="A"/>\n  </Choices>\n</View>\n'
)
MESSY = (
    '<View><Text value="$text" name="text"/>'
    '<Choices name="s" toName="text"><Choice value="A"/></Choices></View>'
)


def _fmt(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["fmt", *args])
    return result.exit_code, result.output


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    neat = tmp_path / "neat.xml"
    neat.write_bytes(NEAT.replace("\n", "\r\n").encode())
    assert _fmt("--check", str(neat)) == (0, "")  # already formatted: nothing to say
    messy = tmp_path / "messy.xml"
    messy.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("><C", ">\r\n<C").encode() + b"\r\n")
    assert _fmt(str(messy))[0] == 0
    assert messy.read_bytes() == b"\xef\xbb\xbf" + NEAT.replace("\n", "\r\n").encode()
    assert _fmt("--check", str(messy)) == (0, "")
    wide = tmp_path / "wide.xml"
    wide.write_bytes(MESSY.encode("utf-16"))  # with its byte order mark
    assert _fmt(str(wide))[0] == 0
    assert wide.read_bytes() == NEAT.encode("utf-16")


def test_project_json_has_its_config_formatted_in_place(tmp_path: Path) -> None:
    import json

    project = tmp_path / "project.json"
    head = '{\n    "id": 3,\n    "title": "Café \\u00e9",\n    "label_config": '
    tail = ',\n    "expert_instruction": "<b>read</b>"\n}\n'
    project.write_text(head + json.dumps(MESSY) + tail, encoding="utf-8")
    assert _fmt("--check", str(project)) == (1, f"would reformat {project}\n")
    assert _fmt(str(project))[0] == 0
    assert project.read_text(encoding="utf-8") == head + json.dumps(NEAT) + tail  # the rest, byte for byte
    assert _fmt("--check", str(project)) == (0, "")
    assert CliRunner().invoke(main, ["check", str(project)]).exit_code == 0
    # A list of projects: each config in place; raw non-ASCII stays raw.
    many = tmp_path / "projects.json"
    projects = [{"label_config": c} for c in (MESSY, MESSY.replace('"A"', '"Ä"'))]
    many.write_text(json.dumps(projects, ensure_ascii=False))
    assert _fmt(str(many))[0] == 0
    written = many.read_text(encoding="utf-8")
    assert "Ä" in written
    assert [p["label_config"] for p in json.loads(written)] == [NEAT, NEAT.replace('"A"', '"Ä"')]


def test_template_yaml_has_its_config_formatted_in_place(tmp_path: Path) -> None:
    import json

    import yaml

    template = tmp_path / "config.yml"
    top = "title: Sentiment  # shown in the gallery\ntype: community\nconfig: |\n"
    block = "".join(f"  {line}\n" for line in MESSY.replace("><C", ">\n<C").splitlines())
    template.write_text(top + block + "details: kept\n")
    assert _fmt(str(template))[0] == 0
    assert template.read_text() == top + "".join(f"  {x}\n" for x in NEAT.splitlines()) + "details: kept\n"
    assert _fmt("--check", str(template)) == (0, "")
    # Any other style of scalar becomes a literal block holding the formatted config.
    for i, scalar in enumerate([json.dumps(MESSY), f"'{MESSY}'", f">\n  {MESSY}\n"]):
        quoted = tmp_path / f"template{i}.yaml"
        quoted.write_bytes(f"config: {scalar}\nother: [1, 2]\n".replace("\n", "\r\n").encode())
        assert _fmt(str(quoted))[0] == 0
        assert yaml.safe_load(quoted.read_text()) == {"config": NEAT, "other": [1, 2]}
        assert b"\r\n" in quoted.read_bytes() and b"\n" not in quoted.read_bytes().replace(b"\r\n", b"")
        assert _fmt("--check", str(quoted)) == (0, "")
    stripped = tmp_path / "template.yml"
    stripped.write_text("config: |-\n  " + MESSY + "\nx: 1\n")
    assert _fmt(str(stripped))[0] == 0
    assert yaml.safe_load(stripped.read_text()) == {"config": NEAT.rstrip("\n"), "x": 1}
    assert _fmt("--check", str(stripped)) == (0, "")


def test_embedded_configs_that_cannot_be_formatted(tmp_path: Path) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "x"}')
    code, output = _fmt(str(other))
    assert code == 2 and "package.json:1:1" in output and "no `label_config`" in output
    broken = tmp_path / "project.json"
    broken.write_text('{\n  "label_config": "<View><Text"\n}\n')
    code, output = _fmt(str(broken))
    assert code == 2 and "project.json:2:" in output and "Traceback" not in output
    assert broken.read_text() == '{\n  "label_config": "<View><Text"\n}\n'
