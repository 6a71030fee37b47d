"""Time series forms in a real Chromium, operated as an annotator would: a brush on the chart, a double
click for an instant, keys, edge drags, relabel and delete. Each emitted `start`/`end` is compared with
the data point under the pixels used (found through the chart's own scale), written as Label Studio's
editor writes it (a number, or the time column's text with `timeFormat`), and linted with labelconfig's
own checker."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_support import codes
from test_render_a11y import _serious, axe  # noqa: F401  (the axe-core fixture, skipped or failed as there)

import labelconfig
from labelconfig.render import render_html
from labelconfig.render.timeseries import Series, Unavailable, parse_csv, read_csv

N = 40
TIMES = [i * 2.5 for i in range(N)]
TASK = {
    "ts": {
        "time": TIMES,
        "acc": [round(math.sin(i / 4), 4) for i in range(N)],
        "a": list(range(N)),
        "b": [N - i for i in range(N)],
    }
}
CONFIG = """
<View>
  <TimeSeriesLabels name="events" toName="ts">
    <Label value="Walking" background="#2ecc71"/>
    <Label value="Spike" background="#e74c3c"/>
  </TimeSeriesLabels>
  <TimeSeries name="ts" value="$ts" valueType="json" timeColumn="time">
    <Channel column="acc" legend="Acceleration" units="m/s2"/>
    <MultiChannel><Channel column="a"/><Channel column="b" strokeColor="#ff0000"/></MultiChannel>
  </TimeSeries>
  <TextArea name="note" toName="ts" perRegion="true"/>
</View>"""


def _chart(p: Any, name: str = "ts") -> Any:
    return p.get_by_role("application", name=f"Time series {name}").first


def _scale(chart: Any) -> dict[str, float]:
    """The chart's own scale: the time range it shows and where its plot area lies, in page pixels."""
    d = chart.evaluate("e => ({...e.dataset})")
    box = chart.bounding_box()
    return {
        "left": box["x"] + float(d["plotLeft"]),
        "width": float(d["plotWidth"]),
        "t0": float(d["viewStart"]),
        "t1": float(d["viewEnd"]),
        "y": box["y"] + box["height"] / 2,
    }


def _nearest(times: list[float], s: dict[str, float], x: float) -> int:
    """The data point a pixel falls on: the editor snaps a brush to the nearest time."""
    t = s["t0"] + (x - s["left"]) / s["width"] * (s["t1"] - s["t0"])
    return min(range(len(times)), key=lambda i: (abs(times[i] - t), i))


def _drag(p: Any, x0: float, x1: float, y: float) -> None:
    p.mouse.move(x0, y)
    p.mouse.down()
    p.mouse.move(x1, y, steps=6)
    p.mouse.up()


def _results(page: Any, kind: str = "timeserieslabels") -> list[dict[str, Any]]:
    return [r for r in page.annotation()["result"] if r["type"] == kind]


def test_brush_marks_the_range_of_the_data_points_under_it(page: Any, axe: Any) -> None:  # noqa: F811
    cfg = labelconfig.parse(CONFIG)
    p = page.open(render_html(cfg, TASK))
    assert p.locator("[data-lc-control=events][data-widget]").get_attribute("data-readonly") is None
    assert p.locator(".lc-ts-chart").count() == 2  # the Channel, and the MultiChannel's two together
    p.get_by_role("button", name="Show all").click()
    s = _scale(_chart(p))
    assert (s["t0"], s["t1"]) == (TIMES[0], TIMES[-1])
    p.get_by_role("button", name="Walking").click()
    x0, x1 = s["left"] + s["width"] * 0.23, s["left"] + s["width"] * 0.61
    p.mouse.move(x0, s["y"])
    p.mouse.down()
    p.mouse.move(x1, s["y"], steps=6)
    i, j = _nearest(TIMES, s, x0), _nearest(TIMES, s, x1)
    # While dragging, the readout names the points and the length (durationDisplayFormat ".0f").
    shown = p.locator(".lc-ts-readout").first.text_content()
    assert f"selected {TIMES[i]:g} – {TIMES[j]:g} ({TIMES[j] - TIMES[i]:.0f})" in shown
    p.mouse.up()
    (r,) = _results(page)
    assert (r["from_name"], r["to_name"]) == ("events", "ts")
    assert r["value"] == {
        "start": TIMES[i],
        "end": TIMES[j],
        "instant": False,
        "timeserieslabels": ["Walking"],
    }
    # The new range is selected: the per-region TextArea answers for it, repeating its times.
    p.get_by_role("textbox", name="note").fill("stairs")
    p.get_by_role("textbox", name="note").press("Enter")
    (answer,) = _results(page, "textarea")
    assert answer["id"] == r["id"]
    assert answer["value"] == {"start": TIMES[i], "end": TIMES[j], "instant": False, "text": ["stairs"]}
    # The same brush on the second chart (the MultiChannel) lands on the same times: one time axis.
    s2 = _scale(_chart(p).locator("xpath=//following::*[@role='application'][1]"))
    assert (s2["t0"], s2["t1"]) == (s["t0"], s["t1"])
    assert _serious(axe, p) == []
    assert codes(cfg.check_annotation(page.annotation(), TASK)) == []
    assert page.errors == []


def test_double_click_marks_an_instant(page: Any) -> None:
    cfg = labelconfig.parse(CONFIG)
    p = page.open(render_html(cfg, TASK))
    s = _scale(_chart(p))
    p.get_by_role("button", name="Spike").click()
    x = s["left"] + s["width"] * 0.4
    p.mouse.dblclick(x, s["y"])
    (r,) = _results(page)
    t = TIMES[_nearest(TIMES, s, x)]
    assert r["value"] == {"start": t, "end": t, "instant": True, "timeserieslabels": ["Spike"]}
    assert codes(cfg.check_annotation(page.annotation(), TASK)) == []
    assert page.errors == []


def test_range_made_and_adjusted_with_keys(page: Any) -> None:
    cfg = labelconfig.parse(CONFIG)
    p = page.open(render_html(cfg, TASK))
    p.get_by_role("button", name="Walking").click()
    _chart(p).focus()
    for _ in range(3):
        p.keyboard.press("ArrowRight")  # one data point a step: fewer than 100 are visible
    for _ in range(4):
        p.keyboard.press("Shift+ArrowRight")
    p.keyboard.press("Enter")
    (r,) = _results(page)
    assert r["value"] == {
        "start": TIMES[3],
        "end": TIMES[7],
        "instant": False,
        "timeserieslabels": ["Walking"],
    }
    p.keyboard.press("Alt+ArrowRight")  # the selected range's end, one point later
    p.keyboard.press("Alt+Shift+ArrowLeft")  # its start, one point earlier
    assert _results(page)[0]["value"]["start"] == TIMES[2]
    assert _results(page)[0]["value"]["end"] == TIMES[8]
    p.keyboard.press("Enter")  # no selection: an instant at the cursor
    assert _results(page)[1]["value"] == {
        "start": TIMES[7],
        "end": TIMES[7],
        "instant": True,
        "timeserieslabels": ["Walking"],
    }
    assert codes(cfg.check_annotation(page.annotation(), TASK)) == []
    assert page.errors == []


def test_edge_dragged_relabelled_and_deleted(page: Any) -> None:
    cfg = labelconfig.parse(CONFIG)
    pre = {"id": "r1", "from_name": "events", "to_name": "ts", "type": "timeserieslabels"}
    pre["value"] = {"start": TIMES[4], "end": TIMES[10], "instant": False, "timeserieslabels": ["Walking"]}
    p = page.open(render_html(cfg, {"data": TASK, "predictions": [{"result": [pre]}]}))
    p.get_by_role("button", name="Show all").click()
    s = _scale(_chart(p))
    at = s["left"] + (TIMES[10] - s["t0"]) / (s["t1"] - s["t0"]) * s["width"]
    x1 = s["left"] + s["width"] * 0.52
    _drag(p, at, x1, s["y"])
    (r,) = _results(page)
    assert r["value"]["start"] == TIMES[4] and r["value"]["end"] == TIMES[_nearest(TIMES, s, x1)]
    assert r["origin"] == "prediction-changed"
    # A click inside selects it; a label of its control then relabels it.
    p.mouse.click(s["left"] + (TIMES[6] - s["t0"]) / (s["t1"] - s["t0"]) * s["width"], s["y"])
    assert p.evaluate("document.querySelector('.lc-ts-region.lc-selected').dataset.tsRegion") == "r1"
    p.get_by_role("button", name="Spike").click()
    assert _results(page)[0]["value"]["timeserieslabels"] == ["Spike"]
    p.keyboard.press("Delete")  # the page's key for the selected region
    assert _results(page) == []
    assert p.locator(".lc-ts-region").count() == 0
    assert page.errors == []


def test_zoom_and_pan_keep_the_data_exact(page: Any) -> None:
    cfg = labelconfig.parse(CONFIG)
    p = page.open(render_html(cfg, TASK))
    p.get_by_role("button", name="Show all").click()
    p.get_by_role("button", name="Zoom in").click()
    s = _scale(_chart(p))
    assert s["t1"] - s["t0"] == pytest.approx((TIMES[-1] - TIMES[0]) / 2)
    p.get_by_role("button", name="Later").click()
    moved = _scale(_chart(p))
    assert moved["t0"] > s["t0"] and moved["t1"] - moved["t0"] == pytest.approx(s["t1"] - s["t0"])
    p.keyboard.down("Control")
    p.mouse.move(moved["left"] + moved["width"] / 2, moved["y"])
    p.mouse.wheel(0, -100)
    p.keyboard.up("Control")
    zoomed = _scale(_chart(p))
    assert zoomed["t1"] - zoomed["t0"] < moved["t1"] - moved["t0"]
    p.get_by_role("button", name="Walking").click()
    x0, x1 = zoomed["left"] + 30, zoomed["left"] + zoomed["width"] - 30
    _drag(p, x0, x1, zoomed["y"])
    (r,) = _results(page)
    assert (r["value"]["start"], r["value"]["end"]) == (
        TIMES[_nearest(TIMES, zoomed, x0)],
        TIMES[_nearest(TIMES, zoomed, x1)],
    )
    assert page.errors == []


STAMPS = [f"2024-03-01 10:{m:02d}:00" for m in range(30)]
DATED = """
<View>
  <TimeSeriesLabels name="events" toName="ts"><Label value="Spike"/></TimeSeriesLabels>
  <TimeSeries name="ts" value="$ts" valueType="json" timeColumn="when" timeFormat="%Y-%m-%d %H:%M:%S"
              timeDisplayFormat="%H:%M">
    <Channel column="load" displayFormat=".2f"/>
  </TimeSeries>
</View>"""


def test_time_format_results_are_the_time_columns_text(page: Any) -> None:
    cfg = labelconfig.parse(DATED)
    task = {"ts": {"when": STAMPS, "load": [(m * 7) % 11 for m in range(30)]}}
    pre = {"id": "p1", "from_name": "events", "to_name": "ts", "type": "timeserieslabels"}
    pre["value"] = {"start": STAMPS[1], "end": STAMPS[1], "instant": True, "timeserieslabels": ["Spike"]}
    p = page.open(render_html(cfg, {"data": task, "predictions": [{"result": [pre]}]}))
    p.get_by_role("button", name="Show all").click()
    chart = _chart(p)
    ticks = chart.locator(".lc-ts-tick").all_text_contents()
    assert "10:10" in ticks  # timeDisplayFormat prints the axis
    s = _scale(chart)
    minutes = [m * 60_000.0 for m in range(30)]  # the chart's time unit is milliseconds since the start
    assert s["t1"] - s["t0"] == minutes[-1]
    s = {**s, "t1": s["t1"] - s["t0"], "t0": 0.0}
    p.get_by_role("button", name="Spike").click()
    x0, x1 = s["left"] + s["width"] * 0.3, s["left"] + s["width"] * 0.7
    _drag(p, x0, x1, s["y"])
    kept, r = _results(page)
    assert kept["value"]["start"] == STAMPS[1]  # the pre-label is placed and kept as written
    i, j = _nearest(minutes, s, x0), _nearest(minutes, s, x1)
    assert r["value"] == {
        "start": STAMPS[i],
        "end": STAMPS[j],
        "instant": False,
        "timeserieslabels": ["Spike"],
    }
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


CSV_CONFIG = """
<View>
  <TimeSeriesLabels name="events" toName="ts"><Label value="Run"/></TimeSeriesLabels>
  <TimeSeries name="ts" value="$csv" valueType="url" timeColumn="Time" sep=";">
    <Channel column="Velocity" legend="Speed"/>
  </TimeSeries>
</View>"""


def test_csv_beside_the_task_file_is_embedded(page: Any, tmp_path: Path) -> None:
    rows = [(i * 0.1, 3 * i % 17) for i in range(60)]
    text = "Time;Velocity\n" + "".join(f"{t:.1f};{v}\n" for t, v in rows)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "run.csv").write_text(text, encoding="utf-8")
    task = {"csv": "data/run.csv"}
    cfg = labelconfig.parse(CSV_CONFIG)
    html = render_html(cfg, task, task_dir=tmp_path)
    # The CSP is an attribute (its quotes escaped): read it as the browser does.
    csp = lxml.html.document_fromstring(html).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[
        0
    ]
    assert "connect-src 'none'" in csp and "run.csv" not in html.split("<body>")[1].split("lc-ts-data")[0]
    p = page.open(html)
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    p.get_by_role("button", name="Show all").click()
    s = _scale(_chart(p))
    times = [float(f"{t:.1f}") for t, _ in rows]
    p.get_by_role("button", name="Run").click()
    x0, x1 = s["left"] + s["width"] * 0.1, s["left"] + s["width"] * 0.35
    _drag(p, x0, x1, s["y"])
    (r,) = _results(page)
    assert r["value"]["start"] == times[_nearest(times, s, x0)]
    assert r["value"]["end"] == times[_nearest(times, s, x1)]
    assert requests == []  # the data came with the page
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_cli_reads_the_csv_beside_the_task_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from labelconfig.cli import main

    (tmp_path / "run.csv").write_text("Time;Velocity\n0;1\n1;4\n2;9\n", encoding="utf-8")
    (tmp_path / "task.json").write_text(json.dumps({"csv": "run.csv"}), encoding="utf-8")
    (tmp_path / "c.xml").write_text(CSV_CONFIG, encoding="utf-8")
    out = CliRunner().invoke(main, ["render", str(tmp_path / "c.xml"), "--task", str(tmp_path / "task.json")])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output.split('class="lc-ts-data">')[1].split("</script>")[0])
    assert data == {"columns": {"time": [0, 1, 2], "velocity": [1, 4, 9]}, "headers": ["time", "velocity"]}
    assert 'data-widget="timeseries"' in out.output


def test_undrawable_series_leave_their_labels_read_only(tmp_path: Path) -> None:
    cfg = labelconfig.parse(CSV_CONFIG)
    remote = render_html(cfg, {"csv": "https://example.com/run.csv"}, task_dir=tmp_path)
    assert 'data-lc-readonly="events"' in remote and "loads nothing from the network" in remote
    (tmp_path / "inside").mkdir()
    (tmp_path / "secret.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    outside = render_html(cfg, {"csv": "../secret.csv"}, task_dir=tmp_path / "inside")
    assert 'data-lc-readonly="events"' in outside and "are read into the page" in outside
    missing = render_html(cfg, {"csv": "gone.csv"}, task_dir=tmp_path)
    assert "no such file" in missing and 'data-lc-readonly="events"' in missing


def test_csv_read_as_label_studio_reads_it(tmp_path: Path) -> None:
    headed = parse_csv('Time,Value,Name\n0,1.5,"a,b"\n1,,x\n', ",", "f.csv")
    assert headed == Series(
        {"time": [0, 1], "value": [1.5, 0], "name": ["a,b", "x"]}, ["time", "value", "name"]
    )
    # No header when the first row is numbers like the second: columns are named by index.
    assert parse_csv("0\t5\n1\t7\n", "tab", "f.csv") == Series({"0": [0, 1], "1": [5, 7]})
    assert parse_csv("0,5\n1,7,9\n", ",", "f.csv") == Unavailable(
        "f.csv: line 2 has 3 fields, the first line 2."
    )
    assert isinstance(parse_csv("a;b\n1;2\n", ",", "f.csv"), Unavailable)  # the separator is not there
    # What `+cell` reads in JavaScript is a number; other digits and Python-only spellings stay text.
    mixed = parse_csv("t,v\n1,\u0661\u0662\n2,1_000\n3,inf\n4, 7 \n", ",", "f.csv")
    assert mixed == Series({"t": [1, 2, 3, 4], "v": ["\u0661\u0662", "1_000", "inf", 7]}, ["t", "v"])
    (tmp_path / "cols.json").write_text('{"t": [0, 1], "v": [3, 4]}', encoding="utf-8")
    assert read_csv(tmp_path, "cols.json", ",") == Series({"t": [0, 1], "v": [3, 4]})


def test_page_weight_of_the_series_is_the_data() -> None:
    cfg = labelconfig.parse(CONFIG)
    html = render_html(cfg, TASK)
    data = html.split('class="lc-ts-data">')[1].split("</script>")[0]
    assert json.loads(data)["columns"] == TASK["ts"]


REALWORLD = Path(__file__).parent / "fixtures" / "realworld" / "ls-change-point-detection.xml"


def test_label_studio_change_point_template_with_its_annotation(page: Any, tmp_path: Path) -> None:
    """Label Studio's own template: `%f` microseconds in the time column, a date axis, instants."""
    cfg = labelconfig.parse(REALWORLD.read_text(encoding="utf-8"))
    days = [f"2020-01-{d:02d} 00:00:00.000000" for d in range(1, 31)]
    rows = "".join(f"{t},{1000 + 37 * i % 500}.5,{i % 7}\n" for i, t in enumerate(days))
    (tmp_path / "cars.csv").write_text("time,velocity,acceleration\n" + rows, encoding="utf-8")
    instants = [
        {"id": f"c{d}", "from_name": "label", "to_name": "ts", "type": "timeserieslabels"}
        | {"value": {"start": days[d], "end": days[d], "instant": True, "timeserieslabels": ["Change"]}}
        for d in (11, 4, 19)
    ]
    task = {"data": {"csv": "cars.csv"}, "annotations": [{"result": instants}]}
    p = page.open(render_html(cfg, task, task_dir=tmp_path))
    p.get_by_role("button", name="Show all").click()
    chart = _chart(p)
    assert chart.locator(".lc-ts-region").count() == 3
    ticks = chart.locator(".lc-ts-tick").all_text_contents()
    assert [t for t in ticks if re.fullmatch(r"2020-01-\d\d", t)]  # timeDisplayFormat="%Y-%m-%d"
    assert page.annotation()["result"] == instants  # shown, not rewritten
    s = _scale(chart)
    day = [d * 86_400_000.0 for d in range(30)]
    s = {**s, "t1": s["t1"] - s["t0"], "t0": 0.0}
    at = s["left"] + day[4] / s["t1"] * s["width"]
    to = s["left"] + s["width"] * 0.33
    _drag(p, at, to, s["y"])  # an instant moves whole
    moved = next(r for r in _results(page) if r["id"] == "c4")
    target = days[_nearest(day, s, to)]
    assert moved["value"] == {"start": target, "end": target, "instant": True, "timeserieslabels": ["Change"]}
    assert codes(cfg.check_annotation(page.annotation(), task["data"])) == []
    assert page.errors == []


def test_many_tasks_page_embeds_each_tasks_series(tmp_path: Path) -> None:
    from labelconfig.render import render_tasks_html

    (tmp_path / "a.csv").write_text("Time;Velocity\n0;1\n1;2\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("Time;Velocity\n0;5\n1;6\n", encoding="utf-8")
    html = render_tasks_html(
        labelconfig.parse(CSV_CONFIG), [{"csv": "a.csv"}, {"csv": "b.csv"}], task_dir=tmp_path
    )
    assert '\\"velocity\\":[1,2]' in html and '\\"velocity\\":[5,6]' in html


_NAMES = st.text(alphabet="abcxyz_", min_size=1, max_size=6)
_CELLS = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda f: not f.is_integer()),
    st.text(alphabet="abc xyz,\"'", min_size=1, max_size=8).filter(lambda t: t.strip() == t and t.strip()),
)


@given(
    names=st.lists(_NAMES, min_size=2, max_size=4, unique=True),  # one column: the editor finds no separator
    data=st.data(),
    sep=st.sampled_from([",", ";", "\t", "|"]),
)
@settings(max_examples=80, deadline=None)
def test_every_csv_cell_is_read_back(names: list[str], data: Any, sep: str) -> None:
    """Nothing is lost: each cell of a headed CSV (numbers, quoted text with separators) comes back in
    its column, as a number when it is one."""
    rows = data.draw(
        st.lists(st.lists(_CELLS, min_size=len(names), max_size=len(names)), min_size=1, max_size=20)
    )
    rows[0][0] = 1  # a number under the header is how the editor tells a header row
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    got = parse_csv(out.getvalue(), "tab" if sep == "\t" else sep, "f.csv")
    assert got == Series({n: [r[i] for r in rows] for i, n in enumerate(names)}, names)


def test_a_config_alone_previews_a_chart_to_brush_on() -> None:
    """No task: the sample series stands in (as sample text and images do), so the preview is operable."""
    cfg = labelconfig.parse(
        (Path(__file__).parent / "fixtures" / "valid" / "timeseries_sensors.xml").read_text()
    )
    html = render_html(cfg)
    assert 'data-widget="timeseries"' in html and 'data-lc-readonly="activity"' not in html
    data = json.loads(html.split('class="lc-ts-data">')[1].split("</script>")[0])
    assert set(data["columns"]) == {"time", "acc_x", "acc_y", "acc_z"}


def test_channels_inside_a_view_are_drawn_and_other_children_left_alone(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><TimeSeriesLabels name="events" toName="ts"><Label value="Walking"/></TimeSeriesLabels>'
        '<TimeSeries name="ts" value="$ts" valueType="json" timeColumn="time">'
        '<View><Header value="Motion"/><Channel column="acc"/></View><Channel column="a"/>'
        "</TimeSeries></View>"
    )
    p = page.open(render_html(cfg, TASK))
    assert p.locator(".lc-ts-chart").count() == 2
    assert p.locator(".lc-timeseries .lc-note").count() == 0
    assert page.errors == []


def test_data_the_editor_cannot_read_is_named_on_the_page(page: Any) -> None:
    cfg = labelconfig.parse(DATED.replace('column="load"', 'column="gone"'))
    p = page.open(render_html(cfg, {"ts": {"when": ["01/03/2024", "02/03/2024"], "load": [1, 2]}}))
    assert p.locator(".lc-timeseries .lc-note").text_content() == (
        "The time 01/03/2024 does not match timeFormat %Y-%m-%d %H:%M:%S."
    )
    p = page.open(render_html(cfg, {"ts": {"when": STAMPS[:2], "load": [1, 2]}}))
    assert p.locator(".lc-timeseries .lc-note").text_content() == (
        "Column gone is not in the data (columns: when, load)."
    )
    assert page.errors == []
