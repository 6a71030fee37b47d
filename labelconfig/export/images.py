"""Grey-level masks as PNG or NumPy .npy files, written with the standard library.

Pillow and NumPy would each add a large binary dependency for two tiny, fixed formats: an 8-bit
greyscale PNG is a signature, an IHDR chunk, zlib-compressed scanlines and IEND; an .npy file is a
magic string, a dict header and the raw bytes.
"""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(mask: bytes, width: int, height: int) -> bytes:
    """An 8-bit greyscale PNG of a row-major mask."""
    rows = b"".join(b"\x00" + mask[y * width : (y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 6))
        + _chunk(b"IEND", b"")
    )


def npy(mask: bytes, width: int, height: int) -> bytes:
    """A version 1.0 .npy file holding a uint8 array of shape (height, width)."""
    header = f"{{'descr': '|u1', 'fortran_order': False, 'shape': ({height}, {width}), }}"
    pad = 64 - (10 + len(header) + 1) % 64
    header += " " * (pad % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + mask
