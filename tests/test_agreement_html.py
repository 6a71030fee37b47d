"""The HTML agreement report: one self-contained page with its plots, escaping what it shows.

The markup is checked here; tests/test_agreement_browser.py opens the page in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

import labelconfig
from labelconfig.quality import agreement
from labelconfig.quality.render import html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agreement"


def test_page_has_every_plot_and_no_outside_reference() -> None:
    page = html(agreement(EXAMPLES / "export.json", EXAMPLES / "config.xml"))
    doc = lxml.html.document_fromstring(page)
    assert doc.xpath("//script") == [] and doc.xpath("//link") == []
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    confusion = doc.xpath("//svg[contains(@class, 'confusion')]")
    assert len(confusion) == 1  # one classification control: sentiment
    assert len(confusion[0].xpath(".//rect")) == 9  # 3 x 3 labels
    assert len(doc.xpath("//svg[contains(@class, 'histogram')]//rect")) == 10
    assert len(doc.xpath("//svg[contains(@class, 'pairs')]//rect")) == 6  # 3 pairs, both ways
    assert doc.xpath("//table[contains(@class, 'least')]//tr/td[1]/text()")[0] == "3"


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    evil = '<script>alert(1)</script>"'
    cfg = labelconfig.parse(
        '<View><Text name="t" value="$t"/><Choices name="c" toName="t">'
        '<Choice value="&lt;img src=x onerror=alert(1)&gt;"/><Choice value="B"/></Choices></View>'
    )
    label = "<img src=x onerror=alert(1)>"

    def ann(who: str, choice: str) -> dict[str, object]:
        value = {"choices": [choice]}
        return {
            "completed_by": {"email": who},
            "result": [{"from_name": "c", "to_name": "t", "type": "choices", "value": value}],
        }

    export = tmp_path / "export.json"
    export.write_text(
        json.dumps([{"id": 1, "data": {"t": "x"}, "annotations": [ann(evil, label), ann("b", "B")]}])
    )
    page = html(agreement(export, cfg))
    doc = lxml.html.document_fromstring(page)
    assert doc.xpath("//script") == [] and doc.xpath("//img") == []
    assert "&lt;script&gt;" in page
