"""The Jinja environment of the form renderer and the page's own inline code.

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

_PACKAGE: Final = Path(__file__).resolve().parent.parent
# The page's behaviour, one module per concern, in the order they must run (state first, start last).
JS_MODULES: Final = (
    "state.js",
    "style.js",
    "classification.js",
    "spans.js",
    "html_spans.js",
    "paragraph_spans.js",
    "image.js",
    "regions.js",
    "hotkeys.js",
    "submit.js",
    "start.js",
)


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
    return env


@cache
def page_script() -> str:
    """The page's JavaScript, every module inlined; static, so its CSP hash is too."""
    root = template_dir() / "js"
    parts = [f"// --- {name}\n{(root / name).read_text(encoding='utf-8')}" for name in JS_MODULES]
    # One block around all modules: their `const`s stay private to the page and are declared anew
    # when a document is written again into the same window (a notebook re-run, set_content).
    return '"use strict";\n{\n' + "\n".join(parts) + "\n}\n"


@cache
def page_style() -> str:
    return (template_dir() / "page.css").read_text(encoding="utf-8")


def csp_hash(code: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
