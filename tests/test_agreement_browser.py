"""The HTML agreement report opened in Chromium: it loads without a console error and every plot is
drawn (laid out with a size, in the right place) with the figures of the example export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from labelconfig.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agreement"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quality"

# What the page reads back from a heatmap: per cell its hover title, printed text, fill opacity and
# the laid-out box, so position and shade are checked as drawn, not as written in the markup.
HEATMAP = r"""(svg) => [...svg.querySelectorAll('rect')].map((r) => {
  const box = r.getBoundingClientRect();
  return {
    title: r.querySelector('title').textContent,
    text: r.nextElementSibling.textContent,
    alpha: ((m) => (m.length > 3 ? parseFloat(m[3]) : 1))(getComputedStyle(r).fill.match(/[\d.]+/g)),
    x: box.x, y: box.y, w: box.width, h: box.height,
  };
})"""


def _report(tmp_path: Path) -> str:
    out = tmp_path / "agreement.html"
    args = [
        "agreement",
        str(EXAMPLES / "export.json"),
        "--config",
        str(EXAMPLES / "config.xml"),
        "--format",
        "html",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _grid(cells: list[dict[str, Any]]) -> dict[tuple[int, int], dict[str, Any]]:
    """Cells keyed by (row, column) as laid out on screen: rows by y, columns by x."""
    ys = sorted({round(c["y"]) for c in cells})
    xs = sorted({round(c["x"]) for c in cells})
    return {(ys.index(round(c["y"])), xs.index(round(c["x"]))): c for c in cells}


def test_report_in_chromium_draws_every_plot(page: Any, tmp_path: Path) -> None:
    p = page.open(_report(tmp_path), form=False)

    # One confusion heatmap per classification control: the example has one, `sentiment`.
    confusions = p.locator("svg.confusion")
    assert confusions.count() == 1
    assert p.locator("figure:has(svg.confusion) h3").inner_text() == "sentiment"
    cells = _grid(confusions.first.evaluate(HEATMAP))
    labels = ["Positive", "Negative", "Neutral"]
    counts = [[6, 1, 3], [1, 0, 1], [3, 1, 4]]  # pairs of annotators on a task, both ways
    assert sorted(cells) == [(r, c) for r in range(3) for c in range(3)]
    for r, row in enumerate(counts):
        for c, n in enumerate(row):
            cell = cells[r, c]
            assert cell["title"] == f"{labels[r]} / {labels[c]}: {n}"
            assert cell["text"] == str(n)
            assert cell["w"] > 20 and cell["h"] > 20
    assert cells[0, 0]["alpha"] == 1.0  # the largest count is the darkest cell
    assert cells[1, 1]["alpha"] < cells[0, 1]["alpha"] < cells[0, 2]["alpha"] < cells[2, 2]["alpha"]
    axis = confusions.first.locator("text:not(.light):not(.dark)").all_text_contents()
    assert axis == [label for label in labels for _ in (0, 1)]  # each label on both axes

    # The histogram: ten bars, tasks per tenth of agreement (0.125, 0.74, 0.90, 1.0 in the example).
    bars = p.locator("svg.histogram rect").evaluate_all(
        "(rs) => rs.map((r) => ({title: r.querySelector('title').textContent,"
        " x: r.getBoundingClientRect().x, h: r.getBoundingClientRect().height}))"
    )
    assert [b["title"].rsplit(": ", 1)[1] for b in bars] == [
        f"{n} tasks" for n in (0, 1, 0, 0, 0, 0, 0, 1, 0, 2)
    ]
    assert [b["x"] for b in bars] == sorted(b["x"] for b in bars)
    assert [b["h"] for b in bars] == [0, 80, 0, 0, 0, 0, 0, 80, 0, 160]  # drawn to scale
    assert p.locator("svg.histogram").bounding_box()["height"] > 0

    # The annotator-pair matrix: symmetric, the diagonal left empty.
    pairs = _grid(p.locator("svg.pairs").evaluate(HEATMAP))
    expected = {(0, 1): "0.67", (0, 2): "0.71", (1, 2): "0.53"}
    assert sorted(pairs) == sorted([*expected, *((c, r) for r, c in expected)])
    for (r, c), text in expected.items():
        assert pairs[r, c]["text"] == pairs[c, r]["text"] == text
        assert pairs[r, c]["title"] == f"{r + 1} / {c + 1}: {text}"

    # The least-agreed tasks, lowest first.
    rows = p.locator("table.least tbody tr").evaluate_all(
        "(trs) => trs.map((tr) => [...tr.cells].slice(0, 3).map((td) => td.textContent))"
    )
    assert rows == [
        ["3", "0.125", "1, 2, 3"],
        ["2", "0.736", "1, 2, 3"],
        ["1", "0.903", "1, 2, 3"],
        ["4", "1.000", "1, 2"],
    ]
    assert p.locator("table.least").is_visible()
    assert page.errors == []


# Each label of each heatmap, as drawn, against the drawing it belongs to.
LABEL_BOXES = r"""(svgs) => svgs.map((svg) => {
  const outer = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('text:not(.light):not(.dark)')].map((t) => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom};
  });
  return {left: outer.left, right: outer.right, top: outer.top, bottom: outer.bottom, labels};
})"""


def test_long_labels_are_drawn_whole(page: Any, tmp_path: Path) -> None:
    """Reproducer html-heatmap-label-clipping: multi-choice answers (`Politics + Sport + Tech`),
    Taxonomy paths (`Animal / Dog`) and long annotator names are drawn whole inside their heatmap."""
    config = FIXTURES / "html-heatmap-label-clipping" / "config.xml"
    long_name = "annotator.with.a.very.long.address@some-labeling-vendor.example.com"
    answers = [
        (["Politics", "Sport", "Tech"], [["Animal", "Dog"]]),
        (["Sport", "Tech"], [["Plant"]]),
        (["Politics"], [["Animal", "Cat"]]),
    ]

    def annotation(who: str, k: int) -> dict[str, Any]:
        topics, tax = answers[k % 3]
        return {
            "completed_by": {"email": who},
            "result": [
                {"from_name": "topics", "to_name": "text", "type": "choices", "value": {"choices": topics}},
                {"from_name": "tax", "to_name": "text", "type": "taxonomy", "value": {"taxonomy": tax}},
            ],
        }

    tasks = [
        {
            "id": t,
            "data": {"text": "x", "image": "a.jpg"},
            "annotations": [annotation(w, t + i) for i, w in enumerate([long_name, "b@x.org", "c@x.org"])],
        }
        for t in range(6)
    ]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    out = tmp_path / "report.html"
    args = ["agreement", str(export), "--config", str(config), "--format", "html", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    p = page.open(out.read_text(encoding="utf-8"), form=False)
    drawn = p.locator("svg.heatmap").evaluate_all(LABEL_BOXES)
    seen = {label["text"] for svg in drawn for label in svg["labels"]}
    assert {"Politics + Sport + Tech", "Animal / Dog", long_name} <= seen  # whole, never truncated
    for svg in drawn:
        for label in svg["labels"]:
            assert svg["left"] <= label["left"] and label["right"] <= svg["right"], label
            assert svg["top"] <= label["top"] and label["bottom"] <= svg["bottom"], label
    assert page.errors == []
