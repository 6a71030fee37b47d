"""Brush masks in a rendered form, on a 4,000 x 3,000 photo (12 megapixels) with 10 pre-labelled masks:

    python bench/bench_brush.py

Prints, measured in Debian's Chromium (/usr/bin/chromium): the page weight and the time until the page
is usable (every mask decoded and shown); one stroke step of a 60-step stroke, driven in the page (the
pointermove handler, then the time to the next frame's paint); the stroke's end (RLE encoding of the
12-megapixel mask and the change recorded); an edit elsewhere on the page (a Choice ticked), which must
not compose the mask layer again; and the size of the RLE the stroke wrote.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from export_fixtures import encode  # noqa: E402
from render_support import png_data_url  # noqa: E402

import labelconfig  # noqa: E402
from labelconfig.render import render_html  # noqa: E402

W, H = 4000, 3000
CONFIG = """
<View>
  <Image name="photo" value="$image"/>
  <BrushLabels name="mask" toName="photo"><Label value="Cat"/><Label value="Dog"/></BrushLabels>
  <Choices name="ok" toName="photo"><Choice value="Good"/></Choices>
</View>"""


def disc_mask(cx: int, cy: int, r: int) -> list[int]:
    """The RLE of a disc (alpha 255, every word of its pixels 255) on the W x H image, encoded by the
    test suite's own encoder."""
    rows = []
    for y in range(H):
        dy = y - cy
        half = int((r * r - dy * dy) ** 0.5) if abs(dy) <= r else -1
        x0, x1 = (max(0, cx - half), min(W, cx + half + 1)) if half >= 0 else (0, 0)
        rows.append(b"\x00" * 4 * x0 + b"\xff" * 4 * (x1 - x0) + b"\x00" * 4 * (W - x1))
    return encode(b"".join(rows))


def task() -> dict[str, Any]:
    results = [
        {
            "id": f"m{i}",
            "from_name": "mask",
            "to_name": "photo",
            "type": "brushlabels",
            "original_width": W,
            "original_height": H,
            "image_rotation": 0,
            "value": {"format": "rle", "rle": disc_mask(300 + 350 * i, 1500, 150), "brushlabels": ["Cat"]},
        }
        for i in range(10)
    ]
    return {"data": {"image": png_data_url(W, H)}, "predictions": [{"result": results}]}


STROKE = """async () => {
    const stage = document.querySelector(".lc-stage"), canvas = stage.querySelector(".lc-canvas");
    const b = canvas.getBoundingClientRect();
    const x0 = b.left + b.width * 0.1, y0 = b.top + b.height * 0.2;
    const ev = (type, x, y) => new PointerEvent(type, {clientX: x, clientY: y, button: 0, buttons: 1,
        pointerId: 1, bubbles: true, isPrimary: true, pointerType: "mouse"});
    const frame = () => new Promise((done) => requestAnimationFrame(() => {
        const t1 = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => done(performance.now() - t1);
        ch.port2.postMessage(0);
    }));
    canvas.dispatchEvent(ev("pointerdown", x0, y0));
    const work = [], frames = [];
    for (let i = 1; i <= 60; i++) {
        const t0 = performance.now();
        canvas.dispatchEvent(ev("pointermove", x0 + i * 8, y0 + i * 3));
        work.push(performance.now() - t0);
        frames.push(work[work.length - 1] + await frame());
    }
    const t2 = performance.now();
    canvas.dispatchEvent(ev("pointerup", x0 + 480, y0 + 180));
    const end = performance.now() - t2;
    const q = (xs, f) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
    const t3 = performance.now();
    document.querySelector("input[type=checkbox], input[type=radio]").click();
    const other = performance.now() - t3;
    return {work: [q(work, 0.5), q(work, 0.95)], frame: [q(frames, 0.5), q(frames, 0.95)], end, other};
}"""


def main() -> None:
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    cfg = labelconfig.parse(CONFIG)
    data = task()
    t0 = time.perf_counter()
    html = render_html(cfg, data)
    rendered = time.perf_counter() - t0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        t1 = time.perf_counter()
        page.set_content(html, wait_until="load")
        page.wait_for_selector("html[data-lc-ready=true]", state="attached")
        page.wait_for_function("document.querySelector('.lc-brush-layer').width === 4000", timeout=60_000)
        ready = time.perf_counter() - t1
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Dog").click()
        got = page.evaluate(STROKE)
        rle_bytes = page.evaluate(
            "window.labelconfig.annotation().result"
            ".find(r => r.value.brushlabels?.[0] === 'Dog').value.rle.length"
        )
        browser.close()
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"load average {' '.join(load)}")
    print(
        f"{W} x {H} image, 10 masks: render {rendered * 1000:.0f} ms, page {len(html) / 1024:.0f} KB, "
        f"usable in {ready * 1000:.0f} ms"
    )
    print(
        f"stroke step (60 steps): handler median {got['work'][0]:.2f} ms, p95 {got['work'][1]:.2f} ms; "
        f"with the frame median {got['frame'][0]:.2f} ms, p95 {got['frame'][1]:.2f} ms"
    )
    end = got["end"]
    print(f"stroke end (RLE of {W * H:,} pixels, change recorded): {end:.0f} ms; RLE {rle_bytes} bytes")
    print(f"an edit elsewhere (a Choice ticked, every widget redrawn): {got['other']:.1f} ms")


if __name__ == "__main__":
    main()
