"""Display-only tags: headings, CSS, Markdown, the option filter and the legacy dialog."""

from __future__ import annotations

from .model import TagSpec

TAGS: tuple[TagSpec, ...] = ()
