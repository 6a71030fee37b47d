"""`labelconfig render --tasks`: one page steps through many tasks, each form keeping its state, and
hands every annotation back as a Label Studio import file that lints clean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from render_support import codes

import labelconfig
from labelconfig.cli import main

CONFIG = """
<View>
  <Text name="review" value="$review"/>
  <Choices name="sentiment" toName="review" choice="single-radio">
    <Choice value="Positive"/><Choice value="Negative"/>
  </Choices>
  <TextArea name="note" toName="review"/>
</View>"""

TASKS = [
    {"review": "Great blender."},
    {"data": {"review": "Too loud."}, "predictions": [{"result": []}]},
    {"review": "Never opened."},
]


def _page(tmp_path: Path) -> str:
    (tmp_path / "config.xml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "tasks.json").write_text(json.dumps(TASKS), encoding="utf-8")
    out = tmp_path / "page.html"
    args = ["render", str(tmp_path / "config.xml"), "--tasks", str(tmp_path / "tasks.json"), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _at(p: Any, task: int, count: int = 3) -> Any:
    """The form of `task` once the page shows it (frames load asynchronously)."""
    p.wait_for_selector(f"html[data-lc-ready=true][data-lc-task='{task}']", state="attached", timeout=10000)
    assert p.locator("#lc-position").inner_text() == f"Task {task + 1} of {count}"
    return p.frame_locator("iframe:not([hidden])")


def _values(annotation: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(r["from_name"], r["value"]) for r in annotation["result"]]


def test_steps_through_tasks_keeping_each_annotation_and_exports_them(page: Any, tmp_path: Path) -> None:
    p = page.open(_page(tmp_path))
    form = _at(p, 0)
    assert p.get_by_role("button", name="Previous").is_disabled()
    form.get_by_label("Positive").check()

    p.get_by_role("button", name="Next").click()
    form = _at(p, 1)
    assert page.annotation() == {"result": []}  # a fresh form, not the first task's
    form.get_by_label("Negative").check()
    form.locator("[data-lc-control=note] textarea").fill("rattles")  # typed, not yet added

    p.get_by_role("button", name="Previous").click()
    form = _at(p, 0)
    assert form.get_by_label("Positive").is_checked()
    assert _values(page.annotation()) == [("sentiment", {"choices": ["Positive"]})]

    # Keyboard: Alt+Right from inside the form, focus on one of its radios.
    form.get_by_label("Positive").focus()
    p.keyboard.press("Alt+ArrowRight")
    form = _at(p, 1)
    assert form.locator("[data-lc-control=note] textarea").input_value() == "rattles"
    assert _values(page.annotation()) == [
        ("sentiment", {"choices": ["Negative"]}),
        ("note", {"text": ["rattles"]}),
    ]
    p.get_by_role("button", name="Next").focus()
    p.keyboard.press("Enter")
    _at(p, 2)
    assert p.get_by_role("button", name="Next").is_disabled()

    with p.expect_download() as download:
        p.get_by_role("button", name="Download annotations").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported == p.evaluate("window.labelconfig.annotations()")
    reviews = ("Great blender.", "Too loud.", "Never opened.")
    assert [t["data"] for t in exported] == [{"review": r} for r in reviews]
    assert [[_values(a) for a in t["annotations"]] for t in exported] == [
        [[("sentiment", {"choices": ["Positive"]})]],
        [[("sentiment", {"choices": ["Negative"]}), ("note", {"text": ["rattles"]})]],
        [],  # opened, left empty, not submitted: no annotation claimed for it
    ]
    cfg = labelconfig.parse(CONFIG)
    for task in exported:
        for annotation in task["annotations"]:
            assert codes(cfg.check_annotation(annotation, task["data"])) == []
    assert page.errors == []


def test_submit_counts_the_task_and_opens_the_next(page: Any, tmp_path: Path) -> None:
    p = page.open(_page(tmp_path))
    _at(p, 0).get_by_role("button", name="Submit").click()  # an empty answer, submitted on purpose
    _at(p, 1)
    assert p.evaluate("window.labelconfig.annotations()")[0]["annotations"] == [{"result": []}]
    assert page.errors == []


def test_readme_multi_task_contract_runs(page: Any, tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```js\n")[2].split("```", 1)[0]  # the second js block: many tasks
    p = page.open(_page(tmp_path))
    _at(p, 0).get_by_label("Negative").check()
    got = p.evaluate(f"() => {{\n{block}\nreturn tasks; }}")
    _at(p, 1)
    assert [len(t["annotations"]) for t in got] == [1, 0, 0]
    assert p.evaluate("window.labelconfig.task()") == 1
    assert page.errors == []


def test_hostile_task_data_stays_text_in_every_frame(page: Any) -> None:
    from labelconfig.render import render_tasks_html

    evil = (
        "</script><script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'><!--lc-task-body-->"
    )
    cfg = labelconfig.parse(CONFIG)
    p = page.open(render_tasks_html(cfg, [{"review": evil}, {"review": "ok " + evil}]))
    form = _at(p, 0, 2)
    assert form.locator("[data-lc-object=review]").inner_text().strip().endswith(evil)
    p.evaluate("window.labelconfig.go(1)")
    _at(p, 1, 2)
    windows = "[window, ...Array.from({length: frames.length}, (_, i) => frames[i])]"
    assert p.evaluate(f"{windows}.map((w) => w.pwned ?? null)") == [None] * 3
    assert page.errors == []


def test_download_keeps_task_records_and_claims_only_work_done(page: Any) -> None:
    from labelconfig.render import render_tasks_html

    folder = Path(__file__).parent / "fixtures" / "forms" / "tasks-download-passes-off-predictions"
    cfg = labelconfig.parse((folder / "config.xml").read_text(encoding="utf-8"))
    tasks = json.loads((folder / "tasks.json").read_text(encoding="utf-8"))
    p = page.open(render_tasks_html(cfg, tasks))
    _at(p, 0).get_by_label("Positive").check()
    p.get_by_role("button", name="Next").click()
    _at(p, 1)  # only stepped through: its prediction stays a prediction
    p.get_by_role("button", name="Next").click()
    _at(p, 2)  # opened on its annotation, left as it was
    exported = p.evaluate("window.labelconfig.annotations()")
    assert [t["id"] for t in exported] == [101, 102, 103]
    assert [_values(a) for a in exported[0]["annotations"]] == [[("sentiment", {"choices": ["Positive"]})]]
    assert exported[1]["annotations"] == []
    assert exported[1]["predictions"] == tasks[1]["predictions"]
    assert exported[2]["annotations"] == tasks[2]["annotations"]

    _at(p, 2).get_by_label("Negative").check()  # the annotation is updated, not doubled
    exported = p.evaluate("window.labelconfig.annotations()")
    (updated,) = exported[2]["annotations"]
    assert (updated["id"], updated["completed_by"]) == (7, 3)
    assert _values(updated) == [("sentiment", {"choices": ["Negative"]})]
    assert updated["result"][0]["id"] == "a"
    for task in exported:
        assert codes(cfg.check_task(task)) == []
        for annotation in task["annotations"]:
            assert codes(cfg.check_annotation(annotation, task["data"])) == []
    assert page.errors == []
