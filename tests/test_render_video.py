"""Video forms in a real Chromium, operated as an annotator would: frames stepped with keys and buttons
(each frame of the test video is a distinct grey, so the picture shown proves the frame), a tracked box
drawn, moved at a later frame, switched off and on, and a timeline range marked. What the page records
is compared value by value with what Label Studio's editor records for the same gestures, and linted
with labelconfig's own checker.

tests/fixtures/media/frames.webm: 30 frames at 10 fps, 64 x 48, frame N (1-based) a flat grey of
8 * (N - 1), VP8 with every frame a keyframe. Made with
    ffmpeg -f lavfi -i "color=c=black:s=64x48:r=10:d=3,format=gray,geq=lum='N*8'" \\
        -c:v libvpx -b:v 0 -crf 4 -g 1 -auto-alt-ref 0 -pix_fmt yuv420p frames.webm
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_support import codes
from test_render_a11y import _serious, axe  # noqa: F401  (the axe-core fixture, skipped or failed as there)

import labelconfig
from labelconfig.render import render_html
from labelconfig.render.env import template_dir
from labelconfig.tags import REGISTRY

VIDEO = "data:video/webm;base64," + base64.b64encode(
    (Path(__file__).parent / "fixtures" / "media" / "frames.webm").read_bytes()
).decode("ascii")
FPS = 10
TRACK = """
<View>
  <Labels name="tag" toName="video">
    <Label value="Car" background="#d62728"/>
    <Label value="Person" background="#1f77b4"/>
  </Labels>
  <Video name="video" value="$video" frameRate="$fps" height="300"/>
  <VideoRectangle name="box" toName="video"/>
  <TimelineLabels name="phase" toName="video">
    <Label value="Run" background="#2ca02c"/>
    <Label value="Walk"/>
  </TimelineLabels>
</View>"""
FIGURE = "figure[data-tag=Video]"


def _at(p: Any, frame: int) -> None:
    """Wait until the page shows `frame` (it says so once the browser has sought there)."""
    p.wait_for_selector(f"{FIGURE}[data-frame='{frame}']", state="attached", timeout=5000)


def _grey(p: Any) -> int:
    """The grey of the picture the video element shows now."""
    value: int = p.evaluate(
        """() => { const v = document.querySelector('video'), c = document.createElement('canvas');
            c.width = v.videoWidth; c.height = v.videoHeight; const g = c.getContext('2d');
            g.drawImage(v, 0, 0); return g.getImageData(c.width / 2, c.height / 2, 1, 1).data[0]; }"""
    )
    return value


def _shows(p: Any, frame: int) -> None:
    _at(p, frame)
    assert abs(_grey(p) - 8 * (frame - 1)) <= 3, f"frame {frame} shows grey {_grey(p)}"


def _drag(p: Any, stage: Any, a: tuple[float, float], b: tuple[float, float]) -> None:
    """Drag on the stage from fraction `a` of its box to fraction `b`."""
    box = stage.bounding_box()
    p.mouse.move(box["x"] + box["width"] * a[0], box["y"] + box["height"] * a[1])
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * b[0], box["y"] + box["height"] * b[1], steps=6)
    p.mouse.up()


def _open(page: Any, cfg: Any, task: dict[str, Any]) -> Any:
    p = page.open(render_html(cfg, task))
    _at(p, 1)
    return p


def test_frames_stepped_by_keys_and_buttons(page: Any) -> None:
    cfg = labelconfig.parse(TRACK)
    p = _open(page, cfg, {"video": VIDEO, "fps": FPS})
    figure = p.locator(FIGURE)
    # framesCount as the editor counts it: the duration times the frame rate, rounded up.
    duration = p.evaluate("document.querySelector('video').duration")
    assert (figure.get_attribute("data-frames-count"), duration) == ("30", 3)
    _shows(p, 1)
    for frame in range(2, 6):
        p.keyboard.press("Alt+ArrowRight")
        _shows(p, frame)
    p.keyboard.press("Shift+Alt+ArrowRight")
    _shows(p, 15)
    p.get_by_role("button", name="Previous frame").click()
    _shows(p, 14)
    p.get_by_role("button", name="Next frame").click()
    _shows(p, 15)
    p.keyboard.press("Shift+Alt+ArrowRight")
    p.keyboard.press("Shift+Alt+ArrowRight")  # past the end: the last frame
    _shows(p, 30)
    assert p.locator(".lc-frame").text_content() == "frame 30 of 30 · 3.00 s"
    p.keyboard.press("Alt+ArrowLeft")
    _shows(p, 29)
    # Played from frame 3 and paused: the readout follows the picture, and the pause settles on a frame.
    p.get_by_role("button", name="Previous frame").click()
    _shows(p, 28)
    for _ in range(25):
        p.keyboard.press("Alt+ArrowLeft")
    _shows(p, 3)
    p.get_by_role("button", name="Play").click()
    p.wait_for_selector(f"{FIGURE}:not([data-frame='3'])", state="attached", timeout=5000)
    p.get_by_role("button", name="Pause").click()
    _shows(p, int(p.locator(FIGURE).get_attribute("data-frame")))
    assert p.evaluate("document.querySelector('video').paused") is True
    assert page.errors == []


def test_registry_frame_rate_when_the_config_is_silent(page: Any) -> None:
    cfg = labelconfig.parse(TRACK.replace(' frameRate="$fps"', ""))
    p = _open(page, cfg, {"video": VIDEO})
    declared = REGISTRY["Video"].attr("frameRate")
    assert declared is not None and declared.effective_default is not None
    # The 3 s clip at the registry's rate, counted as the editor counts it.
    count = math.ceil(3 * float(declared.effective_default))
    assert p.locator(FIGURE).get_attribute("data-frames-count") == str(count)
    assert page.errors == []


def test_time_is_the_frame_over_the_config_rate(page: Any) -> None:
    """The rate is the config's (from task data here), even where it is not the file's; `time` is
    frame / rate unrounded, as the editor writes it."""
    cfg = labelconfig.parse(TRACK)
    task = {"video": VIDEO, "fps": 7.5}
    p = _open(page, cfg, task)
    assert p.locator(FIGURE).get_attribute("data-frames-count") == "23"  # ceil(3 s x 7.5)
    p.keyboard.press("Alt+ArrowRight")
    _at(p, 2)
    p.get_by_role("button", name="Car", exact=True).click()
    _drag(p, p.get_by_role("application", name="Drawing surface of video video"), (0.1, 0.1), (0.4, 0.4))
    (r,) = page.annotation()["result"]
    assert r["value"]["framesCount"] == 23 and r["value"]["sequence"][0]["time"] == 2 / 7.5
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_box_tracked_across_keyframes(page: Any, axe: Any) -> None:  # noqa: F811
    cfg = labelconfig.parse(TRACK)
    task = {"video": VIDEO, "fps": FPS}
    p = _open(page, cfg, task)
    stage = p.get_by_role("application", name="Drawing surface of video video")
    for _ in range(4):
        p.keyboard.press("Alt+ArrowRight")
    _shows(p, 5)
    # Frame 5: a Car box from (10 %, 20 %) to (30 %, 50 %).
    p.get_by_role("button", name="Car", exact=True).click()
    _drag(p, stage, (0.1, 0.2), (0.3, 0.5))
    (r,) = page.annotation()["result"]
    assert (r["from_name"], r["to_name"], r["type"]) == ("box", "video", "videorectangle")
    assert (r["value"]["framesCount"], r["value"]["duration"], r["value"]["labels"]) == (30, 3, ["Car"])
    (first,) = r["value"]["sequence"]
    one_px = 100 / stage.bounding_box()["width"] + 0.01
    assert (first["frame"], first["enabled"], first["time"], first["rotation"]) == (5, True, 0.5, 0)
    assert (first["x"], first["y"]) == (pytest.approx(10, abs=one_px), pytest.approx(20, abs=one_px))
    size = (pytest.approx(20, abs=2 * one_px), pytest.approx(30, abs=2 * one_px))
    assert (first["width"], first["height"]) == size
    # Frame 15: the box dragged 40 % to the right and 10 % down (no label pressed: a drag moves it).
    p.get_by_role("button", name="Car", exact=True).click()
    p.keyboard.press("Shift+Alt+ArrowRight")
    _shows(p, 15)
    _drag(p, stage, (0.2, 0.35), (0.6, 0.45))
    (r,) = page.annotation()["result"]
    a, b = r["value"]["sequence"]
    assert a == first
    assert (b["frame"], b["enabled"], b["time"]) == (15, True, 1.5)
    assert b["x"] == pytest.approx(first["x"] + 40, abs=one_px)
    assert b["y"] == pytest.approx(first["y"] + 10, abs=one_px)
    assert (b["width"], b["height"]) == (first["width"], first["height"])
    # Frame 10, half way: the box is drawn half way between its keyframes.
    p.get_by_role("button", name="Previous frame").click()
    for _ in range(4):
        p.keyboard.press("Alt+ArrowLeft")
    _shows(p, 10)
    drawn = p.evaluate(
        """(id) => { const r = document.querySelector(`.lc-overlay [data-region="${id}"] rect`);
            const svg = r.ownerSVGElement.viewBox.baseVal;
            return [r.x.baseVal.value / svg.width * 100, r.y.baseVal.value / svg.height * 100]; }""",
        r["id"],
    )
    half_way = [(a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2]
    assert drawn == [pytest.approx(v, abs=0.01) for v in half_way]
    # Frame 20: switched off (it is still shown there, its last frame); frame 25: gone; switched on again.
    p.locator(f'.lc-overlay [data-region="{r["id"]}"] rect').click()  # select it
    p.keyboard.press("Shift+Alt+ArrowRight")
    _shows(p, 20)
    goes_on = p.get_by_role("button", name="Selected box goes on after this frame")
    assert goes_on.get_attribute("aria-pressed") == "true"
    goes_on.click()
    assert goes_on.get_attribute("aria-pressed") == "false"
    for _ in range(5):
        p.keyboard.press("Alt+ArrowRight")
    _shows(p, 25)
    assert p.locator(f'.lc-overlay [data-region="{r["id"]}"]').count() == 0
    goes_on.click()
    assert p.locator(f'.lc-overlay [data-region="{r["id"]}"]').count() == 1
    (r,) = page.annotation()["result"]
    assert [(k["frame"], k["enabled"], k["time"]) for k in r["value"]["sequence"]] == [
        (5, True, 0.5),
        (15, True, 1.5),
        (20, False, 2.0),
        (25, True, 2.5),
    ]
    for k in r["value"]["sequence"][2:]:  # after the last move the box stays where it was moved to
        assert {q: k[q] for q in ("x", "y", "width", "height", "rotation")} == {
            q: b[q] for q in ("x", "y", "width", "height", "rotation")
        }
    # Ctrl+Alt+←/→: the selected box's keyframes.
    p.keyboard.press("Control+Alt+ArrowLeft")
    _shows(p, 20)
    p.keyboard.press("Control+Alt+ArrowLeft")
    _shows(p, 15)
    p.keyboard.press("Control+Alt+ArrowRight")
    _shows(p, 20)
    # Undo takes back the last step: switched on again at frame 25.
    p.keyboard.press("Control+z")
    assert [k["frame"] for k in page.annotation()["result"][0]["value"]["sequence"]] == [5, 15, 20]
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert _serious(axe, p) == []
    assert page.errors == []


def test_timeline_range_marked_by_drag_and_keys(page: Any) -> None:
    cfg = labelconfig.parse(TRACK)
    task = {"video": VIDEO, "fps": FPS}
    p = _open(page, cfg, task)
    strip = p.get_by_role("application", name="Timeline of video video")
    box = strip.bounding_box()
    y = box["y"] + box["height"] / 2
    x = lambda frame: box["x"] + box["width"] * (frame - 0.5) / 30  # noqa: E731  (the middle of a frame)
    # A click without a timeline label goes to that frame.
    p.mouse.click(x(12), y)
    _shows(p, 12)
    p.get_by_role("button", name="Run", exact=True).click()
    p.mouse.move(x(3), y)
    p.mouse.down()
    p.mouse.move(x(12), y, steps=6)
    p.mouse.up()
    (r,) = page.annotation()["result"]
    assert (r["from_name"], r["to_name"], r["type"]) == ("phase", "video", "timelinelabels")
    assert r["value"] == {"ranges": [{"start": 3, "end": 12}], "timelinelabels": ["Run"]}
    # Keys: from frame 12, Shift+→ four times, Enter: frames 12-16 as Walk.
    p.get_by_role("button", name="Walk", exact=True).click()
    strip.focus()
    for _ in range(4):
        p.keyboard.press("Shift+ArrowRight")
    _shows(p, 16)
    p.keyboard.press("Enter")
    walk = page.annotation()["result"][1]
    assert walk["value"] == {"ranges": [{"start": 12, "end": 16}], "timelinelabels": ["Walk"]}
    # The Run range's end edge dragged from frame 12 to frame 20.
    run = p.get_by_role("button", name="Run frames 3–12").bounding_box()
    on_run = run["y"] + run["height"] / 2
    p.mouse.move(run["x"] + run["width"] - 2, on_run)
    p.mouse.down()
    p.mouse.move(x(20), on_run, steps=6)
    p.mouse.up()
    assert page.annotation()["result"][0]["value"] == {
        "ranges": [{"start": 3, "end": 20}],
        "timelinelabels": ["Run"],
    }
    assert p.get_by_role("button", name="Run frames 3–20").count() == 1
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_prelabelled_track_shown_where_it_is(page: Any) -> None:
    """A box from Label Studio is drawn as the editor draws it at each frame, and relabelled."""
    cfg = labelconfig.parse(TRACK)
    seq = [
        {"frame": 2, "enabled": True, "rotation": 0, "x": 0, "y": 10, "width": 20, "height": 20, "time": 0.2},
        {"frame": 12, "enabled": False, "rotation": 0, "x": 50, "y": 30, "width": 40, "height": 20},
    ]
    seq[1]["time"] = 1.2
    r = {"id": "t1", "from_name": "box", "to_name": "video", "type": "videorectangle"}
    r["value"] = {"framesCount": 30, "duration": 3, "sequence": seq, "labels": ["Person"]}
    task = {"data": {"video": VIDEO, "fps": FPS}, "predictions": [{"result": [r]}]}
    p = _open(page, cfg, task)
    rect = '.lc-overlay [data-region="t1"] rect'
    assert p.locator(rect).count() == 0  # frame 1: before its first keyframe
    for _ in range(6):
        p.keyboard.press("Alt+ArrowRight")
    _shows(p, 7)
    drawn = p.evaluate(
        """(sel) => { const r = document.querySelector(sel), svg = r.ownerSVGElement.viewBox.baseVal;
            return [r.x.baseVal.value / svg.width * 100, r.y.baseVal.value / svg.height * 100,
                    r.width.baseVal.value / svg.width * 100]; }""",
        rect,
    )
    assert drawn == [pytest.approx(25, abs=0.01), pytest.approx(20, abs=0.01), pytest.approx(30, abs=0.01)]
    p.keyboard.press("Shift+Alt+ArrowRight")
    _shows(p, 17)
    assert p.locator(rect).count() == 0  # switched off after frame 12
    assert page.annotation()["result"][0]["value"]["sequence"] == seq
    # Picked in the region list where it is not shown: the video goes to its first keyframe. Another
    # label of the Labels on the video relabels it, as in the editor.
    p.get_by_role("button", name="Select region 1", exact=True).click()
    _shows(p, 2)
    p.get_by_role("button", name="Car", exact=True).click()
    (edited,) = page.annotation()["result"]
    assert edited["value"]["labels"] == ["Car"] and edited["origin"] == "prediction-changed"
    assert edited["value"]["sequence"] == seq
    assert codes(cfg.check_annotation({"result": [r]}, task["data"])) == []
    assert page.errors == []


def test_per_region_answer_follows_its_box(page: Any) -> None:
    """A per-region TextArea answers for the selected box and repeats its keyframes, as the editor
    writes per-region answers; moving the box at another frame moves the answer's copy too."""
    cfg = labelconfig.parse(
        TRACK.replace("</View>", '<TextArea name="note" toName="video" perRegion="true"/></View>')
    )
    task = {"video": VIDEO, "fps": FPS}
    p = _open(page, cfg, task)
    stage = p.get_by_role("application", name="Drawing surface of video video")
    p.get_by_role("button", name="Person", exact=True).click()
    _drag(p, stage, (0.5, 0.5), (0.7, 0.8))
    p.get_by_role("textbox", name="note").fill("red shirt")
    p.get_by_role("textbox", name="note").press("Enter")
    p.get_by_role("button", name="Person", exact=True).click()  # no label pressed: a drag moves
    for _ in range(3):
        p.keyboard.press("Alt+ArrowRight")
    _shows(p, 4)
    _drag(p, stage, (0.6, 0.6), (0.5, 0.5))
    box, note = page.annotation()["result"]
    assert (note["id"], note["from_name"], note["type"]) == (box["id"], "note", "textarea")
    assert [k["frame"] for k in box["value"]["sequence"]] == [1, 4]
    assert note["value"] == {k: box["value"][k] for k in ("framesCount", "duration", "sequence")} | {
        "text": ["red shirt"]
    }
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_malformed_keyframes_kept_and_the_rest_edited(page: Any) -> None:
    """A pre-label whose sequence holds things that are no keyframes, out of order: the page reads the
    keyframes it can, draws no error, and an edit keeps the rest as it was."""
    cfg = labelconfig.parse(TRACK)
    odd = [None, "x", {"frame": "7"}]
    seq = [
        {"frame": 6, "enabled": True, "rotation": 0, "x": 40, "y": 40, "width": 20, "height": 20},
        *odd,
        {"frame": 2, "enabled": True, "rotation": 0, "x": 0, "y": 0, "width": 20, "height": 20},
    ]
    broken = {"id": "b1", "from_name": "box", "to_name": "video", "type": "videorectangle"}
    broken["value"] = {"framesCount": 30, "duration": 3, "sequence": seq}
    not_a_list = {**broken, "id": "b2", "value": {"framesCount": 30, "duration": 3, "sequence": "none"}}
    ranges = {"id": "b3", "from_name": "phase", "to_name": "video", "type": "timelinelabels"}
    ranges["value"] = {"ranges": [None, {"start": "a"}, {"start": 2, "end": 4}], "timelinelabels": ["Run"]}
    task = {"data": {"video": VIDEO, "fps": FPS}, "predictions": [{"result": [broken, not_a_list, ranges]}]}
    p = _open(page, cfg, task)
    for _ in range(3):
        p.keyboard.press("Alt+ArrowRight")
    _shows(p, 4)  # half way between frames 2 and 6
    rect = '.lc-overlay [data-region="b1"] rect'
    x = p.evaluate("(s) => { const r = document.querySelector(s); return r.x.baseVal.value; }", rect)
    assert x == pytest.approx(20 * 64 / 100)
    stage = p.get_by_role("application", name="Drawing surface of video video")
    p.locator(rect).click()
    _drag(p, stage, (0.3, 0.3), (0.4, 0.3))
    assert p.get_by_role("button", name="Run frames 2–4").count() == 1
    moved, kept, kept_ranges = page.annotation()["result"]
    assert kept_ranges["value"] == ranges["value"]
    assert [k["frame"] for k in moved["value"]["sequence"][:3]] == [2, 4, 6]
    assert moved["value"]["sequence"][3:] == odd
    assert kept["value"] == not_a_list["value"]
    assert page.errors == []


def test_max_usages_of_a_video_label_counts_its_boxes(page: Any) -> None:
    cfg = labelconfig.parse(
        TRACK.replace('<Label value="Car" background="#d62728"/>', '<Label value="Car" maxUsages="1"/>')
    )
    p = _open(page, cfg, {"video": VIDEO, "fps": FPS})
    stage = p.get_by_role("application", name="Drawing surface of video video")
    p.get_by_role("button", name="Car", exact=True).click()
    _drag(p, stage, (0.1, 0.1), (0.3, 0.3))
    _drag(p, stage, (0.5, 0.5), (0.7, 0.7))
    assert [r["value"]["labels"] for r in page.annotation()["result"]] == [["Car"]]
    assert p.locator("#lc-message").text_content() == "Car may be used on 1 region(s) only."
    assert page.errors == []


def test_video_controls_operable_and_labels_alone_read_only() -> None:
    """Boxes, their Labels and timeline labels on a Video are operated; Labels on a Video with no
    VideoRectangle label nothing in the editor (it merges them into the boxes), so they stay read-only."""
    task = {"video": VIDEO, "fps": FPS}
    html = render_html(labelconfig.parse(TRACK), task)
    for name in ("tag", "box", "phase"):
        assert f'data-lc-control="{name}"' in html and f'data-lc-readonly="{name}"' not in html
    # The boxes are listed once, under the VideoRectangle that makes them.
    assert 'aria-label="box regions"' in html and 'aria-label="tag regions"' not in html
    alone = TRACK.replace('<VideoRectangle name="box" toName="video"/>', "")
    html = render_html(labelconfig.parse(alone), task)
    assert 'data-lc-readonly="tag"' in html and 'data-lc-control="phase"' in html


def test_video_with_nothing_to_operate_is_a_player(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Video name="video" value="$video"/><Choices name="ok" toName="video">'
        '<Choice value="Good"/><Choice value="Bad"/></Choices></View>'
    )
    p = page.open(render_html(cfg, {"video": VIDEO}))
    assert p.evaluate("document.querySelector('video').controls") is True
    assert p.locator(".lc-stage, .lc-timeline").count() == 0
    assert p.locator(".lc-video-tools").count() == 0
    assert page.errors == []


def test_timeline_alone_steps_frames(page: Any, axe: Any) -> None:  # noqa: F811
    """TimelineLabels without boxes: the picture is no drawing surface, the frame buttons still step."""
    cfg = labelconfig.parse(TRACK.replace('<VideoRectangle name="box" toName="video"/>', ""))
    p = _open(page, cfg, {"video": VIDEO, "fps": FPS})
    assert p.get_by_role("application").count() == 1  # the timeline only
    assert p.get_by_role("button", name="Hide selected region").count() == 0
    p.get_by_role("button", name="Next frame").click()
    _shows(p, 2)
    assert _serious(axe, p) == []
    assert page.errors == []


PROPS = ("x", "y", "width", "height", "rotation")
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
pct = st.integers(0, 5000).map(lambda v: v / 100)


@st.composite
def sequences(draw: Any, frames: int = 30) -> list[dict[str, Any]]:
    """Keyframes as Label Studio writes them: distinct frames in order, each with a box and a flag."""
    at = sorted(draw(st.sets(st.integers(1, frames), min_size=1, max_size=5)))
    keys = []
    for f in at:
        box = {p: draw(pct) for p in ("x", "y", "width", "height")}
        keys.append({"frame": f, "enabled": draw(st.booleans()), "rotation": 0, **box, "time": f / FPS})
    return keys


@pytest.fixture(scope="module")
def shape_at(browser: Any) -> Iterator[Any]:
    """video.js's keyframe reading, run alone in a blank page."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!DOCTYPE html><title>keyframes</title>")
    source = [(template_dir() / "js" / name).read_text() for name in ("image_geometry.js", "video.js")]
    # `widgets` and `keyHelp` as state.js makes them: video.js registers its widgets and keys there.
    start = "window.LC = { widgets: {}, keyHelp: [] }"
    page.evaluate(f"srcs => {{ {start}; for (const s of srcs) (0, eval)(s); }}", source)
    yield lambda seq, frame: page.evaluate("([s, f]) => LC.videoShapeAt(s, f)", [seq, frame])
    context.close()


@SETTINGS
@given(seq=sequences(), frame=st.integers(1, 30))
def test_any_frame_shows_the_box_between_its_keyframes(shape_at: Any, seq: Any, frame: int) -> None:
    """Property: before its first keyframe a box is nowhere; on a keyframe it is that keyframe's box;
    after the last, the last's; between two, every coordinate lies between theirs, moving from the
    first towards the second as the frames go by."""
    got = shape_at(seq, frame)
    before = [k for k in seq if k["frame"] <= frame]
    after = [k for k in seq if k["frame"] > frame]
    if not before:
        assert got is None
        return
    prev = before[-1]
    if prev["frame"] == frame or not after:
        assert got == {p: prev[p] for p in PROPS}
        return
    nxt = after[0]
    later = shape_at(seq, frame + 1)
    for p in PROPS:
        lo, hi = sorted((prev[p], nxt[p]))
        assert lo - 1e-4 <= got[p] <= hi + 1e-4
        assert (later[p] - got[p]) * (nxt[p] - prev[p]) >= -1e-4  # never back towards the first


@settings(SETTINGS, max_examples=12)
@given(
    tracks=st.lists(sequences(), min_size=1, max_size=3),
    spans=st.lists(st.tuples(st.integers(1, 30), st.integers(1, 30)).map(sorted), max_size=2),
    steps=st.integers(1, 29),
)
def test_any_prelabelled_video_kept_as_it_is(page: Any, tracks: Any, spans: Any, steps: int) -> None:
    """Property: viewing a pre-labelled video, frame after frame, changes nothing in its results."""
    cfg = labelconfig.parse(TRACK)
    results: list[dict[str, Any]] = [
        {"id": f"t{i}", "from_name": "box", "to_name": "video", "type": "videorectangle"}
        | {"value": {"framesCount": 30, "duration": 3, "sequence": seq, "labels": ["Car"]}}
        for i, seq in enumerate(tracks)
    ]
    results += [
        {"id": f"r{i}", "from_name": "phase", "to_name": "video", "type": "timelinelabels"}
        | {"value": {"ranges": [{"start": a, "end": b}], "timelinelabels": ["Run"]}}
        for i, (a, b) in enumerate(spans)
    ]
    data = {"video": VIDEO, "fps": FPS}
    assert codes(cfg.check_annotation({"result": results}, data)) == []
    p = _open(page, cfg, {"data": data, "predictions": [{"result": results}]})
    for _ in range(steps):
        p.keyboard.press("Alt+ArrowRight")
    _at(p, 1 + steps)
    assert [{k: v for k, v in r.items() if k != "origin"} for r in page.annotation()["result"]] == results
    assert page.errors == []
