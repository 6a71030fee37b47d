"""The command line: exit codes, inputs, and golden output for every format.

Golden files are refreshed only on request: `LABELCONFIG_UPDATE_GOLDEN=1 pytest tests/test_cli.py`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from labelconfig.cli import main
from labelconfig.rules import RULES

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("LABELCONFIG_UPDATE_GOLDEN") == "1"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _in_tests_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    # Golden output names files relative to tests/, so it does not depend on the checkout path.
    monkeypatch.chdir(HERE)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_golden_output(fmt: str) -> None:
    code, out = invoke("check", "--format", fmt, "golden/clean.xml", "golden/mixed.xml")
    assert code == 1
    out = out.replace(__import__("labelconfig").__version__, "VERSION")
    golden = GOLDEN / f"mixed.{fmt}.txt"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_exit_codes(tmp_path: Path) -> None:
    assert invoke("check", "golden/clean.xml")[0] == 0
    warn = tmp_path / "warn.xml"
    warn.write_text('<View><Image name="i" value="$i"/></View>')
    code, out = invoke("check", str(warn))
    assert code == 0 and "LC111" in out
    assert invoke("check", "golden/mixed.xml")[0] == 1
    code, out = invoke("check", "does-not-exist.xml")
    assert code == 2 and "does-not-exist.xml" in out
    assert invoke("check", "--select", "XY9", "golden/clean.xml")[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("check", str(empty))[0] == 2
    assert invoke("check")[0] == 2


def test_json_shape() -> None:
    _code, out = invoke("check", "--format", "json", "golden/mixed.xml")
    data = json.loads(out)
    assert set(data) == {"diagnostics", "summary"}
    keys = ["code", "name", "severity", "message", "file", "line", "column", "end_line", "end_column", "path"]
    keys += ["item", "help", "suggestion"]
    assert all(list(d) == keys for d in data["diagnostics"])
    assert data["summary"]["files"] == 1
    assert data["summary"]["errors"] == sum(d["severity"] == "error" for d in data["diagnostics"])


def test_stdin_and_select_ignore() -> None:
    config = (
        '<View><Text name="t" value="$t"/><Choices name="c" toName="x"><Choice value="A"/></Choices></View>'
    )
    code, out = invoke("check", "--format", "json", "-", stdin=config)
    assert code == 1
    assert [(d["file"], d["code"]) for d in json.loads(out)["diagnostics"]] == [("<stdin>", "LC302")]
    code, out = invoke("check", "--ignore", "LC3", "-", stdin=config)
    assert code == 0
    code, out = invoke("check", "--format", "json", "--select", "LC2", "golden/mixed.xml")
    assert {d["code"][:3] for d in json.loads(out)["diagnostics"]} == {"LC2"}


def test_directory_is_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.xml").write_text("<View><Choise/></View>")
    (tmp_path / "notes.txt").write_text("not a config")
    code, out = invoke("check", "--format", "json", str(tmp_path))
    assert code == 1
    assert {d["code"] for d in json.loads(out)["diagnostics"]} == {"LC102", "LC111"}


def test_project_json_positions_point_into_the_file(tmp_path: Path) -> None:
    config = (
        '<View>\n  <Text name="text" value="$t"/>\n  <Choices name="c" toName="txt">\n'
        '    <Choice value="A"/>\n  </Choices>\n</View>'
    )
    project = tmp_path / "project.json"
    project.write_text(json.dumps({"id": 7, "title": "x", "label_config": config}, indent=2))
    _code, out = invoke("check", "--format", "json", str(project))
    [d] = json.loads(out)["diagnostics"]
    line = project.read_text().splitlines()[d["line"] - 1]
    assert d["code"] == "LC302"
    assert line[d["column"] - 1 : d["end_column"] - 1] == "txt"


def test_yaml_template_positions_point_into_the_file(tmp_path: Path) -> None:
    template = tmp_path / "config.yml"
    template.write_text(
        'title: Sentiment\ntype: community\nconfig: |\n  <View>\n    <Text name="text" value="$t"/>\n'
        '    <Choices name="c" toName="txt">\n      <Choice value="A"/>\n    </Choices>\n  </View>\n'
    )
    _code, out = invoke("check", "--format", "json", str(template))
    [d] = json.loads(out)["diagnostics"]
    assert (d["code"], d["line"], d["column"]) == ("LC302", 6, 31)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", '{"label_config": ', "invalid JSON"),
        ("none.json", '{"title": "no config"}', "no `label_config`"),
        ("bad.yml", "config: [unclosed", "invalid YAML"),
        ("none.yaml", "title: x\n", "no `config:`"),
    ],
)
def test_unreadable_containers(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    code, out = invoke("check", "--format", "json", str(path))
    [d] = json.loads(out)["diagnostics"]
    assert code == 1 and d["code"] == "LC006" and message in d["message"]


def test_rules_command() -> None:
    code, out = invoke("rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.code for r in RULES]
    code, out = invoke("rules", "LC301")
    assert code == 0 and "duplicate-name" in out and "Use instead" in out
    code, out = invoke("rules", "duplicate-name")
    assert code == 0 and "LC301" in out
    code, out = invoke("rules", "--format", "json")
    assert len(json.loads(out)) == len(RULES)
    code, out = invoke("rules", "LC999")
    assert code == 2
