"""Project settings found as ruff finds its configuration, and the flags that go with them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from labelconfig.cli import main

CONTROL = '<Choices name="c" toName="t"><Choice value="A"/></Choices></View>'
BAD_ATTR = '<View><Text name="t" value="$t" colour="red"/>' + CONTROL  # LC201
BAD_TAG = '<View><Text name="t" value="$t"/><Choise value="A"/>' + CONTROL  # LC102


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _codes(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict[str, list[str]]]:
    """Run `check --format json` from `cwd`; the codes found per file (relative to `cwd`)."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    found: dict[str, list[str]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        found.setdefault(Path(d["file"]).as_posix(), []).append(d["code"])
    return result.exit_code, found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repo with settings at the top, a nested labelconfig.toml, and a pyproject without a section."""
    _write(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.labelconfig]
                ignore = ["LC201"]
                exclude = ["vendor"]
                per-file-ignores = {"legacy/*.xml" = ["LC102"]}
                format = "json"
            """,
            "a.xml": BAD_ATTR,
            "legacy/old.xml": BAD_TAG,
            "vendor/theirs.xml": BAD_TAG,
            "strict/labelconfig.toml": 'select = ["LC2"]\n',
            "strict/b.xml": BAD_TAG.replace('value="$t"/>', 'value="$t" colour="red"/>'),
            "plain/pyproject.toml": '[project]\nname = "x"\n',
            "plain/deep/c.xml": BAD_ATTR,
        },
    )
    return tmp_path


def test_nearest_settings_apply_per_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, found = _codes(project, monkeypatch, ".")
    # Top settings ignore LC201 everywhere below them, also through a pyproject with no section.
    assert "a.xml" not in found and "plain/deep/c.xml" not in found
    # per-file-ignores: the unknown tag in legacy/ is not reported.
    assert "legacy/old.xml" not in found
    # exclude: vendor/ is not searched.
    assert not any(f.startswith("vendor") for f in found)
    # The nested labelconfig.toml replaces the top settings (ruff does not merge them): LC2 only.
    assert found["strict/b.xml"] == ["LC201"]
    assert code == 0
    # Without the top settings, everything is found (so the assertions above can fail).
    (project / "pyproject.toml").unlink()
    _, everything = _codes(project, monkeypatch, ".")
    assert {"a.xml", "legacy/old.xml", "vendor/theirs.xml", "plain/deep/c.xml"} <= set(everything)


def test_discovery_starts_from_each_file_not_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from deep inside a directory without settings: files elsewhere still get their own.
    _, found = _codes(project / "plain" / "deep", monkeypatch, "../../strict/b.xml", "c.xml")
    assert found == {"../../strict/b.xml": ["LC201"]}


def test_format_comes_from_the_working_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "legacy")
    result = CliRunner().invoke(main, ["check", "old.xml"])
    json.loads(result.stdout)  # the settings' format
    text = CliRunner().invoke(main, ["check", "--format", "text", "old.xml"])
    assert text.stdout.startswith("All checks passed")


def test_flags_override_settings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, found = _codes(project, monkeypatch, "--ignore", "LC3", "a.xml", "strict/b.xml")
    assert found["a.xml"] == ["LC201"]  # --ignore replaced the settings' ignore
    assert found["strict/b.xml"] == ["LC201"]  # settings the flags do not name stay (select LC2)
    code, found = _codes(project, monkeypatch, "--select", "LC102", "strict/b.xml")
    assert found == {"strict/b.xml": ["LC102"]} and code == 1


def test_named_files_are_checked_even_when_excluded(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, found = _codes(project, monkeypatch, "vendor/theirs.xml")
    assert found == {"vendor/theirs.xml": ["LC102"]}


def test_exit_zero_and_statistics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"a.xml": BAD_TAG, "b.xml": BAD_TAG, "c.xml": BAD_ATTR})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--statistics", "--exit-zero", "."])
    assert result.exit_code == 0
    tail = result.stdout.splitlines()[-2:]
    assert [line.split()[:2] for line in tail] == [["2", "LC102"], ["1", "LC201"]]
    machine = CliRunner().invoke(main, ["check", "--statistics", "--format", "json", "."])
    assert machine.exit_code == 1
    json.loads(machine.stdout)  # statistics go to stderr when stdout is machine-readable
    assert "LC102" in machine.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[tool.labelconfig]\nselect = [\n", "pyproject.toml: invalid TOML"),
        ('[tool.labelconfig]\n\nselect = ["LC999"]\n', "pyproject.toml:3: `select` names an unknown rule"),
        ('[tool.labelconfig]\nformat = "xml"\n', "pyproject.toml:2: `format` must be one of"),
        ("[tool.labelconfig]\nexclude = 3\n", "pyproject.toml:2: `exclude` must be a list of strings"),
        ("[tool.labelconfig]\nslect = []\n", "pyproject.toml:2: `slect` is not a setting"),
    ],
)
def test_bad_settings_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    _write(tmp_path, {"pyproject.toml": text, "sub/a.xml": BAD_ATTR})
    monkeypatch.chdir(tmp_path / "sub")
    result = CliRunner().invoke(main, ["check", "a.xml"])
    assert result.exit_code == 2
    assert expected in result.stderr and "Traceback" not in result.output + result.stderr
