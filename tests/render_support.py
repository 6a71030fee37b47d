"""Helpers for the form tests: configs to render, a real PNG without Pillow, result comparison."""

from __future__ import annotations

import base64
import math
import os
import struct
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
# Valid XML with a tag Label Studio's editor does not know (LC104): Label Studio cannot load these,
# so `render` refuses them (tests/test_render.py holds that it does).
REFUSED = ("docs_only_cube", "docs_only_object3d", "legacy_html")
VALID = sorted(p for p in (HERE / "fixtures" / "valid").glob("*.xml") if p.stem not in REFUSED)
REALWORLD = sorted((HERE / "fixtures" / "realworld").glob("*.xml"))
# More configs to round-trip, by hand: LABELCONFIG_EXTRA_CORPUS=dir[:dir...] (directories of *.xml, such
# as a conformance corpus kept outside the project). The suite itself needs nothing outside tests/.
EXTRA = sorted(
    p
    for d in os.environ.get("LABELCONFIG_EXTRA_CORPUS", "").split(os.pathsep)
    if d
    for p in Path(d).glob("*.xml")
)


def png_data_url(width: int, height: int) -> str:
    """A grey PNG of the given size as a data URL (the page reads naturalWidth/naturalHeight)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x80" * width
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def wav_data_url(seconds: float, rate: int = 8000, channels: int = 1) -> str:
    """A 16-bit WAV as a data: URL: a 440 Hz tone in the first half and silence after, on the first
    channel; a second channel has the tone in the second half instead."""
    if channels not in (1, 2):
        raise ValueError("one or two channels")
    n = int(seconds * rate)
    wave = [int(20000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(n)]
    left = [v if i < n // 2 else 0 for i, v in enumerate(wave)]
    right = [0 if i < n // 2 else v for i, v in enumerate(wave)]
    frames = left if channels == 1 else [v for pair in zip(left, right, strict=True) for v in pair]
    data = struct.pack(f"<{len(frames)}h", *frames)
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * 2 * channels, 2 * channels, 16)
    header += b"data" + struct.pack("<I", len(data))
    return "data:audio/wav;base64," + base64.b64encode(header + data).decode("ascii")


def without_origin(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "origin"} for r in results]


def codes(diagnostics: list[Any]) -> list[str]:
    return [f"{d.code} {d.message}" for d in diagnostics]


def select_text(p: Any, selector: str, start: int, end: int) -> None:
    """Drag-select UTF-16 units [start, end) of the element's text with the mouse."""
    x0, y0 = point_of(p, selector, start)
    x1, y1 = point_of(p, selector, end - 1)
    p.mouse.move(x0 - 2, y0)  # the left half of the first character, the right half of the last
    p.mouse.down()
    p.mouse.move(x1 + 2, y1, steps=5)
    p.mouse.up()


def point_of(p: Any, selector: str, unit: int) -> tuple[float, float]:
    """Screen point of one character (by UTF-16 index) of the text, wherever highlights split it."""
    x, y = p.evaluate(
        """([sel, u]) => {
            const w = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
            for (let n = w.nextNode(); n; n = w.nextNode()) {
                if (u < n.data.length) {
                    const r = document.createRange(); r.setStart(n, u); r.setEnd(n, u + 1);
                    const b = r.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2];
                }
                u -= n.data.length;
            }
        }""",
        [selector, unit],
    )
    return x, y
