"""`labelconfig migrate`: an export rewritten for a changed config. Renames diff detects (a label, a
control, a `$variable`) and hand-written ones are applied, results that cannot be mapped are listed and
counted (written + unmapped = read), and the output lints clean under the new config."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from config_edits import Spec, annotations, edits, render
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.cli import main
from labelconfig.diff import diff
from labelconfig.migrate import Renames, detected, migrate
from labelconfig.payloads.sample import sample_task

OLD = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/><Choice value="Negative"/>
  </Choices>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Rating name="stars" toName="text" maxRating="10"/>
  <Relations><Relation value="works_for"/></Relations>
</View>"""


def _r(name: str, kind: str, value: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"from_name": name, "to_name": "text", "type": kind, "value": value, **extra}


TASKS = [
    {
        "id": 1,
        "data": {"text": "Ada works at IBM"},
        "annotations": [
            {
                "id": 5,
                "completed_by": 1,
                "result": [
                    _r("sentiment", "choices", {"choices": ["Positive"]}, id="s"),
                    _r("ner", "labels", {"start": 0, "end": 3, "text": "Ada", "labels": ["PER"]}, id="n1"),
                    _r("ner", "labels", {"start": 13, "end": 16, "text": "IBM", "labels": ["ORG"]}, id="n2"),
                    _r("stars", "rating", {"rating": 8}, id="r"),
                    {
                        "from_id": "n1",
                        "to_id": "n2",
                        "type": "relation",
                        "direction": "right",
                        "labels": ["works_for"],
                    },
                ],
            }
        ],
        "predictions": [
            {"model_version": "m1", "result": [_r("sentiment", "choices", {"choices": ["Negative"]})]}
        ],
    },
    {
        "id": 2,
        "data": {"text": "Nothing here"},
        "annotations": [{"id": 6, "completed_by": 2, "result": [_r("stars", "rating", {"rating": 3})]}],
    },
]


def _files(tmp_path: Path, new: str) -> tuple[Path, Path, Path]:
    old_path, new_path, export = tmp_path / "old.xml", tmp_path / "new.xml", tmp_path / "export.json"
    old_path.write_text(OLD, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    export.write_text(json.dumps(TASKS), encoding="utf-8")
    assert labelconfig.check_files(old_path, tasks=export) == []  # valid under OLD to begin with
    return old_path, new_path, export


def _results(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        r
        for t in tasks
        for k in ("annotations", "predictions")
        for rec in t.get(k, [])
        for r in rec["result"]
    ]


def test_label_control_and_variable_renames_are_applied(tmp_path: Path) -> None:
    new = (
        OLD.replace('"PER"', '"Person"')  # a label renamed in place
        .replace('name="sentiment"', 'name="mood"')  # a control renamed
        .replace("$text", "$body")  # a task data key renamed
    )
    old_path, new_path, export = _files(tmp_path, new)
    kinds = {c.kind for c in diff(labelconfig.load(old_path), labelconfig.load(new_path)) if c.breaking}
    assert kinds == {"label-renamed", "control-renamed", "variable-renamed"}
    out = tmp_path / "out.json"
    args = ["migrate", str(export), "--config", str(new_path), "--from", str(old_path), "-o", str(out)]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0, run.output
    assert "7 results read, 7 written, 0 unmapped" in run.output
    assert labelconfig.check_files(new_path, tasks=out) == []  # lints clean under NEW
    migrated = json.loads(out.read_text(encoding="utf-8"))
    assert len(_results(migrated)) == len(_results(TASKS))  # result count preserved
    assert [t["data"] for t in migrated] == [{"body": "Ada works at IBM"}, {"body": "Nothing here"}]
    first = migrated[0]["annotations"][0]["result"]
    assert first[0]["from_name"] == "mood" and first[1]["value"]["labels"] == ["Person"]
    assert migrated[0]["predictions"][0]["result"][0]["from_name"] == "mood"
    # Everything but the renamed fields is written as it was read.
    assert (
        migrated[0]["annotations"][0]["completed_by"] == 1
        and first[3] == TASKS[0]["annotations"][0]["result"][3]
    )
    assert not (tmp_path / "out.json.unmapped.json").exists()


def test_unmappable_results_are_listed_and_counted(tmp_path: Path) -> None:
    # maxRating 10 -> 5 leaves the rating 8 with no place; a removed label leaves `ORG` with none,
    # and the relation that joined that span loses its end.
    new = OLD.replace('maxRating="10"', 'maxRating="5"').replace('<Label value="ORG"/>', "")
    old_path, new_path, export = _files(tmp_path, new)
    out, unmapped = tmp_path / "out.json", tmp_path / "unmapped.json"
    args = ["migrate", str(export), "--config", str(new_path), "--from", str(old_path), "-o", str(out)]
    run = CliRunner().invoke(main, [*args, "--unmapped", str(unmapped)])
    assert run.exit_code == 1, run.output
    assert "7 results read, 4 written, 3 unmapped" in run.output
    rows = json.loads(unmapped.read_text(encoding="utf-8"))
    assert sorted((r["task"], r["reason"].split()[0], r["result"].get("type")) for r in rows) == [
        (1, "LC808", "labels"),
        (1, "LC810", "rating"),
        (1, "LC817", "relation"),
    ]
    assert labelconfig.check_files(new_path, tasks=out) == []
    assert len(_results(json.loads(out.read_text(encoding="utf-8")))) + len(rows) == len(_results(TASKS))


def test_hand_written_renames(tmp_path: Path) -> None:
    # A control renamed and a label changed at once: diff cannot pair them up, the user can.
    new = OLD.replace('name="sentiment"', 'name="mood"').replace('"Positive"', '"Good"')
    old_path, new_path, export = _files(tmp_path, new)
    out = tmp_path / "out.json"
    args = ["migrate", str(export), "--config", str(new_path), "-o", str(out), "--rename", "sentiment=mood"]
    run = CliRunner().invoke(main, [*args, "--rename", "sentiment:Positive=Good"])
    assert run.exit_code == 0, run.output
    assert labelconfig.check_files(new_path, tasks=out) == []
    given = Renames()
    given.add("sentiment=mood")
    found = detected(labelconfig.load(old_path), labelconfig.load(new_path), given)
    assert (found.controls, found.labels) == ({"sentiment": "mood"}, {"sentiment": {"Positive": "Good"}})
    bad = CliRunner().invoke(main, [*args, "--rename", "oops"])
    assert bad.exit_code == 2 and "CONTROL:OLD=NEW" in bad.output and not out.exists()


def test_bad_export_is_a_message_and_no_output(tmp_path: Path) -> None:
    _, new_path, export = _files(tmp_path, OLD)
    export.write_text('[{"data": {}},\n{', encoding="utf-8")
    out = tmp_path / "out.json"
    run = CliRunner().invoke(main, ["migrate", str(export), "--config", str(new_path), "-o", str(out)])
    assert run.exit_code == 2 and "export.json:2" in run.output and "Traceback" not in run.output
    assert not out.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_migrated_results_fit_the_new_config_and_none_is_lost(data: st.DataObject) -> None:
    before = data.draw(edits(Spec()))
    after = data.draw(edits(before))
    old, new = labelconfig.parse(render(before)), labelconfig.parse(render(after))
    task_data = sample_task(old)
    tasks = [
        {"id": i, "data": task_data, "annotations": [a]} for i, a in enumerate(annotations(old, task_data))
    ]
    export = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(json.dumps(tasks), encoding="utf-8")
        summary = migrate(str(path), new, detected(old, new), export)
    migrated = json.loads(export.getvalue())
    assert summary.written + len(summary.unmapped) == summary.read == len(_results(tasks))
    assert len(_results(migrated)) == summary.written
    for task in migrated:
        errors = [d for d in new.check_task(task) if d.is_error]
        assert errors == [], (render(before), render(after), errors[:3])
    if not any(c.breaking for c in diff(old, new)):
        assert summary.unmapped == []
