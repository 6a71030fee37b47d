"""The tag registry: one `TagSpec` per tag Label Studio knows, looked up case-insensitively."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import classification, labels, layout, objects, regions, spans, visual
from .model import ANY_OBJECT, Attr, Kind, ResultSpec, Status, TagSpec

ALL: tuple[TagSpec, ...] = (
    *layout.TAGS,
    *visual.TAGS,
    *objects.TAGS,
    *regions.TAGS,
    *spans.TAGS,
    *classification.TAGS,
    *labels.TAGS,
)

REGISTRY: Mapping[str, TagSpec] = MappingProxyType({t.name: t for t in ALL})
_BY_LOWER: Mapping[str, TagSpec] = MappingProxyType({t.name.lower(): t for t in ALL})
assert len(REGISTRY) == len(ALL) == len(_BY_LOWER), "a tag is declared twice"


def lookup(tag: str) -> TagSpec | None:
    """The spec of `tag`, matched case-insensitively as the editor does (`<PDF>` finds `Pdf`)."""
    return _BY_LOWER.get(tag.lower())


__all__ = ["ALL", "ANY_OBJECT", "REGISTRY", "Attr", "Kind", "ResultSpec", "Status", "TagSpec", "lookup"]
