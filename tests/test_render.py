"""The renderer without a browser: registry coverage, page self-containment, CSP, CLI errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from render_support import REFUSED, VALID, without_origin

import labelconfig
from labelconfig.cli import main
from labelconfig.payloads.sample import sample
from labelconfig.render import Form, render_html
from labelconfig.render.controls import WIDGETS
from labelconfig.render.env import csp_hash, template_dir
from labelconfig.render.tree import partial_for
from labelconfig.tags import ALL, REGISTRY, Kind

SENTIMENT = Path(__file__).parent / "fixtures" / "valid" / "sentiment_text_choices.xml"


def test_templates_found_in_a_source_checkout_or_the_wheel() -> None:
    found = template_dir()
    assert found.name in ("templates", "_templates") and (found / "page.html.j2").is_file()
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"templates" = "labelconfig/_templates"' in pyproject  # what the wheel ships


@pytest.mark.parametrize("spec", [t for t in ALL if t.kind is not Kind.LABEL], ids=lambda t: t.name)
def test_every_tag_has_a_partial(spec: object) -> None:
    name, kind = spec.name, spec.kind.value  # type: ignore[attr-defined]
    assert (template_dir() / partial_for(name, kind)).is_file()


def test_widget_table_names_registry_tags() -> None:
    for tag, targets in WIDGETS.items():
        spec = REGISTRY[tag]
        assert spec.result is not None and spec.result.type
        assert all(t is None or t in spec.result.targets or "Text" in spec.result.by_target for t in targets)


def _page(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_page_is_self_contained_and_csp_allows_only_its_own_code(path: Path) -> None:
    cfg = labelconfig.parse(path.read_text(encoding="utf-8"))
    doc = _page(render_html(cfg, sample(cfg)))
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    code = [s.text for s in doc.xpath("//script[not(@type)]")]
    assert len(code) == 1 and directives["script-src"] == csp_hash(code[0])
    assert directives["style-src"].split() == [csp_hash(s.text) for s in doc.xpath("//style")]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'none'"
    assert (
        doc.xpath("//script/@src | //link[@rel='stylesheet'] | //*[@style] | //@*[starts-with(name(), 'on')]")
        == []
    )


@pytest.mark.parametrize("stem", REFUSED)
def test_configs_label_studio_cannot_load_are_refused(stem: str) -> None:
    cfg = labelconfig.parse((VALID[0].parent / f"{stem}.xml").read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match=r"Label Studio cannot load this config .*LC104"):
        render_html(cfg)


def test_model_json_cannot_close_its_script() -> None:
    cfg = labelconfig.parse(SENTIMENT.read_text(encoding="utf-8"))
    hostile = "</script><script>alert(1)</script>"
    pred = {
        "result": [
            {
                "from_name": "sentiment",
                "to_name": "review",
                "type": "choices",
                "value": {"choices": [hostile]},
            }
        ]
    }
    html = render_html(cfg, {"data": {"review": "x"}, "predictions": [pred]})
    model = _page(html).xpath("//script[@id='lc-model']")[0].text
    assert "</script" not in model and json.loads(model)["results"][0]["value"]["choices"] == [hostile]


def test_latest_annotation_wins_over_predictions() -> None:
    cfg = labelconfig.parse(SENTIMENT.read_text(encoding="utf-8"))

    def result(choice: str) -> dict[str, object]:
        return {
            "from_name": "sentiment",
            "to_name": "review",
            "type": "choices",
            "value": {"choices": [choice]},
        }

    task = {
        "data": {"review": "x"},
        "predictions": [{"result": [result("Neutral")]}],
        "annotations": [
            {"result": [result("Positive")], "updated_at": "2024-01-02T00:00:00Z"},
            {"result": [result("Negative")], "updated_at": "2024-01-01T00:00:00Z"},
            {"result": [result("Neutral")], "updated_at": "2024-03-01T00:00:00Z", "was_cancelled": True},
        ],
    }
    model = json.loads(_page(render_html(cfg, task)).xpath("//script[@id='lc-model']")[0].text)
    assert model["origin"] == "annotation"
    assert model["results"] == [result("Positive")]  # not marked as a model's


def test_unoperable_controls_are_shown_read_only_with_their_results() -> None:
    cfg = labelconfig.parse(
        (Path(__file__).parent / "fixtures" / "valid" / "timeseries_sensors.xml").read_text()
    )
    task = sample(cfg)
    doc = _page(render_html(cfg, task))
    shown = {e.get("data-lc-readonly") for e in doc.xpath("//*[@data-lc-readonly]")}
    assert shown == {"activity"}  # TimeSeriesLabels: the sample CSV is remote, so no chart to brush on
    listed = doc.xpath("//*[@data-lc-readonly='activity']//pre/text()")[0]
    assert without_origin(json.loads(listed)) == [
        r for r in task["predictions"][0]["result"] if r["from_name"] == "activity"
    ]
    notes = doc.xpath("//*[@data-lc-readonly]//p[@role='note']/text()")
    assert notes and all("cannot operate" in n for n in notes)


def test_form_repr_html_is_a_sandboxed_iframe() -> None:
    cfg = labelconfig.parse(SENTIMENT.read_text(encoding="utf-8"))
    shown = Form(cfg, {"review": "<b>x</b>"})._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in shown
    assert "<b>" not in shown and "&amp;lt;b&amp;gt;" in shown  # escaped once for the attribute


def test_submit_url_is_the_only_place_the_page_may_send_to() -> None:
    cfg = labelconfig.parse(SENTIMENT.read_text(encoding="utf-8"))
    html = render_html(cfg, None, submit_url="https://example.org:8443/api/submit?x=1")
    assert "connect-src https://example.org:8443;" in html
    with pytest.raises(ValueError, match="http"):
        render_html(cfg, None, submit_url="javascript:alert(1)")


def test_cli_writes_the_page(tmp_path: Path) -> None:
    task = tmp_path / "task.json"
    task.write_text(json.dumps({"review": "Lovely"}), encoding="utf-8")
    out = tmp_path / "form.html"
    result = CliRunner().invoke(main, ["render", str(SENTIMENT), "--task", str(task), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Lovely" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such task file"),
        ("{not json", "not valid JSON"),
        ("[]", "the task list is empty"),
        ('"text"', "a task is a JSON object, not str"),
    ],
)
def test_cli_bad_task_file_exits_2_naming_it(tmp_path: Path, content: str | None, message: str) -> None:
    task = tmp_path / "task.json"
    if content is not None:
        task.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(SENTIMENT), "--task", str(task)])
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(task))}: .*{re.escape(message)}", result.output)
    assert "Traceback" not in result.output


def test_cli_tasks_reads_json_lines_and_carries_every_task(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text('{"review": "First <b>one</b>"}\n\n{"data": {"review": "Second"}}\n', encoding="utf-8")
    out = tmp_path / "tasks.html"
    result = CliRunner().invoke(main, ["render", str(SENTIMENT), "--tasks", str(tasks), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Task 1 of 2" in page and "Second" in page
    assert "<b>one" not in page  # task data stays text inside the page's JSON as well


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]", "the task list is empty"),
        ("[1]", "task 1 is int, not a JSON object"),
        ("{not json", "neither JSON nor JSON Lines"),
    ],
)
def test_cli_bad_tasks_file_exits_2_naming_it(tmp_path: Path, content: str, message: str) -> None:
    tasks = tmp_path / "tasks.json"
    tasks.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(SENTIMENT), "--tasks", str(tasks)])
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(tasks))}: .*{re.escape(message)}", result.output)


def test_cli_task_and_tasks_exclude_each_other(tmp_path: Path) -> None:
    task = tmp_path / "task.json"
    task.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(SENTIMENT), "--task", str(task), "--tasks", str(task)])
    assert result.exit_code == 2
    assert "exclude each other" in result.output


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com/a.jpg", True),
        ("/data/upload/1/a.jpg", True),
        ("s3://bucket/a.jpg", False),
        ("data:image/png;base64,AAAA", True),
        ("javascript:alert(1)", False),
        (" JaVa\tScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_media_urls_keep_only_schemes_that_cannot_run_code(url: str, kept: bool) -> None:
    from labelconfig.render.env import safe_url

    assert (safe_url(url) == url.strip()) is kept
