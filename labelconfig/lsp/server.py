"""The language server: pygls wiring around the linter, the registry and the renderer."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from ..bind import Bound
from ..diagnostics import Diagnostic, Severity
from ..report import FORMATS
from ..rules import BY_CODE
from ..settings import Discovery
from ..version import __version__
from .analysis import Analysis, Embedded, analyse, sample_task, task_data
from .completion import complete
from .cursor import Place, at, word_end
from .fixes import Fix, fixes, in_document
from .hover import describe, rule_doc
from .positions import Lines

# A change while the previous one is still waiting or being linted waits this long for the next, so a
# burst of edits (a paste, an undo, fast typing) is linted once, after its last change; a change with
# nothing in flight is linted at once, keeping the wait out of ordinary typing.
DEBOUNCE = 0.02
PREVIEW = "labelconfig.preview"
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_DOCS = Path(tempfile.gettempdir()) / f"labelconfig-{__version__}" / "rules"
_PREVIEWS = Path(tempfile.gettempdir()) / "labelconfig-preview"


class LabelconfigServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("labelconfig", __version__)
        self.analyses: dict[str, tuple[int | None, Analysis]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.previews: dict[str, Path] = {}  # documents whose preview follows their edits
        # While a config is typed it is often not well-formed: names come from its last good state.
        self.last_bound: dict[str, Bound] = {}
        self.shown_settings_error: str | None = None

    # --- state ------------------------------------------------------------------------------------

    def lines(self, text: str) -> Lines:
        return Lines(text, str(self.workspace.position_encoding or "utf-16"))

    def analysis(self, uri: str) -> tuple[str, Analysis]:
        """The document's text and its analysis, linted again when the cached one is stale."""
        doc = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if cached is None or cached[0] != doc.version:
            cached = (doc.version, analyse(document_path(uri), doc.source, Discovery(FORMATS)))
            self.remember(uri, *cached)
        return doc.source, cached[1]

    def located(self, uri: str) -> tuple[str, Analysis]:
        """As `analysis`, but a stale analysis is replaced by the configs found in the current text,
        unlinted: completion follows each keystroke, and needs where the cursor is, not the findings."""
        doc = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if cached is not None and cached[0] == doc.version:
            return doc.source, cached[1]
        return doc.source, analyse(document_path(uri), doc.source, Discovery(FORMATS), lint=False)

    def remember(self, uri: str, version: int | None, result: Analysis) -> None:
        self.analyses[uri] = (version, result)
        bound = next((c.bound for c in result.configs if c.bound is not None), None)
        if bound is not None:
            self.last_bound[uri] = bound

    def schedule(self, uri: str) -> None:
        """Lint the document now, or, while an earlier change is in flight, after DEBOUNCE in its place:
        only the last of a burst of changes is published."""
        previous = self.pending.pop(uri, None)
        delay = 0.0
        if previous is not None and not previous.done():
            previous.cancel()  # a lint already in its thread finishes, and its stale result is dropped
            delay = DEBOUNCE
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint(uri, delay))

    async def _lint(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        doc = self.workspace.get_text_document(uri)
        version, text = doc.version, doc.source
        # In a worker thread, so requests (completion, hover) are answered while a big file is linted.
        try:
            result = await asyncio.to_thread(analyse, document_path(uri), text, Discovery(FORMATS))
        except Exception as exc:  # a defect of ours must not end the server or the editor's session
            message = f"labelconfig could not check {document_path(uri)}: {type(exc).__name__}: {exc}"
            self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Error, message=message))
            return
        if (
            uri not in self.workspace.text_documents
            or self.workspace.get_text_document(uri).version != version
        ):
            return  # closed meanwhile, or a newer change is on its way
        self.remember(uri, version, result)
        if self.pending.get(uri) is asyncio.current_task():
            del self.pending[uri]
        if uri in self.previews:  # before the findings, so a client that sees them sees this page
            try:
                await asyncio.to_thread(write_preview, result, self.previews[uri])
            except (ValueError, OSError) as exc:  # no config that parses, or no room: the last page stays
                self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Info, message=str(exc)))
        self._settings_problem(result.settings_error)
        lines = self.lines(text)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[to_lsp(d, lines) for d in result.diagnostics]
            )
        )

    def _settings_problem(self, error: str | None) -> None:
        if error is not None and error != self.shown_settings_error:
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=error))
        self.shown_settings_error = error


def document_path(uri: str) -> str:
    """The file a document stands for (its name decides XML, JSON or YAML); unsaved ones by name."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return unquote(parsed.path.rsplit("/", 1)[-1]) or "untitled.xml"


def to_lsp(d: Diagnostic, lines: Lines) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=lines.range_of(d),
        message=d.message + (f"\n{d.help}" if d.help else ""),
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=_link(d.code),
        source="labelconfig",
    )


def _link(code: str) -> lsp.CodeDescription | None:
    href = rule_uri(code) if code in BY_CODE else None
    return None if href is None else lsp.CodeDescription(href=href)


def rule_uri(code: str) -> str | None:
    """A file URI of the rule's documentation (the text `labelconfig rules CODE` prints, in Markdown),
    written on first use: it works offline and always matches the installed version. None when the
    temporary directory cannot be written (the finding is still shown, without the link)."""
    path = _DOCS / f"{code}.md"
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{code}.{os.getpid()}.tmp")
            tmp.write_text(rule_doc(BY_CODE[code]) + "\n", encoding="utf-8")
            tmp.replace(path)  # another server writing the same page never leaves half of it
        except OSError:
            return None
    return path.as_uri()


def write_preview(result: Analysis, out: Path) -> None:
    """The rendered form of the document's first config (with the sample task) written to `out`."""
    from ..check import EVERYTHING, check_source
    from ..payloads.api import Config
    from ..render import render_html

    if not result.configs:
        raise ValueError(f"{result.path}: no config to preview")
    selection = result.settings.selection(result.path) if result.settings else EVERYTHING
    cfg = check_source(result.configs[0].source, selection, Config)
    html = render_html(cfg, sample_task(result.path, result.settings))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)  # a browser reloading the page never reads half of it


server = LabelconfigServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LabelconfigServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LabelconfigServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: LabelconfigServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)  # a settings or task file may have changed meanwhile


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: LabelconfigServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.analyses.pop(uri, None)
    ls.last_bound.pop(uri, None)
    ls.previews.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
)
def code_action(ls: LabelconfigServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    text, result = ls.analysis(uri)
    lines = ls.lines(text)
    kind = _kind(text, result)
    actions: list[lsp.CodeAction] = []
    for emb in result.configs:
        for d in emb.diagnostics:
            shown = to_lsp(d, lines)
            if not _overlaps(shown.range, params.range):
                continue
            for fix in fixes(d, emb.bound, emb.source, kind):
                edits = _text_edits(fix, emb, lines, kind)
                if edits:
                    actions.append(
                        lsp.CodeAction(
                            title=fix.title,
                            kind=lsp.CodeActionKind.QuickFix,
                            diagnostics=[shown],
                            is_preferred=fix.preferred or None,
                            edit=lsp.WorkspaceEdit(changes={uri: edits}),
                        )
                    )
    return actions


def _kind(text: str, result: Analysis) -> str:
    if not result.configs or result.configs[0].source.origin is None:
        return "xml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def _text_edits(fix: Fix, emb: Embedded, lines: Lines, kind: str) -> list[lsp.TextEdit]:
    out = []
    for e in fix.edits:
        start, end = emb.source.position(e.start), emb.source.position(e.end)
        if start == end and e.start != e.end:
            return []  # the config's characters have no place of their own in the file (YAML escapes)
        rng = lsp.Range(start=lines.to_lsp(start.line, start.column), end=lines.to_lsp(end.line, end.column))
        out.append(lsp.TextEdit(range=rng, new_text=in_document(e.text, kind)))
    return out


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: LabelconfigServer, params: lsp.HoverParams) -> lsp.Hover | None:
    text, result = ls.analysis(params.text_document.uri)
    lines = ls.lines(text)
    parts = [
        rule_doc(BY_CODE[d.code])
        for d in result.diagnostics
        if d.code in BY_CODE and _overlaps(lines.range_of(d), lsp.Range(params.position, params.position))
    ]
    found = result.config_at(*lines.from_lsp(params.position))
    if found is not None:
        emb, offset = found
        end = word_end(emb.source.text, offset)
        cursor = at(emb.source.text, end)
        doc = describe(
            cursor,
            emb.source.text[cursor.start : end],
            lambda: task_data(sample_task(result.path, result.settings)),
        )
        if doc is not None:
            parts.insert(0, doc)
    if not parts:
        return None
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts))
    )


@server.feature(
    lsp.TEXT_DOCUMENT_COMPLETION,
    lsp.CompletionOptions(trigger_characters=["<", " ", '"', "$", ",", "/"]),
)
def completion(ls: LabelconfigServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    uri = params.text_document.uri
    text, result = ls.located(uri)
    lines = ls.lines(text)
    found = result.config_at(*lines.from_lsp(params.position))
    if found is None:
        return lsp.CompletionList(is_incomplete=False, items=[])
    emb, offset = found
    cursor = at(emb.source.text, offset)
    start = cursor.start
    typed = emb.source.text[start:offset]
    if cursor.place is Place.VALUE and "," in typed:  # a list of names: complete the last one
        start += typed.rfind(",") + 1
        typed = emb.source.text[start:offset]
    bound = emb.bound or ls.last_bound.get(uri)
    items = complete(cursor, typed, bound, task_data(sample_task(result.path, result.settings)))
    begin = emb.source.position(start)
    rng = lsp.Range(start=lines.to_lsp(begin.line, begin.column), end=params.position)
    snippets = _snippets(ls.client_capabilities)
    for item in items:
        if item.insert_text_format is lsp.InsertTextFormat.Snippet and not snippets:
            item.insert_text, item.insert_text_format = (item.insert_text or "").replace("$1", ""), None
        item.text_edit = lsp.TextEdit(range=rng, new_text=item.insert_text or item.label)
    return lsp.CompletionList(is_incomplete=False, items=items)


def _snippets(capabilities: lsp.ClientCapabilities) -> bool:
    """Whether the editor expands `$1` in completions (else attributes are inserted as `name=""`)."""
    document = capabilities.text_document
    completion = document.completion if document else None
    item = completion.completion_item if completion else None
    return bool(item and item.snippet_support)


@server.command(PREVIEW)
def preview(ls: LabelconfigServer, *args: Any) -> dict[str, str]:
    """`labelconfig.preview URI [OUTPUT]`: render the document's current text (with its sample task)
    to OUTPUT (default: a file in the temporary directory) and return `{"uri": ...}`. The file is
    rewritten after each later change, so a browser or editor pane showing it follows the typing."""
    if not args or not isinstance(args[0], str):
        raise ValueError(f"{PREVIEW} takes the document URI as its first argument")
    uri = args[0]
    _, result = ls.analysis(uri)
    if len(args) > 1 and isinstance(args[1], str):
        out = Path(args[1])
    else:
        digest = hashlib.sha1(uri.encode("utf-8")).hexdigest()[:12]
        out = _PREVIEWS / f"{Path(document_path(uri)).stem}-{digest}.html"
    write_preview(result, out)
    ls.previews[uri] = out
    return {"uri": out.resolve().as_uri()}
