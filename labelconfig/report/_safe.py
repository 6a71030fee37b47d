"""Neutralising user data before it reaches a terminal or a CI log.

Messages, paths, file names and source lines all carry text from the files being checked. Printed
raw, an escape sequence in a payload could write the clipboard (OSC 52), plant links (OSC 8), retitle
the window or, through the 8-bit CSI byte 0x9B, move the cursor and rewrite what was printed above;
a newline could forge a whole diagnostic line, and bidi overrides reorder what a reader sees. Every
such character is shown as a visible escape (`\\x1b`, `\\u202e`) instead.
"""

from __future__ import annotations

import re
from typing import Final

# C0 (with tab and newline: a diagnostic is one line), DEL, C1, and the invisible characters that
# change how a line is displayed (bidi marks, embeddings, overrides, isolates; line/paragraph separators).
_UNSAFE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# XML 1.0 allows only tab, newline and carriage return below 0x20, and neither surrogates nor U+FFFE/F.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """`text` with every control or display-changing character replaced by a visible escape."""
    return _UNSAFE.sub(_escape, text)


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold (even as references) shown as escapes."""
    return _NOT_XML.sub(_escape, text)
