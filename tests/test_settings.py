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
    assert "a.xml" not in found  # --ignore adds to the settings' ignore (LC201 stays ignored)
    assert found["strict/b.xml"] == ["LC201"]  # settings the flags do not name stay (select LC2)
    code, found = _codes(project, monkeypatch, "--select", "LC102", "strict/b.xml")
    assert found == {"strict/b.xml": ["LC102"]} and code == 1
    _, found = _codes(project, monkeypatch, "--select", "LC201", "a.xml")
    assert found == {"a.xml": ["LC201"]}  # --select replaces the settings' select and ignore


# LC201 (an unknown attribute) and LC403 (a hotkey used twice), as in ruff's documented example.
TWO_CODES = """\
<View>
  <Text name="text" value="$text"/>
  <Choices name="c" toName="text" foo="1"><Choice value="A"/></Choices>
  <Labels name="l" toName="text"><Label value="A" hotkey="a"/><Label value="B" hotkey="a"/></Labels>
</View>
"""


@pytest.mark.parametrize(
    ("settings", "flags", "expected"),
    [
        ("", [], ["LC201", "LC403"]),
        ('ignore = ["LC403"]', [], ["LC201"]),
        # As ruff: the command line's select is the base; the settings' ignore no longer applies.
        ('ignore = ["LC403"]', ["--select", "LC403"], ["LC403"]),
        # As ruff: the command line's ignore adds to the settings' ignore.
        ('ignore = ["LC403"]', ["--ignore", "LC201"], []),
        ('ignore = ["LC403"]', ["--extend-ignore", "LC201"], []),
        ('select = ["LC2"]', ["--extend-select", "LC403"], ["LC201", "LC403"]),
        ('select = ["LC2"]', ["--select", "LC4", "--extend-select", "LC2"], ["LC201", "LC403"]),
        # The more specific selector wins, whichever list it is in and in either order.
        ("", ["--select", "LC403", "--ignore", "LC4"], ["LC403"]),
        ("", ["--ignore", "LC4", "--select", "LC403"], ["LC403"]),
        ("", ["--select", "LC4", "--ignore", "LC403"], []),
        ('ignore = ["LC4"]', ["--extend-select", "LC403"], ["LC201", "LC403"]),
        ('select = ["LC403"]\nignore = ["LC4"]', [], ["LC403"]),
        ('select = ["LC4"]\nignore = ["LC403"]', [], []),
        # The same length in one list: ignore wins, as in ruff.
        ("", ["--select", "LC403", "--ignore", "LC403"], []),
    ],
)
def test_codes_combine_as_in_ruff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, flags: list[str], expected: list[str]
) -> None:
    _write(tmp_path, {"a.xml": TWO_CODES, "labelconfig.toml": settings + "\n"})
    _, found = _codes(tmp_path, monkeypatch, *flags, "a.xml")
    assert sorted(set(found.get("a.xml", []))) == expected


def test_per_file_ignores_apply_after_the_flags(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, found = _codes(project, monkeypatch, "--select", "LC102", "legacy/old.xml", "a.xml")
    assert found == {}  # legacy/*.xml ignores LC102 whatever --select says; a.xml has no LC102


def test_parse_takes_the_most_specific_code() -> None:
    import labelconfig

    codes = {d.code for d in labelconfig.parse(TWO_CODES, select=["LC403"], ignore=["LC4"]).diagnostics}
    assert codes == {"LC403"}


def test_named_files_are_checked_even_when_excluded(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, found = _codes(project, monkeypatch, "vendor/theirs.xml")
    assert found == {"vendor/theirs.xml": ["LC102"]}


def test_force_exclude_skips_named_files_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pre-commit names every file it passes, so `exclude` needs --force-exclude (as ruff's hook has)."""
    _write(project, {"vendor/deep/pom.xml": "<project><modelVersion>4</modelVersion></project>\n"})
    args = ["--force-exclude", "vendor/theirs.xml", "vendor/deep/pom.xml", "legacy/old.xml"]
    code, found = _codes(project, monkeypatch, *args)
    assert found == {} and code == 0  # vendor/ left out; legacy/old.xml checked (its LC102 ignored)
    # From elsewhere, with an absolute path: the settings beside the file decide.
    _, found = _codes(project / "plain", monkeypatch, "--force-exclude", str(project / "vendor/theirs.xml"))
    assert found == {}
    # A directory above the settings' folder that happens to match a glob does not exclude.
    _write(project, {"vendor/sub/labelconfig.toml": 'exclude = ["vendor"]\n', "vendor/sub/x.xml": BAD_TAG})
    _, found = _codes(project, monkeypatch, "--force-exclude", "vendor/sub/x.xml")
    assert found == {"vendor/sub/x.xml": ["LC102"]}


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
