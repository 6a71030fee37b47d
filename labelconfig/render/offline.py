"""What keeps a form offline: it requests only the media its objects show (the CSP lists exactly those
URLs), never what task HTML or config CSS points at, and links in task HTML open in a new tab."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

from ..tags.model import Shape
from .env import safe_url
from .tree import Node

# A URL path a CSP source can carry as written (no quotes, separators or spaces to escape).
_PLAIN_PATH: Final = re.compile(r"[A-Za-z0-9\-._~/%!$&()*+=:@]*")
# A host name or an IPv6 address (urlsplit drops its brackets).
_HOST: Final = re.compile(r"[a-z0-9][a-z0-9.\-]*|[0-9a-f:.]+")


def media_sources(nodes: Iterable[Node]) -> list[str]:
    """CSP sources for the media of the objects shown (Image, Audio, Video ... whose task data is a
    URL): each URL's origin and path, so nothing else on that server loads either."""
    found: set[str] = set()
    for n in nodes:
        if n.spec is None or n.spec.data is None or n.spec.data.shape is not Shape.URL:
            continue
        for value in n.data if isinstance(n.data, list) else [n.data]:
            if isinstance(value, str) and (source := _source(safe_url(value))):
                found.add(source)
    return sorted(found)


def _source(url: str) -> str | None:
    """The CSP source for one media URL; None when none is needed (data:, blob:) or when the URL's host
    could not be written as one (task data must never add sources or directives to the policy)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unbalanced IPv6 bracket: no source, so it cannot load
        return None
    scheme = parts.scheme.lower()
    if scheme in ("data", "blob") or not url:
        return None
    if scheme == "file":
        return "file:"
    if scheme not in ("http", "https"):
        return "'self'"  # a relative URL: the page's own place
    try:
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if not _HOST.fullmatch(host):
        return None
    origin = f"{scheme}://{f'[{host}]' if ':' in host else host}{'' if port is None else f':{port}'}"
    return origin + parts.path if _PLAIN_PATH.fullmatch(parts.path) else origin


@dataclass(frozen=True, slots=True)
class Sanitized:
    html: Markup
    remote_images: int  # images left out: loading them would tell their server who opened the task


def sanitize(html: object) -> Sanitized:
    """HyperText from task data: ammonia (nh3) keeps the markup and drops scripts, handlers and
    javascript: URLs (a regex cannot parse HTML well enough to be safe); images from elsewhere lose
    their `src`, and links get `target="_blank"` so following one never unloads the form."""
    dropped = 0

    def keep(tag: str, attribute: str, value: str) -> str | None:
        nonlocal dropped
        if tag == "img" and attribute in ("src", "srcset"):
            dropped += attribute == "src"
            return None
        return value

    clean = nh3.clean(
        str(html),
        url_schemes={"http", "https", "mailto"},
        attribute_filter=keep,
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )
    return Sanitized(Markup(clean), dropped)
