"""Payload linting: valid results for every control type, task data, file readers, the CLI, and
random mutations that must never crash the checker."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.cli import main
from labelconfig.rules import BY_CODE
from labelconfig.tags import REGISTRY

# ================================================================ valid payloads, every control type

IMG = "https://example.com/photo.jpg"
SIZE = {"original_width": 800, "original_height": 600, "image_rotation": 0}
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAADklEQVR4nGNgGAWjAAMAAAEAAVfF2vQ"
    "AAAAASUVORK5CYII="
)
RLE = [0, 4, 176, 3, 31, 255, 0, 2, 64, 9]
SENTENCE = "Ada Lovelace moved to Oxford in 1835."  # Ada Lovelace 0..12, Oxford 22..28


def _image(tool: str, name: str = "tool", labels: str = "") -> str:
    body = (
        f'<{tool} name="{name}" toName="img">{labels}</{tool}>'
        if labels
        else f'<{tool} name="{name}" toName="img"/>'
    )
    return f'<View><Image name="img" value="$image"/>{body}</View>'


def _r(from_name: str, to_name: str, rtype: str, value: dict[str, Any], rid: str = "", **extra: Any) -> dict:
    r: dict[str, Any] = {"from_name": from_name, "to_name": to_name, "type": rtype, "value": value}
    if rid:
        r["id"] = rid
    r.update(extra)
    return r


VECTOR = [
    {"id": "pt-a", "x": 10.0, "y": 80.0, "prevPointId": None, "isBezier": False},
    {
        "id": "pt-b",
        "x": 45.0,
        "y": 60.0,
        "prevPointId": "pt-a",
        "isBezier": True,
        "controlPoint1": {"x": 25.0, "y": 75.0},
        "controlPoint2": {"x": 40.0, "y": 62.0},
    },
]
BOX = {"x": 12.5, "y": 20.0, "width": 30.0, "height": 25.5, "rotation": 0}

# name -> (config, task data, result list)
VALID: dict[str, tuple[str, dict[str, Any], list[dict[str, Any]]]] = {
    "rectangle": (
        _image("Rectangle", "box"),
        {"image": IMG},
        [_r("box", "img", "rectangle", dict(BOX), "b7", **SIZE)],
    ),
    "rectanglelabels": (
        _image("RectangleLabels", "objects", '<Label value="Bicycle"/><Label value="Car"/>'),
        {"image": IMG},
        [
            _r(
                "objects",
                "img",
                "rectanglelabels",
                {
                    "x": 5.0,
                    "y": 55.0,
                    "width": 20.0,
                    "height": 18.0,
                    "rotation": 15,
                    "rectanglelabels": ["Bicycle"],
                },
                "b8",
                score=0.93,
                **SIZE,
            )
        ],
    ),
    "polygon": (
        _image("Polygon", "poly"),
        {"image": IMG},
        [
            _r(
                "poly",
                "img",
                "polygon",
                {"points": [[10.0, 10.0], [30.0, 12.5], [25.0, 40.0]], "closed": True},
                "p1",
                **SIZE,
            )
        ],
    ),
    "polygonlabels": (
        _image("PolygonLabels", "segments", '<Label value="Lake"/>'),
        {"image": IMG},
        [
            _r(
                "segments",
                "img",
                "polygonlabels",
                {
                    "points": [[50.0, 50.0], [70.0, 52.0], [68.0, 75.0], [49.0, 71.0]],
                    "closed": True,
                    "polygonlabels": ["Lake"],
                },
                "p2",
                **SIZE,
            )
        ],
    ),
    "keypoint": (
        _image("KeyPoint", "kp"),
        {"image": IMG},
        [_r("kp", "img", "keypoint", {"x": 33.3, "y": 61.2, "width": 0.75}, "k1", **SIZE)],
    ),
    "keypointlabels": (
        _image("KeyPointLabels", "joints", '<Label value="Left eye"/>'),
        {"image": IMG},
        [
            _r(
                "joints",
                "img",
                "keypointlabels",
                {"x": 48.0, "y": 22.4, "width": 0.75, "keypointlabels": ["Left eye"]},
                "k2",
                **SIZE,
            )
        ],
    ),
    "ellipse": (
        _image("Ellipse", "ell"),
        {"image": IMG},
        [
            _r(
                "ell",
                "img",
                "ellipse",
                {"x": 50.0, "y": 45.0, "radiusX": 10.0, "radiusY": 6.0, "rotation": 30},
                "e1",
                **SIZE,
            )
        ],
    ),
    "ellipselabels": (
        _image("EllipseLabels", "cells", '<Label value="Nucleus"/>'),
        {"image": IMG},
        [
            _r(
                "cells",
                "img",
                "ellipselabels",
                {
                    "x": 20.0,
                    "y": 70.0,
                    "radiusX": 4.5,
                    "radiusY": 4.0,
                    "rotation": 0,
                    "ellipselabels": ["Nucleus"],
                },
                "e2",
                **SIZE,
            )
        ],
    ),
    "brush": (
        _image("Brush", "brush"),
        {"image": IMG},
        [_r("brush", "img", "brush", {"format": "rle", "rle": RLE}, "m1", **SIZE)],
    ),
    "brushlabels": (
        _image("BrushLabels", "mask", '<Label value="Road"/>'),
        {"image": IMG},
        [
            _r(
                "mask",
                "img",
                "brushlabels",
                {"format": "rle", "rle": RLE, "brushlabels": ["Road"]},
                "m2",
                **SIZE,
            )
        ],
    ),
    "magicwand": (
        '<View><Image name="img" value="$image"/><MagicWand name="wand" toName="img"/>'
        '<BrushLabels name="mask" toName="img"><Label value="Sky"/></BrushLabels></View>',
        {"image": IMG},
        [
            _r("wand", "img", "magicwand", {"format": "rle", "rle": RLE}, "m3", **SIZE),
            _r(
                "mask",
                "img",
                "brushlabels",
                {"format": "rle", "rle": RLE, "brushlabels": ["Sky"]},
                "m4",
                **SIZE,
            ),
        ],
    ),
    "bitmask": (
        _image("Bitmask", "bm"),
        {"image": IMG},
        [_r("bm", "img", "bitmask", {"imageDataURL": PNG}, "x1", **SIZE)],
    ),
    "bitmasklabels": (
        _image("BitmaskLabels", "bml", '<Label value="Tumor"/>'),
        {"image": IMG},
        [_r("bml", "img", "bitmasklabels", {"imageDataURL": PNG, "bitmasklabels": ["Tumor"]}, "x2", **SIZE)],
    ),
    "vector": (
        _image("Vector", "vec"),
        {"image": IMG},
        [_r("vec", "img", "vector", {"closed": False, "vertices": VECTOR}, "v1", **SIZE)],
    ),
    "vectorlabels": (
        _image("VectorLabels", "lanes", '<Label value="Lane marking"/>'),
        {"image": IMG},
        [
            _r(
                "lanes",
                "img",
                "vectorlabels",
                {
                    "closed": False,
                    "vertices": [
                        {"id": "q1", "x": 5.0, "y": 95.0},
                        {"id": "q2", "x": 48.0, "y": 40.0, "prevPointId": "q1"},
                    ],
                    "vectorlabels": ["Lane marking"],
                },
                "v2",
                **SIZE,
            )
        ],
    ),
    "labels_on_text": (
        '<View><Labels name="ner" toName="text"><Label value="Person"/><Label value="City"/></Labels>'
        '<Text name="text" value="$text"/></View>',
        {"text": SENTENCE},
        [
            _r(
                "ner",
                "text",
                "labels",
                {"start": 0, "end": 12, "text": "Ada Lovelace", "labels": ["Person"]},
                "t1",
            ),
            _r("ner", "text", "labels", {"start": 22, "end": 28, "text": "Oxford", "labels": ["City"]}, "t2"),
        ],
    ),
    "labels_on_hypertext": (
        '<View><Labels name="ner" toName="page"><Label value="Person"/></Labels>'
        '<HyperText name="page" value="$html"/></View>',
        {"html": "<div><p>Ada Lovelace</p></div>"},
        [
            _r(
                "ner",
                "page",
                "labels",
                {
                    "start": "/div[1]/p[1]/text()[1]",
                    "end": "/div[1]/p[1]/text()[1]",
                    "startOffset": 4,
                    "endOffset": 12,
                    "globalOffsets": {"start": 4, "end": 12},
                    "text": "Lovelace",
                    "labels": ["Person"],
                },
                "h1",
            )
        ],
    ),
    "labels_on_audio": (
        '<View><Labels name="speaker" toName="audio"><Label value="Speaker A"/></Labels>'
        '<Audio name="audio" value="$audio"/></View>',
        {"audio": "https://example.com/talk.mp3"},
        [
            _r(
                "speaker",
                "audio",
                "labels",
                {"start": 3.25, "end": 7.9, "channel": 0, "labels": ["Speaker A"]},
                "a1",
                original_length=42.7,
            )
        ],
    ),
    "labels_on_image": (
        '<View><Image name="img" value="$image"/><Rectangle name="box" toName="img"/>'
        '<Labels name="cls" toName="img"><Label value="Dog"/></Labels></View>',
        {"image": IMG},
        [
            _r("box", "img", "rectangle", dict(BOX), "r1", **SIZE),
            _r("cls", "img", "labels", {**BOX, "labels": ["Dog"]}, "r1", **SIZE),
        ],
    ),
    "hypertextlabels": (
        '<View><HyperText name="page" value="$html"/>'
        '<HyperTextLabels name="html_ner" toName="page"><Label value="Organization"/></HyperTextLabels>'
        "</View>",
        {"html": "<p>x</p><p>Acme Corp. of <b>Boston</b></p>"},
        [
            _r(
                "html_ner",
                "page",
                "hypertextlabels",
                {
                    "start": "/p[2]/text()[1]",
                    "end": "/p[2]/b[1]/text()[1]",
                    "startOffset": 0,
                    "endOffset": 5,
                    "globalOffsets": {"start": 120, "end": 141},
                    "text": "Acme Corp. of Boston",
                    "hypertextlabels": ["Organization"],
                },
                "ht1",
            )
        ],
    ),
    "paragraphlabels": (
        '<View><Paragraphs name="dialogue" value="$dialogue" layout="dialogue"/>'
        '<ParagraphLabels name="intent" toName="dialogue"><Label value="Request"/></ParagraphLabels></View>',
        {
            "dialogue": [
                {"author": "Agent", "text": "How can I help?"},
                {"author": "Customer", "text": "Can I change my seat, please?"},
            ]
        },
        [
            _r(
                "intent",
                "dialogue",
                "paragraphlabels",
                {
                    "start": 1,
                    "end": 1,
                    "startOffset": 0,
                    "endOffset": 20,
                    "text": "Can I change my seat",
                    "paragraphlabels": ["Request"],
                },
                "pg1",
            )
        ],
    ),
    "timeserieslabels": (
        '<View><TimeSeries name="ts" value="$ts" valueType="json" timeColumn="time">'
        '<Channel column="speed"/></TimeSeries>'
        '<TimeSeriesLabels name="events" toName="ts"><Label value="Walking"/></TimeSeriesLabels></View>',
        {"ts": {"time": [1, 2, 3], "speed": [0.5, 0.7, 0.6]}},
        [
            _r(
                "events",
                "ts",
                "timeserieslabels",
                {"start": 1, "end": 3, "instant": False, "timeserieslabels": ["Walking"]},
                "ts1",
            ),
        ],
    ),
    "timeserieslabels_time_format": (
        '<View><TimeSeries name="ts" value="$ts" valueType="json" timeColumn="time" '
        'timeFormat="%Y-%m-%d %H:%M:%S"><Channel column="speed"/></TimeSeries>'
        '<TimeSeriesLabels name="events" toName="ts"><Label value="Spike"/></TimeSeriesLabels></View>',
        {"ts": {"time": ["2024-03-01 10:15:00", "2024-03-01 10:16:00"], "speed": [0.5, 0.7]}},
        [
            _r(
                "events",
                "ts",
                "timeserieslabels",
                {
                    "start": "2024-03-01 10:15:00",
                    "end": "2024-03-01 10:15:00",
                    "instant": True,
                    "timeserieslabels": ["Spike"],
                },
                "ts2",
            ),
        ],
    ),
    "timelinelabels": (
        '<View><Video name="video" value="$video"/>'
        '<TimelineLabels name="phases" toName="video"><Label value="Running"/></TimelineLabels></View>',
        {"video": "https://example.com/run.mp4"},
        [
            _r(
                "phases",
                "video",
                "timelinelabels",
                {"ranges": [{"start": 24, "end": 96}], "timelinelabels": ["Running"]},
                "tl1",
            )
        ],
    ),
    "videorectangle": (
        '<View><Video name="video" value="$video"/><VideoRectangle name="box" toName="video"/></View>',
        {"video": "https://example.com/road.mp4"},
        [
            _r(
                "box",
                "video",
                "videorectangle",
                {
                    "framesCount": 750,
                    "duration": 30.0,
                    "sequence": [
                        {
                            "frame": 1,
                            "enabled": True,
                            "time": 0.04,
                            "x": 10.0,
                            "y": 20.0,
                            "width": 12.0,
                            "height": 18.0,
                            "rotation": 0,
                        },
                        {
                            "frame": 40,
                            "enabled": False,
                            "time": 1.6,
                            "x": 22.0,
                            "y": 21.5,
                            "width": 12.0,
                            "height": 18.0,
                            "rotation": 0,
                        },
                    ],
                },
                "vr1",
            )
        ],
    ),
    "videovector": (
        '<View><Video name="video" value="$video"/><VideoVector name="outline" toName="video"/></View>',
        {"video": "https://example.com/road.mp4"},
        [
            _r(
                "outline",
                "video",
                "videovector",
                {
                    "sequence": [
                        {"frame": 1, "enabled": True, "closed": False, "vertices": VECTOR},
                        {"frame": 50, "enabled": True, "closed": False, "vertices": VECTOR},
                    ]
                },
                "vv1",
                **SIZE,
            )
        ],
    ),
    "videovectorlabels": (
        '<View><Video name="video" value="$video"/>'
        '<VideoVectorLabels name="vlabels" toName="video"><Label value="Sign"/></VideoVectorLabels></View>',
        {"video": "https://example.com/road.mp4"},
        [
            _r(
                "vlabels",
                "video",
                "videovectorlabels",
                {
                    "framesCount": 300,
                    "duration": 10.0,
                    "sequence": [{"frame": 5, "enabled": True, "closed": True, "vertices": VECTOR}],
                    "labels": ["Sign"],
                },
                "vv2",
                **SIZE,
            )
        ],
    ),
    "ocrlabels": (
        '<View><Pdf name="pdf" value="$pdf"/><OcrLabels name="ocr" toName="pdf">'
        '<Label value="Incorrect amount"/></OcrLabels></View>',
        {"pdf": "https://example.com/invoice.pdf"},
        [
            _r(
                "ocr",
                "pdf",
                "ocrlabels",
                {
                    "x": 0.12,
                    "y": 0.30,
                    "width": 0.25,
                    "height": 0.04,
                    "rotation": 0,
                    "pageIndex": 1,
                    "ocrtext": "Total: $41.50",
                    "ocrlabels": ["Incorrect amount"],
                },
                "o1",
            )
        ],
    ),
    "choices_single": (
        '<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text">'
        '<Choice value="Positive"/><Choice value="Negative"/></Choices></View>',
        {"text": SENTENCE},
        [_r("sentiment", "text", "choices", {"choices": ["Positive"]}, "c1")],
    ),
    "choices_multiple": (
        '<View><Text name="text" value="$text"/><Choices name="tags" toName="text" choice="multiple">'
        '<Choice value="History"/><Choice value="Science" alias="sci"/></Choices></View>',
        {"text": SENTENCE},
        [_r("tags", "text", "choices", {"choices": ["History", "sci"]})],
    ),
    "choices_nested": (
        '<View><Text name="text" value="$text"/>'
        '<Choices name="topics" toName="text" choice="multiple" allowNested="true">'
        '<Choice value="Sports"><Choice value="Tennis"/><Choice value="Golf"/></Choice>'
        '<Choice value="Politics"/></Choices></View>',
        {"text": SENTENCE},
        [_r("topics", "text", "choices", {"choices": [["Sports", "Tennis"], ["Politics"]]}, "c2")],
    ),
    "textarea": (
        '<View><Image name="img" value="$image"/><TextArea name="caption" toName="img"/></View>',
        {"image": IMG},
        [_r("caption", "img", "textarea", {"text": ["A dog catching a red frisbee"]}, "ta1")],
    ),
    "rating": (
        '<View><Text name="text" value="$text"/><Rating name="quality" toName="text" maxRating="10"/></View>',
        {"text": SENTENCE},
        [_r("quality", "text", "rating", {"rating": 10}, "rt1")],
    ),
    "number": (
        '<View><Image name="img" value="$image"/><Number name="age" toName="img" min="0" max="120"/></View>',
        {"image": IMG},
        [_r("age", "img", "number", {"number": 37}, "n1")],
    ),
    "datetime_iso": (
        '<View><Image name="img" value="$image"/><DateTime name="taken_on" toName="img"/></View>',
        {"image": IMG},
        [_r("taken_on", "img", "datetime", {"datetime": "2023-11-05T14:30"}, "d1")],
    ),
    "datetime_format": (
        '<View><Image name="img" value="$image"/>'
        '<DateTime name="taken_on" toName="img" format="%d.%m.%Y %H:%M"/></View>',
        {"image": IMG},
        [_r("taken_on", "img", "datetime", {"datetime": "05.11.2023 14:30"}, "d2")],
    ),
    "datetime_only_date": (
        '<View><Image name="img" value="$image"/><DateTime name="taken_on" toName="img" only="date"/></View>',
        {"image": IMG},
        [_r("taken_on", "img", "datetime", {"datetime": "2023-11-05"}, "d3")],
    ),
    "taxonomy": (
        '<View><Text name="text" value="$text"/><Taxonomy name="media" toName="text">'
        '<Choice value="Online"><Choice value="Paywall"><Choice value="NY Times"/></Choice></Choice>'
        '<Choice value="Offline"/></Taxonomy></View>',
        {"text": SENTENCE},
        [
            _r(
                "media",
                "text",
                "taxonomy",
                {"taxonomy": [["Online", "Paywall", "NY Times"], ["Offline"]]},
                "tx1",
            )
        ],
    ),
    "pairwise": (
        '<View><Text name="left" value="$left"/><Text name="right" value="$right"/>'
        '<Pairwise name="pw" toName="left,right"/></View>',
        {"left": "Answer one", "right": "Answer two"},
        [_r("pw", "pw", "pairwise", {"selected": "left"}, "pw1")],
    ),
    "ranker": (
        '<View><List name="results" value="$items" title="Results"/>'
        '<Ranker name="rank" toName="results"/></View>',
        {
            "items": [
                {"id": "mdn", "title": "MDN"},
                {"id": "wiki", "title": "Wiki"},
                {"id": "blog", "title": "Blog"},
            ]
        },
        [_r("rank", "results", "ranker", {"ranker": {"rank": ["mdn", "wiki", "blog"]}}, "rk1")],
    ),
    "ranker_buckets": (
        '<View><List name="results" value="$items" title="Results"/><Ranker name="rank" toName="results">'
        '<Bucket name="best" title="Best"/><Bucket name="ads" title="Ads"/></Ranker></View>',
        {"items": [{"id": "mdn", "title": "MDN"}, {"id": "blog", "title": "Blog"}]},
        [_r("rank", "results", "ranker", {"ranker": {"_": ["blog"], "best": ["mdn"], "ads": []}}, "rk2")],
    ),
    "relations": (
        '<View><Labels name="ner" toName="text"><Label value="Person"/><Label value="City"/></Labels>'
        '<Text name="text" value="$text"/><Relations><Relation value="lives_in"/>'
        '<Relation value="born_in"/></Relations></View>',
        {"text": SENTENCE},
        [
            _r(
                "ner",
                "text",
                "labels",
                {"start": 0, "end": 12, "text": "Ada Lovelace", "labels": ["Person"]},
                "t1",
            ),
            _r("ner", "text", "labels", {"start": 22, "end": 28, "text": "Oxford", "labels": ["City"]}, "t2"),
            {
                "from_id": "t1",
                "to_id": "t2",
                "type": "relation",
                "direction": "right",
                "labels": ["lives_in"],
            },
            {"from_id": "t2", "to_id": "t1", "type": "relation", "direction": "bi"},
        ],
    ),
    "chatmessage": (
        '<View><Chat name="chat" value="$messages"/></View>',
        {"messages": [{"role": "user", "content": "Where is my order?"}]},
        [
            _r(
                "chat",
                "chat",
                "chatmessage",
                {
                    "chatmessage": {
                        "role": "assistant",
                        "content": "Your order ships tomorrow.",
                        "createdAt": 1717000000000,
                    }
                },
                "cm1",
            )
        ],
    ),
    "reactcode": (
        '<View><ReactCode name="review" toName="review" data="$payload"/></View>',
        {"payload": {"doc": "x"}},
        [
            _r(
                "review",
                "review",
                "reactcode",
                {"reactcode": {"decision": "approve", "priority": 4, "notes": "minor typos"}},
                "rc1",
            )
        ],
    ),
    "per_region": (
        '<View><Image name="img" value="$image"/><RectangleLabels name="box" toName="img">'
        '<Label value="Car"/></RectangleLabels>'
        '<Choices name="occluded" toName="img" perRegion="true"><Choice value="Partly"/>'
        '<Choice value="No"/></Choices>'
        '<TextArea name="plate" toName="img" perRegion="true"/></View>',
        {"image": IMG},
        [
            _r("box", "img", "rectanglelabels", {**BOX, "rectanglelabels": ["Car"]}, "b8", **SIZE),
            _r("occluded", "img", "choices", {"choices": ["Partly"]}, "b8", **SIZE),
            _r("plate", "img", "textarea", {"text": ["AB 123 C"]}, "b8", **SIZE),
        ],
    ),
}

# results.md writes these with the region's geometry copied into `value`, or the companion labels of a
# VideoRectangle under `labels`; the linter once rejected both.
FORMER_FALSE_POSITIVES: dict[str, tuple[str, tuple[str, dict[str, Any], list[dict[str, Any]]]]] = {
    "per_region_with_geometry": (
        "LC807 false positive: perRegion answers copy the region's geometry into `value` (results.md)",
        (
            VALID["per_region"][0],
            {"image": IMG},
            [
                _r("box", "img", "rectanglelabels", {**BOX, "rectanglelabels": ["Car"]}, "b8", **SIZE),
                _r("occluded", "img", "choices", {**BOX, "choices": ["Partly"]}, "b8", **SIZE),
                _r("plate", "img", "textarea", {**BOX, "text": ["AB 123 C"]}, "b8", **SIZE),
            ],
        ),
    ),
    "videorectangle_with_companion_labels": (
        "LC808 false positive: VideoRectangle results carry the companion <Labels> under `labels`",
        (
            '<View><Video name="video" value="$video"/><VideoRectangle name="box" toName="video"/>'
            '<Labels name="videoLabels" toName="video"><Label value="Car"/></Labels></View>',
            {"video": "https://example.com/road.mp4"},
            [
                _r(
                    "box",
                    "video",
                    "videorectangle",
                    {
                        "framesCount": 750,
                        "duration": 30.0,
                        "sequence": [
                            {"frame": 1, "enabled": True, "x": 10.0, "y": 20.0, "width": 12.0, "height": 18.0}
                        ],
                        "labels": ["Car"],
                    },
                    "vr1",
                )
            ],
        ),
    ),
}


def _show(diagnostics: list[labelconfig.Diagnostic]) -> str:
    return "\n".join(f"{d.code} {d.path}: {d.message}" for d in diagnostics)


def _assert_valid(config: str, data: dict[str, Any], results: list[dict[str, Any]]) -> None:
    cfg = labelconfig.parse(config)
    assert cfg.ok, _show(list(cfg.errors))
    task = {"data": data}
    prediction = {"model_version": "v1", "score": 0.87, "result": copy.deepcopy(results)}
    annotation = {"result": copy.deepcopy(results), "was_cancelled": False, "ground_truth": False}
    assert cfg.check_task(task) == [], _show(cfg.check_task(task))
    found = cfg.check_prediction(prediction, task)
    assert found == [], _show(found)
    found = cfg.check_annotation(annotation, task)
    assert found == [], _show(found)
    embedded = {"data": data, "predictions": [prediction], "annotations": [annotation]}
    assert cfg.check_task(embedded) == [], _show(cfg.check_task(embedded))


@pytest.mark.parametrize("name", list(VALID))
def test_valid_payload(name: str) -> None:
    _assert_valid(*VALID[name])


@pytest.mark.parametrize(
    "name",
    list(FORMER_FALSE_POSITIVES),
)
def test_valid_payload_formerly_false_positive(name: str) -> None:
    _assert_valid(*FORMER_FALSE_POSITIVES[name][1])


def test_every_result_type_has_a_valid_payload() -> None:
    declared = {
        spec.result.type for spec in REGISTRY.values() if spec.result is not None and spec.result.type
    }
    covered = {r["type"] for _, _, results in VALID.values() for r in results}
    assert declared - covered == set()


# ================================================================ task data (LC70x)


def _task(config: str, task: Any) -> list[tuple[str, str]]:
    return [(d.code, d.path) for d in labelconfig.parse(config).check_task(task)]


TEXT_CFG = (
    '<View><Text name="text" value="$review_text"/><Choices name="c" toName="text">'
    '<Choice value="A"/></Choices></View>'
)


@pytest.mark.parametrize("key", ["Review_Text", "review text", "Review text"])
def test_missing_key_suggests_the_near_miss(key: str) -> None:
    (d,) = labelconfig.parse(TEXT_CFG).check_task({"data": {key: "Great!", "other": 1}})
    assert (d.code, d.path, d.item) == ("LC701", "$.data.review_text", None)
    assert d.suggestion == key
    assert f'did you mean "{key}"' in d.help


def test_missing_key_without_a_near_miss_lists_the_keys() -> None:
    (d,) = labelconfig.parse(TEXT_CFG).check_task({"data": {"body": "x"}})
    assert d.code == "LC701" and d.suggestion is None and '"body"' in d.help


def test_dotted_reference_resolves_nested_data() -> None:
    cfg = (
        '<View><Text name="t" value="$meta.body"/><Choices name="c" toName="t"><Choice value="A"/>'
        "</Choices></View>"
    )
    assert _task(cfg, {"data": {"meta": {"body": "hello"}}}) == []
    assert _task(cfg, {"data": {"meta": {"text": "hello"}}}) == [("LC701", '$.data["meta.body"]')]
    (d,) = labelconfig.parse(cfg).check_task({"data": {"meta.body": "hello"}})
    assert d.code == "LC701" and "flat key" in d.help and d.suggestion is None


REPEATER = (
    '<View><Repeater on="$pages" indexFlag="{{idx}}">'
    '<Image name="page_{{idx}}" value="$pages[{{idx}}].url"/>'
    '<RectangleLabels name="box_{{idx}}" toName="page_{{idx}}"><Label value="Stamp"/></RectangleLabels>'
    "</Repeater></View>"
)


def test_repeater_expands_over_the_list() -> None:
    good = {"data": {"pages": [{"url": "a.jpg"}, {"url": "b.jpg"}, {"url": "c.jpg"}]}}
    assert _task(REPEATER, good) == []
    bad = {"data": {"pages": [{"url": "a.jpg"}, {"src": "b.jpg"}, {"url": 3}]}}
    assert _task(REPEATER, bad) == [("LC701", '$.data["pages[1].url"]'), ("LC702", '$.data["pages[2].url"]')]


def test_paragraphs_items_need_name_and_text_keys() -> None:
    cfg = (
        '<View><Paragraphs name="p" value="$chat" nameKey="who" textKey="said"/>'
        '<Choices name="c" toName="p"><Choice value="A"/></Choices></View>'
    )
    assert _task(cfg, {"data": {"chat": [{"who": "A", "said": "hi"}]}}) == []
    (d,) = labelconfig.parse(cfg).check_task(
        {"data": {"chat": [{"who": "A", "said": "hi"}, {"author": "B", "said": "yo"}]}}
    )
    assert (d.code, d.path) == ("LC702", "$.data.chat") and '"who"' in d.message and "item 1" in d.message
    assert _task(cfg, {"data": {"chat": "hi"}}) == [("LC702", "$.data.chat")]


def test_image_value_list_must_be_a_list() -> None:
    cfg = (
        '<View><Image name="img" valueList="$pages"/><Choices name="c" toName="img"><Choice value="A"/>'
        "</Choices></View>"
    )
    assert _task(cfg, {"data": {"pages": ["a.jpg", "b.jpg"]}}) == []
    assert _task(cfg, {"data": {"pages": "a.jpg"}}) == [("LC702", "$.data.pages")]
    assert _task(cfg, {"data": {"pages": [1, 2]}}) == [("LC702", "$.data.pages")]


def test_text_value_type_url_accepts_a_url() -> None:
    cfg = (
        '<View><Text name="t" value="$doc" valueType="url"/><Choices name="c" toName="t">'
        '<Choice value="A"/></Choices></View>'
    )
    assert _task(cfg, {"data": {"doc": "s3://bucket/doc.txt"}}) == []
    assert _task(cfg, {"data": {"doc": {"url": "x"}}}) == [("LC702", "$.data.doc")]


def test_bare_dict_task_is_its_data() -> None:
    assert _task(TEXT_CFG, {"review_text": "Great!"}) == []
    assert _task(TEXT_CFG, {"review": "Great!"}) == [("LC701", "$.review_text")]


def test_embedded_records_are_checked_with_file_paths(tmp_path: Path) -> None:
    cfg = VALID["choices_single"][0]
    good = {
        "from_name": "sentiment",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["Positive"]},
    }
    bad = dict(good, value={"choices": ["positive"]})
    tasks = [
        {"data": {"text": "a"}, "predictions": [{"result": [good]}], "annotations": [{"result": [good]}]},
        {
            "data": {"text": "b"},
            "predictions": [{"result": [good]}, {"result": [good, bad]}],
            "annotations": [{"result": [bad]}],
        },
    ]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks))
    found = [(d.code, d.item, d.path) for d in labelconfig.check_files(cfg, tasks=str(path))]
    assert found == [
        ("LC808", 1, "$[1].predictions[1].result[1].value.choices[0]"),
        ("LC808", 1, "$[1].annotations[0].result[0].value.choices[0]"),
    ]
    # The API on one dict: paths from `$`, no item.
    found = [(d.code, d.item, d.path) for d in labelconfig.parse(cfg).check_task(tasks[1])]
    assert found == [
        ("LC808", None, "$.predictions[1].result[1].value.choices[0]"),
        ("LC808", None, "$.annotations[0].result[0].value.choices[0]"),
    ]


def test_span_text_is_checked_against_the_task() -> None:
    cfg = labelconfig.parse(VALID["labels_on_text"][0])
    span = {"id": "a", "from_name": "ner", "to_name": "text", "type": "labels"}
    wrong = {"result": [dict(span, value={"start": 21, "end": 27, "text": "Oxford", "labels": ["City"]})]}
    assert cfg.check_prediction(wrong) == []  # no task: nothing to compare with
    (d,) = cfg.check_prediction(wrong, {"data": {"text": SENTENCE}})
    assert (d.code, d.path) == ("LC813", "$.result[0].value.text")
    assert "22..28" in d.help


# ================================================================ readers

CHOICES_CFG = VALID["choices_single"][0]


def _choice(label: str) -> dict[str, Any]:
    return {"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": [label]}}


def _found(config: str, **files: str) -> list[tuple[str, int | None, str, int]]:
    return [(d.code, d.item, d.path, d.line) for d in labelconfig.check_files(config, **files)]


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "preds.json"
    path.write_text(json.dumps([{"result": [_choice("Positive")]}, {"result": [_choice("Nope")]}], indent=2))
    assert [f[:3] for f in _found(CHOICES_CFG, predictions=str(path))] == [
        ("LC808", 1, "$[1].result[0].value.choices[0]")
    ]


def test_json_lines_file_numbers_items_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    lines = [
        json.dumps({"result": [_choice("Nope")]}),
        "",
        "   ",
        json.dumps({"result": [_choice("Positive")]}),
        json.dumps({"result": [_choice("Nope")]}),
    ]
    path.write_text("\n".join(lines) + "\n")
    assert _found(CHOICES_CFG, predictions=str(path)) == [
        ("LC808", 0, "$[0].result[0].value.choices[0]", 1),
        ("LC808", 2, "$[2].result[0].value.choices[0]", 5),
    ]


def test_single_object_file(tmp_path: Path) -> None:
    path = tmp_path / "pred.json"
    path.write_text(json.dumps({"result": [_choice("Nope")], "score": 2}, indent=2))
    assert [f[:3] for f in _found(CHOICES_CFG, predictions=str(path))] == [
        ("LC903", None, "$.score"),
        ("LC808", None, "$.result[0].value.choices[0]"),
    ]


def test_ml_backend_response(tmp_path: Path) -> None:
    path = tmp_path / "response.json"
    body = {
        "results": [
            {"result": [_choice("Positive")], "score": 0.5},
            {"result": [_choice("Nope")], "model_version": "v2"},
        ]
    }
    path.write_text(json.dumps(body, indent=2))
    assert [f[:3] for f in _found(CHOICES_CFG, predictions=str(path))] == [
        ("LC808", None, "$.results[1].result[0].value.choices[0]")
    ]


def test_invalid_json_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_text(
        json.dumps({"result": [_choice("Positive")]})
        + '\n{"result": [\n'
        + json.dumps({"result": [_choice("Nope")]})
        + "\n"
    )
    assert _found(CHOICES_CFG, predictions=str(path)) == [
        ("LC901", 1, "$[1]", 2),
        ("LC808", 2, "$[2].result[0].value.choices[0]", 3),
    ]


def test_invalid_first_json_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_text('{"result": [\n' + json.dumps({"result": [_choice("Nope")]}) + "\n")
    assert _found(CHOICES_CFG, predictions=str(path)) == [
        ("LC901", 0, "$[0]", 1),
        ("LC808", 1, "$[1].result[0].value.choices[0]", 2),
    ]


def test_jobs_give_the_same_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from labelconfig.payloads import run

    calls: list[int] = []
    parallel = run._parallel
    monkeypatch.setattr(run, "_parallel", lambda *a, **kw: calls.append(1) or parallel(*a, **kw))
    path = tmp_path / "big.jsonl"
    good = json.dumps({"result": [_choice("Positive")], "score": 0.5, "model_version": "pad" * 50})
    rows = []
    for i in range(6000):
        if i % 997 == 3:
            rows.append(json.dumps({"result": [_choice("Nope")], "score": 7}))
        elif i % 1499 == 10:
            rows.append('{"result": [')
        elif i % 701 == 5:
            rows.append("")  # blank lines shift line numbers but not items
        else:
            rows.append(good)
    path.write_text("\n".join(rows) + "\n")
    assert path.stat().st_size > 1.4 * 1024 * 1024
    one = labelconfig.check_files(CHOICES_CFG, predictions=str(path), jobs=1)
    assert not calls
    two = labelconfig.check_files(CHOICES_CFG, predictions=str(path), jobs=2)
    assert calls == [1], "the file should be big enough for the parallel path"
    key = [(d.code, d.item, d.path, d.line, d.message) for d in one]
    assert key == [(d.code, d.item, d.path, d.line, d.message) for d in two]
    assert len([d for d in one if d.code == "LC901"]) == 4
    # the last bad record: its item counts records (blank lines skipped), its line counts lines
    last = one[-1]
    assert rows[last.line - 1].startswith('{"result": [{')
    assert last.item == sum(1 for r in rows[: last.line - 1] if r.strip())


# ================================================================ command line


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def cli_files(tmp_path: Path) -> dict[str, Path]:
    cfg = tmp_path / "cfg.xml"
    cfg.write_text(CHOICES_CFG)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"result": [_choice("Positive")]}) + "\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"result": [_choice("Positive")]}) + "\n" + json.dumps({"result": [_choice("pos")]}) + "\n"
    )
    return {"cfg": cfg, "good": good, "bad": bad}


def test_cli_predictions_json(cli_files: dict[str, Path]) -> None:
    code, out = _cli(
        "check", str(cli_files["cfg"]), "--predictions", str(cli_files["bad"]), "--format", "json"
    )
    assert code == 1
    payload = json.loads(out)
    text = json.dumps(payload)
    assert "LC808" in text and "$[1].result[0].value.choices[0]" in text
    code, out = _cli(
        "check", str(cli_files["cfg"]), "--predictions", str(cli_files["good"]), "--format", "json"
    )
    assert code == 0, out
    assert "LC8" not in out


def test_cli_usage_errors(cli_files: dict[str, Path], tmp_path: Path) -> None:
    cfg = str(cli_files["cfg"])
    code, _ = _cli("check", cfg, cfg, "--predictions", str(cli_files["good"]))
    assert code == 2
    code, out = _cli("check", cfg, "--predictions", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "missing.jsonl" in out


# ================================================================ messages


def test_number_range_message_shows_a_zero_maximum() -> None:
    cfg = labelconfig.parse(
        '<View><Text name="t" value="$t"/><Number name="n" toName="t" min="-10" max="0"/></View>'
    )
    (d,) = cfg.check_prediction({"result": [_r("n", "t", "number", {"number": 5})]})
    assert d.code == "LC810" and "∞" not in d.message


# ================================================================ crashes found by the mutation test


def test_nested_list_to_name_does_not_crash() -> None:
    cfg = labelconfig.parse(CHOICES_CFG)
    found = cfg.check_prediction({"result": [dict(_choice("Positive"), to_name=[["text"]])]})
    assert [(d.code, d.path) for d in found] == [("LC803", "$.result[0].to_name")]


def test_choice_path_without_allow_nested_does_not_crash() -> None:
    cfg = labelconfig.parse(CHOICES_CFG)
    found = cfg.check_prediction(
        {"result": [_r("sentiment", "text", "choices", {"choices": [["Positive"]]})]}
    )
    assert [d.code for d in found] in (["LC806"], ["LC808"])


# ================================================================ hypothesis: mutations never crash

_SEEDS: list[tuple[labelconfig.Config, dict[str, Any], dict[str, Any]]] = []


def _seeds() -> list[tuple[labelconfig.Config, dict[str, Any], dict[str, Any]]]:
    if not _SEEDS:
        for config, data, results in VALID.values():
            _SEEDS.append((labelconfig.parse(config), {"data": data}, {"result": results, "score": 0.5}))
    return _SEEDS


_GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["", "NaN", "nan", "Infinity", "-inf", "1e999", "null", "$", "[0]", "..", "{{idx}}", "\x00", "é😀"]
    ),
    st.text(max_size=6),
    st.builds(list),  # fresh containers: `st.just([])` would be one object, mutated across examples
    st.builds(dict),
    st.lists(st.integers(-300, 300), max_size=3),
    st.dictionaries(st.sampled_from(["x", "start", "id", "labels", "choices"]), st.integers(), max_size=2),
)


def _containers(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every dict and list inside value (and the value itself)."""
    out = []
    if isinstance(value, dict | list):
        out.append(at)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for k, v in items:
            out.extend(_containers(v, (*at, k)))
    return out


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _mutate(draw: Callable[..., Any], root: Any) -> Any:
    root = copy.deepcopy(root)
    for _ in range(draw(st.integers(1, 4))):
        paths = _containers(root)
        if not paths:
            return root
        path = draw(st.sampled_from(paths))
        node = _get(root, path)
        op = draw(st.sampled_from(["drop", "rename", "set", "nest", "swap", "append", "replace"]))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if op == "replace" and path:
            parent = _get(root, path[:-1])
            parent[path[-1]] = draw(_GARBAGE)
            continue
        if not keys:
            op = "append"
        key = draw(st.sampled_from(keys)) if keys else None
        if op == "drop" and key is not None:
            del node[key]
        elif op == "rename" and isinstance(node, dict) and key is not None:
            node[draw(st.sampled_from([str(key).upper(), f"{key}s", f"{key} ", "id", "value", "type"]))] = (
                node.pop(key)
            )
        elif op == "set" and key is not None:
            node[key] = draw(_GARBAGE)
        elif op == "nest" and key is not None:
            node[key] = draw(st.sampled_from([[node[key]], {"value": node[key]}, [[node[key]]]]))
        elif op == "swap" and key is not None:
            v = node[key]
            node[key] = (
                list(v.values())
                if isinstance(v, dict)
                else ({str(i): x for i, x in enumerate(v)} if isinstance(v, list) else [v])
            )
        elif isinstance(node, list):
            node.append(draw(_GARBAGE))
        else:
            node[
                draw(st.sampled_from(["from_name", "to_name", "parentID", "score", "results", "data", "zz"]))
            ] = draw(_GARBAGE)
    return root


@st.composite
def _mutated(draw: Callable[..., Any]) -> tuple[labelconfig.Config, Any, Any, str]:
    cfg, task, prediction = draw(st.sampled_from(_seeds()))
    which = draw(st.sampled_from(["task", "prediction", "annotation", "embedded"]))
    if which == "task":
        return cfg, _mutate(draw, task), None, which
    if which == "embedded":
        return (
            cfg,
            _mutate(draw, {**task, "predictions": [prediction], "annotations": [prediction]}),
            None,
            which,
        )
    return cfg, _mutate(draw, prediction), draw(st.sampled_from([None, task, _mutate(draw, task)])), which


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_mutated_payloads_never_crash(case: tuple[labelconfig.Config, Any, Any, str]) -> None:
    cfg, payload, task, which = case
    if which in ("task", "embedded"):
        found = cfg.check_task(payload)
    elif which == "prediction":
        found = cfg.check_prediction(payload, task)
    else:
        found = cfg.check_annotation(payload, task)
    for d in found:
        assert d.path.startswith("$"), d
        assert d.code in BY_CODE, d
        assert d.item is None
        assert d.message
        assert not (isinstance(d.suggestion, float) and math.isnan(d.suggestion))
