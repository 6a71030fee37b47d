"""Rendered forms: render time and page weight per config, and time until a large page is usable.

    python bench/bench_render.py                       # tests/fixtures (valid + realworld)
    python bench/bench_render.py ../shared/corpus      # any directories of *.xml
    python bench/bench_render.py --no-browser          # only the Python side

Time-to-usable is measured in Debian's Chromium (/usr/bin/chromium) from `set_content` until the page
marks itself ready (every widget wired and every region drawn; on an image, once it has loaded), for a
100,000-character text with 1,000 pre-labelled spans and a 2,000 x 1,500 image with 2,000 pre-labelled
boxes, a 10-minute audio inlined as a data: URL (usable once decoded: its length known, segments
can be made; also opened from its file, as an annotator opens it, with its waveform's phases), a
100,000-point time series read from a CSV beside the task (usable once its charts are drawn), and a
2-minute video with tracked boxes (usable once its first frame is shown; then one frame step). Then one
drag of a selected box on that image, step by step (the image tools' frame budget is 16 ms), and the
weight of the image-tools page and of a sentiment form (Text + Choices) without task data: each page
inlines only the JavaScript modules its config uses (labelconfig/render/scripts.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import labelconfig  # noqa: E402
from labelconfig.payloads.sample import sample  # noqa: E402
from labelconfig.render import render_html  # noqa: E402


def per_config(paths: list[Path]) -> None:
    times: list[float] = []
    weights: list[int] = []
    refused = 0
    for path in paths:
        cfg = labelconfig.parse(path.read_text(encoding="utf-8"))
        if cfg.root is None:
            continue
        task = sample(cfg)
        try:
            html = render_html(cfg, task)  # warm-up (templates compiled, JS read)
        except ValueError:  # a config Label Studio cannot load (the fixtures hold drafts of tags)
            refused += 1
            continue
        runs = []
        for _ in range(20):
            t0 = time.perf_counter()
            html = render_html(cfg, task)
            runs.append(time.perf_counter() - t0)
        times.append(statistics.median(runs) * 1000)
        weights.append(len(html.encode("utf-8")))
    print(f"configs rendered: {len(times)} ({refused} refused: Label Studio cannot load them)")
    print(f"render time ms: median {statistics.median(times):.2f}, max {max(times):.2f}")
    print(f"page weight KB: median {statistics.median(weights) / 1024:.1f}, max {max(weights) / 1024:.1f}")


def big_text() -> tuple[labelconfig.Config, dict[str, Any]]:
    cfg = labelconfig.parse(
        '<View><Labels name="ner" toName="t"><Label value="A"/><Label value="B"/></Labels>'
        '<Text name="t" value="$text"/></View>'
    )
    text = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 1300)[:100_000]
    spans = []
    for i in range(1000):
        start = i * 100
        spans.append(
            {
                "id": f"s{i}",
                "from_name": "ner",
                "to_name": "t",
                "type": "labels",
                "value": {
                    "start": start,
                    "end": start + 11,
                    "text": text[start : start + 11],
                    "labels": ["A"],
                },
            }
        )
    return cfg, {"data": {"text": text}, "predictions": [{"result": spans}]}


def big_image() -> tuple[labelconfig.Config, dict[str, Any]]:
    from render_support import png_data_url

    cfg = labelconfig.parse(
        '<View><Image name="i" value="$image"/><RectangleLabels name="b" toName="i">'
        '<Label value="Car"/></RectangleLabels></View>'
    )
    boxes = [
        {
            "id": f"b{i}",
            "from_name": "b",
            "to_name": "i",
            "type": "rectanglelabels",
            "original_width": 2000,
            "original_height": 1500,
            "value": {
                "x": (i % 50) * 2,
                "y": (i // 50) * 2.5,
                "width": 1.5,
                "height": 2,
                "rectanglelabels": ["Car"],
            },
        }
        for i in range(2000)
    ]
    return cfg, {"data": {"image": png_data_url(2000, 1500)}, "predictions": [{"result": boxes}]}


def big_audio() -> tuple[labelconfig.Config, dict[str, Any]]:
    """A 10-minute call (8 kHz mono, 16-bit) inlined as a data: URL, the waveform decoded in the page,
    with 200 pre-labelled speaker segments."""
    from render_support import wav_data_url

    cfg = labelconfig.parse(
        '<View><Audio name="call" value="$audio"/><Labels name="speaker" toName="call">'
        '<Label value="Agent"/><Label value="Customer"/></Labels></View>'
    )
    segments = [
        {
            "id": f"s{i}",
            "from_name": "speaker",
            "to_name": "call",
            "type": "labels",
            "original_length": 600.0,
            "value": {
                "start": 3.0 * i,
                "end": 3.0 * i + 2.5,
                "channel": 0,
                "labels": [["Agent", "Customer"][i % 2]],
            },
        }
        for i in range(200)
    ]
    return cfg, {"data": {"audio": wav_data_url(600.0)}, "predictions": [{"result": segments}]}


SERIES = """
<View>
  <TimeSeriesLabels name="events" toName="ts">
    <Label value="Walking"/><Label value="Running"/>
  </TimeSeriesLabels>
  <TimeSeries name="ts" value="$csv" valueType="url" timeColumn="time">
    <Channel column="acc" legend="Acceleration"/>
    <Channel column="gyro" legend="Rotation"/>
  </TimeSeries>
</View>"""


def big_series(folder: Path) -> tuple[labelconfig.Config, dict[str, Any]]:
    """A 100,000-row sensor CSV (time, two channels) beside the task, with 100 pre-labelled ranges in
    its first half."""
    import math

    rows = "".join(
        f"{i / 100:.2f},{math.sin(i / 500):.4f},{(i * 7919) % 1000 / 1000:.3f}\n" for i in range(100_000)
    )
    (folder / "sensors.csv").write_text("time,acc,gyro\n" + rows, encoding="utf-8")
    ranges = [
        {
            "id": f"r{i}",
            "from_name": "events",
            "to_name": "ts",
            "type": "timeserieslabels",
            "value": {
                "start": 5.0 * i,
                "end": 5.0 * i + 2,
                "instant": False,
                "timeserieslabels": ["Walking"],
            },
        }
        for i in range(100)
    ]
    return labelconfig.parse(SERIES), {"data": {"csv": "sensors.csv"}, "predictions": [{"result": ranges}]}


def series_usable(browser: Any) -> None:
    """100,000 points: render (the CSV read and embedded), page weight, time until both charts are drawn,
    a redraw of the whole series (decimated to the lowest and highest value per pixel column), and a
    brush across all of it, whose start and end must still be exact data points."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        cfg, task = big_series(Path(tmp))
        t0, c0 = time.perf_counter(), time.process_time()  # CPU time too: the shared machine is busy
        html = render_html(cfg, task, task_dir=tmp)
        rendered, cpu = time.perf_counter() - t0, time.process_time() - c0
    # The same page with scripts off: what loading its bytes alone costs, the part no drawing can save.
    bare = browser.new_page(java_script_enabled=False)
    t1 = time.perf_counter()
    bare.set_content(html, wait_until="load")
    loaded = time.perf_counter() - t1
    bare.close()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    t1 = time.perf_counter()
    page.set_content(html, wait_until="load")
    page.wait_for_selector("html[data-lc-ready=true]", state="attached")
    page.wait_for_function("document.querySelectorAll('.lc-ts-chart .lc-ts-line').length === 2")
    ready = time.perf_counter() - t1
    redraw, segments = page.evaluate(
        """() => {
            const t = performance.now();
            [...document.querySelectorAll("button")].find((b) => b.ariaLabel === "Show all").click();
            const d = document.querySelector(".lc-ts-chart .lc-ts-line").getAttribute("d");
            return [performance.now() - t, (d.match(/[ML]/g) || []).length];
        }"""
    )
    page.get_by_role("button", name="Running").click()
    chart = page.locator(".lc-ts-chart").first
    box = chart.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.6, y)  # beyond the pre-labelled half
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.95, y, steps=5)
    page.mouse.up()
    made = page.evaluate("window.labelconfig.annotation().result.at(-1).value")
    page.close()
    times = {round(i / 100, 2) for i in range(100_000)}
    exact = made["start"] in times and made["end"] in times
    print(
        f"100,000-point series, 2 channels, 100 ranges: render {rendered * 1000:.0f} ms "
        f"(CPU {cpu * 1000:.0f} ms), page "
        f"{len(html) / 1024:.0f} KB, usable in {ready * 1000:.0f} ms (the page alone, scripts off: "
        f"{loaded * 1000:.0f} ms); whole series redrawn in "
        f"{redraw:.1f} ms as {segments} path points per channel; brush over it {json.dumps(made)} "
        f"({'exact data points' if exact else 'NOT data points'})"
    )


def usable(
    name: str,
    cfg: labelconfig.Config,
    task: dict[str, Any],
    browser: Any,
    regions: int = 0,
    ready_when: str = "",
) -> None:
    html, page, rendered, t1 = opened(cfg, task, browser)
    if regions:  # an image is usable once its regions are drawn on it (they wait for its size)
        page.wait_for_function(f"document.querySelectorAll('.lc-overlay [data-region]').length >= {regions}")
    if ready_when:
        page.wait_for_function(ready_when, timeout=60_000)
    ready = time.perf_counter() - t1
    # In the page: Playwright's own transfer of thousands of results would dominate a wall-clock figure.
    count, annotation = page.evaluate(
        """() => {
            const t = performance.now();
            const n = window.labelconfig.annotation().result.length;
            return [n, performance.now() - t];
        }"""
    )
    edit = one_edit(page) * 1000
    page.close()
    print(
        f"{name}: render {rendered * 1000:.0f} ms, page {len(html) / 1024:.0f} KB, usable in "
        f"{ready * 1000:.0f} ms, annotation() of {count} results {annotation:.1f} ms, one edit "
        f"(select, Delete, all redrawn) {edit:.0f} ms"
    )


def opened(cfg: labelconfig.Config, task: dict[str, Any], browser: Any) -> tuple[str, Any, float, float]:
    """The page rendered (and how long that took) and loaded until its script marks it ready, with the
    moment loading began."""
    t0 = time.perf_counter()
    html = render_html(cfg, task)
    rendered = time.perf_counter() - t0
    page = browser.new_page()
    t1 = time.perf_counter()
    page.set_content(html, wait_until="load")
    page.wait_for_selector("html[data-lc-ready=true]", state="attached")
    return html, page, rendered, t1


def one_edit(page: Any) -> float:
    """Seconds for one edit as an annotator makes it: select the first region, press Delete; the
    region goes and every other region is redrawn."""
    page.get_by_role("button", name="Select region 1", exact=True).click()
    t0 = time.perf_counter()
    page.keyboard.press("Delete")
    page.evaluate("window.labelconfig.annotation().result.length")
    return time.perf_counter() - t0


IMAGE_TOOLS = """
<View>
  <Image name="i" value="$image"/>
  <RectangleLabels name="box" toName="i"><Label value="Car"/><Label value="Truck"/></RectangleLabels>
  <PolygonLabels name="poly" toName="i"><Label value="Road"/></PolygonLabels>
  <EllipseLabels name="ell" toName="i"><Label value="Tree"/></EllipseLabels>
  <KeyPointLabels name="kp" toName="i"><Label value="Nose"/></KeyPointLabels>
</View>"""


SENTIMENT = (ROOT / "tests" / "fixtures" / "valid" / "sentiment_text_choices.xml").read_text(encoding="utf-8")


def page_weights() -> None:
    """The page of every image tool and a sentiment form, without task data (the sample data stands
    in): what an annotator downloads before any image or text."""
    for name, xml in (("image-tools page", IMAGE_TOOLS), ("sentiment form", SENTIMENT)):
        html = render_html(labelconfig.parse(xml), None)
        print(f"{name} without data: {len(html.encode('utf-8')) / 1024:.1f} KB")


# One drag of a selected box across the 2,000-box page, driven in the page so Playwright's round trips
# stay out of the figure. Per step: the pointermove handler, then the style and layout it causes
# (forced by reading a box), then the time to the next frame's paint (a message posted from
# requestAnimationFrame runs after that frame's rendering).
DRAG = """async () => {
    const canvas = document.querySelector(".lc-canvas");
    const shape = document.querySelector("[data-region='b1000'] .lc-shape");
    const b = shape.getBoundingClientRect();
    const x0 = b.left + b.width / 2, y0 = b.top + b.height / 2;
    const ev = (type, x, y) => new PointerEvent(type, {clientX: x, clientY: y, button: 0, buttons: 1,
        pointerId: 1, bubbles: true, isPrimary: true, pointerType: "mouse"});
    shape.dispatchEvent(ev("pointerdown", x0, y0));
    const work = [], frames = [], idle = [];
    const frame = () => new Promise((done) => requestAnimationFrame(() => {
        const t1 = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => done(performance.now() - t1);
        ch.port2.postMessage(0);
    }));
    for (let i = 0; i < 30; i++) idle.push(await frame());  // the measure itself, nothing changed
    for (let i = 1; i <= 60; i++) {
        const t0 = performance.now();
        canvas.dispatchEvent(ev("pointermove", x0 + i * 2, y0 + i));
        document.querySelector(".lc-handles").getBoundingClientRect();
        work.push(performance.now() - t0);
        frames.push(work[work.length - 1] + await frame());
    }
    canvas.dispatchEvent(ev("pointerup", x0 + 120, y0 + 60));
    const q = (xs, f) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
    const figures = (xs) => [q(xs, 0.5), q(xs, 0.95), Math.max(...xs)];
    return {work: figures(work), frame: figures(frames), idle: figures(idle)};
}"""


def drag_frames(cfg: labelconfig.Config, task: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_content(render_html(cfg, task), wait_until="load")
    page.wait_for_selector("html[data-lc-ready=true]", state="attached")
    page.get_by_role("button", name="Select region 1001", exact=True).click()
    got = page.evaluate(DRAG)
    moved = page.evaluate("window.labelconfig.annotation().result[1000].value")
    page.close()
    work, frame, idle = got["work"], got["frame"], got["idle"]
    print(
        f"2,000 boxes, one drag step of the selected box (60 steps): handler + style + layout median "
        f"{work[0]:.2f} ms, p95 {work[1]:.2f} ms, max {work[2]:.2f} ms; with the frame's rendering median "
        f"{frame[0]:.2f} ms, p95 {frame[1]:.2f} ms, max {frame[2]:.2f} ms (a frame with no change: median "
        f"{idle[0]:.2f} ms, p95 {idle[1]:.2f} ms; box moved to x={moved['x']})"
    )


# In the page: one zoom step (the click's handler and the redraw of the visible columns), at each zoom
# from x1 to x256.
ZOOM_STEPS = """() => {
    const button = document.querySelector("[aria-label='Zoom in']"), times = [];
    for (let i = 0; i < 8; i++) {
        const t = performance.now();
        button.click();
        times.push(performance.now() - t);
    }
    return times;
}"""


def audio_usable(browser: Any, runs: int = 3) -> None:
    """The 10-minute audio form opened as an annotator opens it, from its file: page loaded, usable
    (clip decoded, its length known, segments can be made), waveform summarised and drawn. Then, run
    by run in turn, Playwright's `set_content` of that page and of a page of the same size without the
    audio: what moving 12.6 MB through Playwright's pipe costs, whatever the page does."""
    import tempfile

    cfg, task = big_audio()
    html = render_html(cfg, task)
    silent = html.replace(task["data"]["audio"], "data:audio/wav;base64,")
    silent = silent.replace("</body>", f"<!--{'x' * (len(html) - len(silent) - 7)}--></body>")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "audio.html"
        path.write_text(html, encoding="utf-8")
        rows = []
        for _ in range(runs):
            page = browser.new_page()
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            loaded = time.perf_counter() - t0
            page.wait_for_selector(".lc-wave[data-duration]", state="attached", timeout=60_000)
            ready = time.perf_counter() - t0
            page.wait_for_selector(".lc-wave[data-waveform=drawn]", state="attached", timeout=60_000)
            drawn = time.perf_counter() - t0
            decoded, summary = page.evaluate(
                """() => [performance.getEntriesByName("lc-audio-decoded-call")[0].startTime,
                          performance.getEntriesByName("lc-audio-summarised-call")[0].duration]"""
            )
            zoom = page.evaluate(ZOOM_STEPS)
            page.close()
            piped = []
            for content, ready_when in ((html, ".lc-wave[data-duration]"), (silent, "html[data-lc-ready]")):
                page = browser.new_page()
                t0 = time.perf_counter()
                page.set_content(content, wait_until="load")
                page.wait_for_selector(ready_when, state="attached", timeout=60_000)
                piped.append(time.perf_counter() - t0)
                page.close()
            rows.append((loaded, ready, drawn, decoded / 1000, summary / 1000, max(zoom) / 1000, *piped))
    med = [statistics.median(col) * 1000 for col in zip(*rows, strict=True)]
    print(
        f"10-minute audio from its file ({len(html) / 1024:.0f} KB), median of {runs}: loaded"
        f" {med[0]:.0f} ms, usable {med[1]:.0f} ms (decoded at {med[3]:.0f} ms), waveform drawn"
        f" {med[2]:.0f} ms (summary {med[4]:.0f} ms); one zoom step, x1 to x256, at most {med[5]:.1f} ms;"
        f" through set_content usable {med[6]:.0f} ms, and the same size without audio {med[7]:.0f} ms"
    )


VIDEO_TRACKS = """
<View>
  <Labels name="tag" toName="video"><Label value="Car"/><Label value="Person"/></Labels>
  <Video name="video" value="$video" frameRate="25"/>
  <VideoRectangle name="box" toName="video"/>
  <TimelineLabels name="phase" toName="video"><Label value="Run"/><Label value="Walk"/></TimelineLabels>
</View>"""


def two_minute_video(browser: Any) -> None:
    """A 2-minute 640 x 360 clip at 25 fps (VP8, made by ffmpeg's test source) inlined as a data: URL,
    with 50 pre-labelled tracked boxes of 10 keyframes each and 20 timeline ranges: page weight, time
    until usable (the first frame shown, boxes drawn), and one frame step (Alt+→ until the next frame
    is shown and every box redrawn), median of 30."""
    import base64
    import shutil
    import subprocess
    import tempfile

    if shutil.which("ffmpeg") is None:
        print("2-minute video: skipped, it is made with ffmpeg (apt-get install ffmpeg)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "clip.webm"
        source = ["-f", "lavfi", "-i", "testsrc=s=640x360:r=25:d=120"]
        vp8 = ["-c:v", "libvpx", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8"]
        subprocess.run(["ffmpeg", "-loglevel", "error", *source, *vp8, str(clip)], check=True)
        url = "data:video/webm;base64," + base64.b64encode(clip.read_bytes()).decode("ascii")

    def track(i: int) -> dict[str, Any]:
        keys = [
            {"frame": 1 + 300 * k + i, "enabled": True, "rotation": 0, "x": (i + 5 * k) % 80, "y": i % 80}
            | {"width": 10, "height": 10, "time": (1 + 300 * k + i) / 25}
            for k in range(10)
        ]
        value = {"framesCount": 3000, "duration": 120, "sequence": keys, "labels": ["Car"]}
        head = {"id": f"t{i}", "from_name": "box", "to_name": "video", "type": "videorectangle"}
        return head | {"value": value}

    ranges = [
        {"id": f"r{i}", "from_name": "phase", "to_name": "video", "type": "timelinelabels"}
        | {"value": {"ranges": [{"start": 150 * i + 1, "end": 150 * i + 100}], "timelinelabels": ["Run"]}}
        for i in range(20)
    ]
    cfg = labelconfig.parse(VIDEO_TRACKS)
    results = [track(i) for i in range(50)] + ranges
    task = {"data": {"video": url}, "predictions": [{"result": results}]}
    html, page, rendered, t1 = opened(cfg, task, browser)
    wired = time.perf_counter() - t1  # the page's script has run; the video may still be loading
    page.wait_for_selector("figure[data-tag=Video][data-frame='1']", state="attached", timeout=60_000)
    ready = time.perf_counter() - t1
    steps = []
    for frame in range(2, 32):
        t = time.perf_counter()
        page.keyboard.press("Alt+ArrowRight")
        page.wait_for_selector(f"figure[data-tag=Video][data-frame='{frame}']", state="attached")
        steps.append(time.perf_counter() - t)
    drawn = page.locator(".lc-overlay [data-region]").count()
    page.close()
    print(
        f"2-minute video, 50 tracks, 20 ranges: render {rendered * 1000:.0f} ms, "
        f"page {len(html) / 1024:.0f} KB (clip {len(url) * 3 / 4 / 1024:.0f} KB), "
        f"usable in {ready * 1000:.0f} ms (page wired in {wired * 1000:.0f} ms), one frame step median "
        f"{statistics.median(steps) * 1000:.0f} ms, max {max(steps) * 1000:.0f} ms ({drawn} boxes shown)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    dirs = args.dirs or [ROOT / "tests" / "fixtures" / "valid", ROOT / "tests" / "fixtures" / "realworld"]
    per_config(sorted(p for d in dirs for p in d.glob("*.xml")))
    page_weights()
    if args.no_browser:
        return
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        usable("100,000-char text, 1,000 spans", *big_text(), browser)
        usable("2,000 x 1,500 image, 2,000 boxes", *big_image(), browser, regions=2000)
        drag_frames(*big_image(), browser)
        # Usable once the waveform is drawn: decoded, peaks computed, segments can be dragged.
        usable(
            "10-minute audio",
            *big_audio(),
            browser,
            ready_when="() => !!document.querySelector('.lc-wave[data-duration]')",
        )
        audio_usable(browser)
        series_usable(browser)
        two_minute_video(browser)
        browser.close()


if __name__ == "__main__":
    main()
