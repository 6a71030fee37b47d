"""Screenshots of the seed forms, pre-labelled with their sample prediction (docs/form-*.png).

python docs/screenshots.py     # needs playwright and /usr/bin/chromium
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from render_support import png_data_url  # noqa: E402

import labelconfig  # noqa: E402
from labelconfig.payloads.sample import sample  # noqa: E402
from labelconfig.render import render_html  # noqa: E402

NER_TEXT = "Ada Lovelace wrote the first program in London in 1843."
NER_SPANS = [("Ada Lovelace", "Person"), ("London", "Location"), ("1843", "Date")]

SEEDS = {
    "sentiment_text_choices": {"review": "The blender is powerful, but far too loud for early mornings."},
    "image_classification": None,
    "object_detection_rectangles": None,
    "ner_labels_before_text": {"text": NER_TEXT},
    "summarization_textarea": None,
}


def _span(text: str, label: str) -> dict[str, object]:
    start = NER_TEXT.index(text)
    value = {"start": start, "end": start + len(text), "text": text, "labels": [label]}
    return {"id": label, "from_name": "entities", "to_name": "article", "type": "labels", "value": value}


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 800, "height": 600})
        for seed, data in SEEDS.items():
            cfg = labelconfig.parse((ROOT / "tests" / "fixtures" / "valid" / f"{seed}.xml").read_text())
            task = sample(cfg)
            for key in ("image", "image_url"):
                if key in task["data"]:
                    task["data"][key] = png_data_url(480, 270)
            if data is not None:
                task["data"] = data
            if seed == "ner_labels_before_text":  # the sample's spans fit the sample text only
                task["predictions"] = [{"result": [_span(text, label) for text, label in NER_SPANS]}]
            page.goto("about:blank")  # a fresh document: the previous form's CSP allows only its script
            page.set_content(render_html(cfg, task))
            page.wait_for_selector("html[data-lc-ready=true]", state="attached")
            page.screenshot(path=str(ROOT / "docs" / f"form-{seed.replace('_', '-')}.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
