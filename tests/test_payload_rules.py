"""Payload rule fixtures (LC7xx task data, LC8xx results, LC9xx records).

Each payload rule has a directory `tests/fixtures/payloads/<CODE>/` of `bad_*.json` and `good_*.json`
cases. A case is one JSON object:

    {"config": "<View>...</View>",
     "kind": "tasks" | "predictions" | "annotations",
     "records": [...],                        # written out as a JSON Lines file
     "raw": "...",                            # instead of records: the file's exact text
     "expect": [["LC808", 0, "$[0].result[0].value.choices[0]"], ...],
     "xfail": "reason"}                       # optional: a known linter bug (strict xfail)

`expect` lists every diagnostic of the directory's code as [code, item, path], and nothing else of
that code; a good case expects `[]`. The records go through `labelconfig.check_files`, as the CLI does.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import labelconfig
from labelconfig.rules import BY_CODE, PAYLOAD_RULES

FIXTURES = Path(__file__).parent / "fixtures" / "payloads"
_KINDS = ("tasks", "predictions", "annotations")
_KEYS = {"config", "kind", "records", "raw", "expect", "xfail", "note"}


def _cases() -> list[object]:
    params = []
    for path in sorted(FIXTURES.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        marks = []
        if "xfail" in case:
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        params.append(pytest.param(path, id=f"{path.parent.name}/{path.stem}", marks=marks))
    return params


def _write(case: dict[str, Any], tmp_path: Path) -> Path:
    target = tmp_path / f"{case['kind']}.jsonl"
    if "raw" in case:
        target.write_text(case["raw"], encoding="utf-8")
    else:
        lines = (json.dumps(r, ensure_ascii=False) for r in case["records"])
        target.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return target


@pytest.mark.parametrize("path", _cases())
def test_payload_fixture(path: Path, tmp_path: Path) -> None:
    code = path.parent.name
    assert code in BY_CODE, f"fixture directory {code} names no rule"
    case = json.loads(path.read_text(encoding="utf-8"))
    assert set(case) <= _KEYS, f"{path.name}: unknown keys {set(case) - _KEYS}"
    assert case["kind"] in _KINDS
    assert ("records" in case) != ("raw" in case), "give `records` or `raw`, not both"
    expected = [tuple(e) for e in case["expect"]]
    assert all(c == code for c, _, _ in expected), f"{path.name}: expects codes other than {code}"
    assert path.name.startswith(("bad_", "good_"))
    if path.name.startswith("bad_"):
        assert expected, "a bad case must expect at least one diagnostic"
    else:
        assert not expected, "a good case must expect none"

    cfg = labelconfig.parse(case["config"])
    assert cfg.ok, [str(d) for d in cfg.errors]
    payload = _write(case, tmp_path)
    found = [d for d in labelconfig.check_files(cfg, **{case["kind"]: str(payload)}) if d.code == code]
    got = Counter((d.code, d.item, d.path) for d in found)
    assert got == Counter(expected), "\n".join(f"{d.code} {d.item} {d.path}: {d.message}" for d in found)
    for d in found:
        assert d.severity == BY_CODE[code].severity
        assert d.name == BY_CODE[code].name
        assert d.message
        assert d.file == str(payload)


def test_every_payload_fixture_directory_is_a_payload_rule() -> None:
    codes = {r.code for r in PAYLOAD_RULES}
    for directory in FIXTURES.iterdir():
        assert directory.name in codes, f"{directory} names no payload rule"
        for path in directory.iterdir():
            assert path.suffix == ".json" and path.name.startswith(("bad_", "good_")), path
