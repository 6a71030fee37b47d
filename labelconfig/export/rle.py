"""Label Studio's brush RLE (the `@thi.ng/rle-pack` bit stream) decoded, and masks as COCO RLE.

The stream, read most-significant bit first: 32 bits word count, 5 bits word size - 1, four 4-bit
run-length field sizes - 1; then blocks of 1 bit kind (1 repeat, 0 literals), 2 bits size class,
`sizes[class]` bits count - 1, and one word (repeat) or `count` words (literals). Label Studio
encodes the RGBA canvas at the image's natural size; the mask is the alpha channel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final


class RLEError(ValueError):
    """The bytes are not a Label Studio brush RLE stream of the expected size."""


class _Bits:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def read(self, n: int) -> int:
        start, end = self.pos, self.pos + n
        if end > len(self.data) * 8:
            raise RLEError("the stream ends early")
        chunk = int.from_bytes(self.data[start >> 3 : (end + 7) >> 3], "big")
        self.pos = end
        return (chunk >> ((-end) & 7)) & ((1 << n) - 1)


def decode(rle: Sequence[int]) -> bytes:
    """The words of a brush RLE stream (for Label Studio, W*H*4 RGBA bytes)."""
    try:
        bits = _Bits(bytes(rle))
    except (ValueError, TypeError) as exc:
        raise RLEError("`rle` must be a list of bytes (0-255)") from exc
    num = bits.read(32)
    word = bits.read(5) + 1
    if word != 8:
        raise RLEError(f"word size {word} bits; Label Studio writes 8")
    sizes = [bits.read(4) + 1 for _ in range(4)]
    out = bytearray()
    while len(out) < num:
        repeat = bits.read(1)
        count = bits.read(sizes[bits.read(2)]) + 1
        if repeat:
            out += bytes((bits.read(8),)) * count
        else:
            out += bytes(bits.read(8) for _ in range(count))
    if len(out) != num:
        raise RLEError(f"the stream decodes to {len(out)} words, not the {num} it declares")
    return bytes(out)


def alpha(rle: Sequence[int], width: int, height: int) -> bytes:
    """The H×W alpha mask (row-major, 0-255) of a brush region on a `width` × `height` image."""
    words = decode(rle)
    if len(words) != width * height * 4:
        raise RLEError(
            f"the mask has {len(words)} bytes; a {width}x{height} RGBA image needs {width * height * 4}"
        )
    return words[3::4]


_BINARY: Final = bytes([0] + [1] * 255)  # any painted alpha is foreground, as BRUSH_TO_COCO reads it
_RUNS: Final = re.compile(rb"\x00+|\x01+")


def coco_rle(mask: bytes, width: int, height: int) -> dict[str, object]:
    """Uncompressed COCO RLE of a row-major mask (non-zero is foreground): column-major run lengths
    starting with background."""
    columns = b"".join(mask[x::width] for x in range(width)).translate(_BINARY)
    counts = [len(m.group()) for m in _RUNS.finditer(columns)]
    if columns[:1] == b"\x01":
        counts.insert(0, 0)
    return {"size": [height, width], "counts": counts}


def mask_bbox(mask: bytes, width: int, height: int) -> tuple[list[float], int] | None:
    """[x, y, w, h] in pixels of the non-zero pixels and their count; None for an empty mask."""
    binary = mask.translate(_BINARY)
    count = binary.count(1)
    if not count:
        return None
    rows = [y for y in range(height) if 1 in binary[y * width : (y + 1) * width]]
    cols = [x for x in range(width) if 1 in binary[x::width]]
    return [
        float(cols[0]),
        float(rows[0]),
        float(cols[-1] - cols[0] + 1),
        float(rows[-1] - rows[0] + 1),
    ], count
