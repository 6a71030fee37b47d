"""The pre-commit hooks in .pre-commit-hooks.yaml, run by pre-commit itself on a temporary git repo.

`pre-commit try-repo` installs this repository into a fresh virtualenv with pip; it needs no network
when pip finds the wheels locally (as in this project's environment). The second test runs the same
hook definitions as `language: system` hooks, so the `files` patterns are exercised in seconds even
where that install cannot run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "fixtures" / "rules"
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or subprocess.run([*PRE_COMMIT, "--version"], capture_output=True).returncode,
    reason="needs git and pre-commit (pip install -e '.[test]')",
)


def _repo(tmp_path: Path) -> Path:
    """A git repo with a good and a bad config, a project export, a template and unrelated files."""
    repo = tmp_path / "repo"
    (repo / "configs").mkdir(parents=True)
    (repo / "templates").mkdir()
    shutil.copy(
        ROOT / "tests" / "fixtures" / "valid" / "image_classification.xml", repo / "configs" / "good.xml"
    )
    (repo / "configs" / "bad.xml").write_text('<View><Text name="t" value="$t"/><Choise value="x"/></View>')
    shutil.copy(RULES / "LC006" / "good_project_export.json", repo / "project-reviews.json")
    shutil.copy(RULES / "LC006" / "good_template.yaml", repo / "templates" / "config.yml")
    (repo / "package.json").write_text('{"name": "not a label config"}')  # must not be passed
    (repo / "ci.yaml").write_text("on: push\n")
    env = _env(tmp_path)
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env)
    return repo


def _env(tmp_path: Path) -> dict[str, str]:
    home = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    git = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_CONFIG_NOSYSTEM": "1"}
    return {**os.environ, **home, **git}


def _files_per_hook(output: str) -> dict[str, set[str]]:
    """Which files each hook reported on (its output names every file with a finding)."""
    found: dict[str, set[str]] = {}
    hook = ""
    for line in output.splitlines():
        if m := re.match(r"- hook id: (\S+)", line):
            hook = m.group(1)
        elif m := re.match(r"(\S+\.(?:xml|json|ya?ml)):\d+:\d+: LC\d+", line):
            found.setdefault(hook, set()).add(m.group(1))
    return found


def _check(output: str, returncode: int) -> None:
    assert returncode == 1, output
    assert re.search(r"labelconfig check \(XML configs\)\.+Failed", output), output
    assert re.search(r"labelconfig check \(project JSON, template YAML\)\.+Passed", output), output
    assert _files_per_hook(output) == {"labelconfig": {"configs/bad.xml"}}
    # The projects hook was given the export and the template (2 files), nothing else.
    assert "All checks passed (2 files)." in output, output


def test_hooks_run_through_pre_commit_try_repo(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    args = [*PRE_COMMIT, "try-repo", str(ROOT), "--all-files", "--verbose"]
    proc = subprocess.run(args, cwd=repo, capture_output=True, text=True, env=_env(tmp_path), timeout=600)
    _check(proc.stdout + proc.stderr, proc.returncode)


def _run_local_hooks(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The hooks of .pre-commit-hooks.yaml as `language: system` hooks, run on every file of `repo`."""
    entry = Path(sys.executable).with_name("labelconfig")
    local = [
        {**hook, "language": "system", "entry": f"{entry} {hook['entry'].split(' ', 1)[1]}"} for hook in HOOKS
    ]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = _env(tmp_path)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return subprocess.run(
        [*PRE_COMMIT, "run", "--all-files", "--verbose"], cwd=repo, capture_output=True, text=True, env=env
    )


def test_hook_patterns_select_the_right_files(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    proc = _run_local_hooks(repo, tmp_path)
    _check(proc.stdout + proc.stderr, proc.returncode)


def test_hooks_leave_out_what_the_settings_exclude(tmp_path: Path) -> None:
    """pre-commit names each file; `exclude` in [tool.labelconfig] must still keep a Maven pom and a
    vendored config out (the hooks pass --force-exclude)."""
    repo = _repo(tmp_path)
    (repo / "configs" / "bad.xml").unlink()
    (repo / "vendor").mkdir()
    (repo / "vendor" / "third.xml").write_text(
        '<View><Text name="text" value="$text"/>'
        '<Choices name="c" toName="txt"><Choice value="A"/></Choices></View>'
    )
    (repo / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion></project>\n")
    (repo / "pyproject.toml").write_text('[tool.labelconfig]\nexclude = ["vendor", "pom.xml"]\n')
    proc = _run_local_hooks(repo, tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "All checks passed (1 file)." in output  # configs/good.xml only
    (repo / "pyproject.toml").unlink()  # without the settings, both are reported
    proc = _run_local_hooks(repo, tmp_path)
    assert _files_per_hook(proc.stdout + proc.stderr)["labelconfig"] == {"vendor/third.xml", "pom.xml"}
