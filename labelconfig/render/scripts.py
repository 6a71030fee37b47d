"""Which of the page's JavaScript modules (templates/js) a form needs: the core, plus the modules of
its object tags and of the widgets its operable controls use (`controls.WIDGETS`), closed under the
modules' own needs. A sentiment form (Text + Choices) so carries no image, audio, video or time-series
code. `page_script` inlines a module set in the one order of `JS_MODULES`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Final

from .env import template_dir

# The page's behaviour, one module per concern, in the order they must run (state first, start last).
JS_MODULES: Final = (
    "state.js",
    "style.js",
    "classification.js",
    "ranker.js",
    "chat.js",
    "spans.js",
    "html_spans.js",
    "paragraph_spans.js",
    "regions.js",
    "image_geometry.js",
    "image_draw.js",
    "image_view.js",
    "image.js",
    "brush_rle.js",
    "brush.js",
    "gallery.js",
    "audio_wave.js",
    "audio.js",
    "timeformat.js",
    "timeseries_draw.js",
    "timeseries_data.js",
    "timeseries.js",
    "video.js",
    "video_timeline.js",
    "hotkeys.js",
    "keys.js",
    "submit.js",
    "start.js",
)

# On every page: the annotation's state, styles and visibility, region lists and relations, keys,
# Submit, and start.js, which wires the rest.
CORE: Final = ("state.js", "style.js", "regions.js", "hotkeys.js", "keys.js", "submit.js", "start.js")

# What each module calls into (a function of `LC` or a shared helper), besides the core.
MODULE_NEEDS: Final[dict[str, tuple[str, ...]]] = {
    "html_spans.js": ("spans.js",),
    "paragraph_spans.js": ("spans.js", "html_spans.js"),
    "image_draw.js": ("image_geometry.js",),
    "image.js": ("image_geometry.js", "image_draw.js", "image_view.js"),
    "brush.js": ("brush_rle.js", "image.js"),
    "audio.js": ("audio_wave.js",),
    "timeseries_data.js": ("timeformat.js", "timeseries_draw.js"),
    "timeseries.js": ("timeformat.js", "timeseries_draw.js", "timeseries_data.js"),
    "video.js": ("image_geometry.js", "video_timeline.js"),
    "video_timeline.js": ("video.js",),
}

# The module of each widget (`LC.widgets.<name>`, the values of `controls.WIDGETS`).
WIDGET_MODULES: Final[dict[str, tuple[str, ...]]] = {
    **dict.fromkeys(
        ("choices", "taxonomy", "rating", "pairwise", "number", "datetime", "textarea"),
        ("classification.js",),
    ),
    "ranker": ("ranker.js",),
    "chat": ("chat.js",),
    "spans": ("spans.js",),
    "htmlspans": ("html_spans.js",),
    "paragraphs": ("paragraph_spans.js",),
    "audio": ("audio.js",),
    "timeseries": ("timeseries.js",),
    **dict.fromkeys(("rectangle", "polygon", "keypoint", "ellipse"), ("image.js",)),
    "brush": ("brush.js",),
    # The boxes of a VideoRectangle are drawn by the image tools; ranges and labels only by video.js.
    "videorectangle": ("video.js", "image.js"),
    "videolabels": ("video.js",),
    "timeline": ("video.js",),
}

# The modules start.js calls for each figure of an object tag (`data-tag`), whatever its controls: an
# Image always gets its stage (zoom, pre-labels) and gallery.
OBJECT_MODULES: Final[dict[str, tuple[str, ...]]] = {
    "Image": ("image.js", "gallery.js"),
    "Audio": ("audio.js",),
    "AudioPlus": ("audio.js",),
    "TimeSeries": ("timeseries.js",),
    "Video": ("video.js",),
}


def modules_for(tags: Iterable[str], widgets: Iterable[str]) -> tuple[str, ...]:
    """The modules of a page showing objects of `tags` and operating controls through `widgets`, in
    `JS_MODULES` order. Raises KeyError for a widget no module declares (a new widget must be added to
    WIDGET_MODULES, or its control would be dead on the page)."""
    wanted = [*CORE]
    for tag in tags:
        wanted.extend(OBJECT_MODULES.get(tag, ()))
    for widget in widgets:
        wanted.extend(WIDGET_MODULES[widget])
    return closure(wanted)


def closure(modules: Iterable[str]) -> tuple[str, ...]:
    """`modules` and every module they need (MODULE_NEEDS, transitively), in `JS_MODULES` order."""
    wanted = list(modules)
    present: set[str] = set()
    while wanted:
        module = wanted.pop()
        if module not in present:
            present.add(module)
            wanted.extend(MODULE_NEEDS.get(module, ()))
    return tuple(m for m in JS_MODULES if m in present)


@cache
def page_script(modules: tuple[str, ...]) -> str:
    """The page's JavaScript: these modules inlined (cached per module set, so its CSP hash is stable)."""
    root = template_dir() / "js"
    parts = [f"// --- {name}\n{(root / name).read_text(encoding='utf-8')}" for name in modules]
    # One block around all modules: their `const`s stay private to the page and are declared anew
    # when a document is written again into the same window (a notebook re-run, set_content).
    return '"use strict";\n{\n' + "\n".join(parts) + "\n}\n"
