"""<Markdown> as the page shows it: CommonMark (with tables and strikethrough, as GitHub-flavoured text
in task data usually has) turned into HTML by markdown-it-py, then through the same allow-list sanitiser
as task HyperText, so no script, event handler, `javascript:` link or remote image reaches the page."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

from .offline import Sanitized, sanitize


@cache
def _parser() -> MarkdownIt:
    # Raw HTML inside the Markdown is shown as text, not markup: Label Studio's editor renders Markdown
    # without raw HTML too. The sanitiser after it still guards what markdown-it itself writes.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def markdown_html(source: object) -> Sanitized:
    """The HTML of `source` (Markdown text), sanitised; remote images lose their `src` and are counted."""
    return sanitize(_parser().render(str(source)))
