"""The Jinja environment of the form renderer, its stylesheet and the CSP hash of inline code.

Templates live in the top-level `templates/` of the repository; the wheel ships them as
`labelconfig/_templates` (pyproject force-include). An editable install does not apply force-include,
so the repository copy is the fallback.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import Final

import jinja2
from markupsafe import Markup, escape

_PACKAGE: Final = Path(__file__).resolve().parent.parent


def template_dir() -> Path:
    """Where the templates are: inside the installed package, else the repository's `templates/`."""
    for candidate in (_PACKAGE / "_templates", _PACKAGE.parent / "templates"):
        if (candidate / "page.html.j2").is_file():
            return candidate
    raise FileNotFoundError(f"labelconfig's form templates are missing (looked in {_PACKAGE / '_templates'})")


@cache
def environment() -> jinja2.Environment:
    # Autoescape everything: task data and config attributes reach the page only as text.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = safe_url
    env.filters["stored"] = stored_text
    return env


def stored_text(value: object) -> Markup:
    """Task text exactly as stored: the HTML parser turns a literal CR (and CRLF) into LF, which would
    shift every offset after a line break, but keeps a CR written as a character reference."""
    return escape(value).replace("\r", Markup("&#13;"))  # escape() leaves Markup (tojson) as it is


_URL_SCHEMES: Final = ("http:", "https:", "data:image/", "data:audio/", "data:video/", "blob:", "file:")


def safe_url(value: object) -> str:
    """A media or link URL from task data, or "" for schemes that could run code (`javascript:`,
    `data:text/html`): escaping alone keeps such a URL intact."""
    url = str(value).strip()
    lowered = "".join(url.split()).lower()  # browsers ignore whitespace and control characters inside
    scheme = lowered.split("/", 1)[0] if ":" in lowered.split("/", 1)[0] else ""
    if not scheme or lowered.startswith(_URL_SCHEMES):
        return url
    return ""


@cache
def page_style() -> str:
    return (template_dir() / "page.css").read_text(encoding="utf-8")


def csp_hash(code: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
