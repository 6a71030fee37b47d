"""`labelconfig lsp` driven over stdio by pytest-lsp, as an editor drives it: diagnostics with exact
UTF-16 ranges after open and after a change, quick fixes applied, hover, completion and the preview."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

import labelconfig
from labelconfig.rules import BY_CODE
from labelconfig.tags import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "labelconfig.cli", "lsp"],
    server_env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
)

# An emoji (two UTF-16 units, one character) and an accented letter before the error on its line.
EMOJI_LINE = '  <Header value="😀 Café"/><Choises name="c" toName="t"><Choice value="a"/></Choises>'
CONFIG = f'<View>\n{EMOJI_LINE}\n  <Text name="t" value="$text"/>\n</View>\n'


def in_server(body: Callable[[LanguageClient, Path], Awaitable[None]]) -> Callable[[Path], None]:
    """A test run against a fresh server, on an event loop of its own thread: the session's browser
    (Playwright's sync API) keeps a loop running on the main thread, where no other may start."""

    async def session(tmp_path: Path) -> None:
        client = await SERVER.start()
        assert isinstance(client, LanguageClient)
        try:
            await client.initialize_session(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
            await body(client, tmp_path)
        finally:
            await client.shutdown_session()
            await client.stop()

    def test(tmp_path: Path) -> None:
        failures: list[BaseException] = []

        def main() -> None:
            try:
                asyncio.run(asyncio.wait_for(session(tmp_path), timeout=120))
            except BaseException as exc:  # handed to the test's own thread
                failures.append(exc)

        thread = threading.Thread(target=main)
        thread.start()
        thread.join()
        if failures:
            raise failures[0]

    test.__name__, test.__doc__ = body.__name__, body.__doc__
    return test


async def _open(client: LanguageClient, path: Path, text: str) -> list[lsp.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="xml", version=1, text=text))
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


async def _change(client: LanguageClient, path: Path, text: str, version: int) -> list[lsp.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _range(line: int, start: int, end: int) -> lsp.Range:
    return lsp.Range(lsp.Position(line, start), lsp.Position(line, end))


def _offset(text: str, p: lsp.Position) -> int:
    """An LSP position (UTF-16 columns) as a string offset, counted independently of the server."""
    start = sum(len(x) + 1 for x in text.split("\n")[: p.line])
    units = 0
    i = start
    while units < p.character:
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: _offset(text, e.range.start)] + e.new_text + text[_offset(text, e.range.end) :]
    return text


async def _actions(client: LanguageClient, path: Path, rng: lsp.Range) -> list[lsp.CodeAction]:
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(path.as_uri()), rng, lsp.CodeActionContext(diagnostics=[])
        )
    )
    assert found is not None
    return [a for a in found if isinstance(a, lsp.CodeAction)]


@in_server
async def test_diagnostics_after_open_have_utf16_ranges_codes_and_rule_docs(
    client: LanguageClient, tmp_path: Path
) -> None:
    found = await _open(client, tmp_path / "a.xml", CONFIG)
    unknown = [d for d in found if d.code == "LC102"]
    assert len(unknown) == 1
    d = unknown[0]
    # `<Choises` starts at character 26 of its line; the emoji before it takes two UTF-16 units.
    assert EMOJI_LINE.index("<Choises") == 26
    assert d.range == _range(1, 27, 35)
    assert d.severity == lsp.DiagnosticSeverity.Error
    assert d.source == "labelconfig"
    assert d.message.startswith("unknown tag `<Choises>`")
    assert d.code_description is not None
    doc = Path(unquote(urlparse(d.code_description.href).path)).read_text(encoding="utf-8")
    assert BY_CODE["LC102"].summary in doc and BY_CODE["LC102"].why in doc
    misplaced = next(x for x in found if x.code == "LC107")
    at = EMOJI_LINE.index("<Choice ") + 1  # after the emoji too
    assert misplaced.range == _range(1, at, at + len("<Choice"))
    assert misplaced.severity == lsp.DiagnosticSeverity.Error


@in_server
async def test_diagnostics_follow_a_change(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    await _open(client, path, CONFIG)
    fixed = CONFIG.replace("Choises", "Choices").replace('toName="t"', 'toName="t" choise="single"')
    found = await _change(client, path, fixed, 2)
    assert [d.code for d in found] == ["LC201"]
    at = fixed.split("\n")[1].index('choise="single"') + 1  # one more UTF-16 unit for the emoji
    assert found[0].range == _range(1, at, at + len('choise="single"'))
    assert found[0].severity == lsp.DiagnosticSeverity.Warning


@in_server
async def test_positions_point_into_a_project_json(client: LanguageClient, tmp_path: Path) -> None:
    config = '<View><Text name="t" value="$text"/><Choices name="c" toName="tt">'
    config += '<Choice value="a"/></Choices></View>'
    project = json.dumps({"title": "😀 demo", "label_config": config}, ensure_ascii=False, indent=2)
    found = await _open(client, tmp_path / "project.json", project)
    d = next(x for x in found if x.code == "LC302")
    line = project.split("\n").index(next(x for x in project.split("\n") if "label_config" in x))
    start = project.split("\n")[line].index('\\"tt\\"') + 2  # the quotes are escaped in JSON
    assert d.range == _range(line, start, start + 2)


@in_server
async def test_the_quick_fix_gives_a_clean_config(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    text = CONFIG.replace('toName="t"', 'toName="t" choice="singel"')
    found = await _open(client, path, text)
    assert sorted(str(d.code) for d in found) == ["LC102", "LC107", "LC111"]
    # The tag's fix makes `<Choices>` known, which brings its misspelt `choice` value to light.
    for version, code in enumerate(("LC102", "LC205"), start=2):
        d = next(x for x in found if x.code == code)
        fix = next(a for a in await _actions(client, path, d.range) if a.is_preferred)
        assert fix.edit is not None and fix.edit.changes is not None
        text = _apply(text, list(fix.edit.changes[path.as_uri()]))
        found = await _change(client, path, text, version)
    assert found == []
    assert '<Choices name="c" toName="t" choice="single">' in text and "</Choices>" in text
    assert list(labelconfig.parse(text).diagnostics) == []


@in_server
async def test_quick_fix_inside_a_project_json(client: LanguageClient, tmp_path: Path) -> None:
    config = "\n".join(
        [
            "<View>",
            '  <Text name="t" value="$text"/>',
            '  <Choices name="c" toName="t" choice="singel">',
            '    <Choice value="a"/>',
            "  </Choices>",
            "</View>",
        ]
    )
    path = tmp_path / "project.json"
    text = json.dumps({"label_config": config})
    found = await _open(client, path, text)
    d = next(x for x in found if x.code == "LC205")
    fix = next(a for a in await _actions(client, path, d.range) if a.is_preferred)
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = _apply(text, list(fix.edit.changes[path.as_uri()]))
    assert json.loads(fixed)["label_config"] == config.replace("singel", "single")
    assert await _change(client, path, fixed, 2) == []


@in_server
async def test_the_ignore_comment_silences_the_code(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    text = (
        '<View>\n  <Text name="t" value="$text" colour="red"/>\n'
        '  <Choices name="c" toName="t"><Choice value="a"/></Choices>\n</View>\n'
    )
    found = await _open(client, path, text)
    d = next(x for x in found if x.code == "LC201")
    action = next(a for a in await _actions(client, path, d.range) if "ignore LC201" in a.title)
    assert action.edit is not None and action.edit.changes is not None
    text = _apply(text, list(action.edit.changes[path.as_uri()]))
    assert '  <!-- labelconfig: ignore LC201 -->\n  <Text name="t"' in text
    assert await _change(client, path, text, 2) == []


@in_server
async def test_project_settings_are_honoured(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.labelconfig]\nignore = ["LC1"]\n', encoding="utf-8")
    found = await _open(client, tmp_path / "a.xml", CONFIG)
    assert [d.code for d in found] == []


@in_server
async def test_hover_shows_tag_attribute_and_rule_docs(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    await _open(client, path, CONFIG)

    async def hover(line: int, character: int) -> str:
        found = await client.text_document_hover_async(
            lsp.HoverParams(lsp.TextDocumentIdentifier(path.as_uri()), lsp.Position(line, character))
        )
        assert found is not None and isinstance(found.contents, lsp.MarkupContent)
        return found.contents.value

    text_tag = await hover(2, 4)  # on `Text` of `<Text`
    assert REGISTRY["Text"].doc in text_tag
    value_attr = await hover(2, 18)  # on `value`
    declared = REGISTRY["Text"].attr("value")
    assert declared is not None and declared.doc in value_attr
    on_finding = await hover(1, 30)  # inside `<Choises`
    assert BY_CODE["LC102"].why in on_finding
    (tmp_path / "tasks.json").write_text(json.dumps({"data": {"text": "Bonjour 😀"}}), encoding="utf-8")
    variable = await hover(2, CONFIG.split("\n")[2].index("$text") + 2)
    assert variable == '**`$text`** in the sample task:\n\n```json\n"Bonjour 😀"\n```'


@in_server
async def test_completion_of_tags_attributes_values_names_and_variables(
    client: LanguageClient, tmp_path: Path
) -> None:
    task = [{"data": {"review": "ok", "score": 3}}]
    (tmp_path / "tasks.json").write_text(json.dumps(task), encoding="utf-8")
    path = tmp_path / "a.xml"
    lines = [
        "<View>",
        '  <Text name="review" value="$review"/>',
        '  <Choices name="c" toName="review" choice="single">',
        '    <Choice value="a"/>',
        "  </Choices>",
        "</View>",
    ]
    await _open(client, path, "\n".join(lines))
    versions = itertools.count(2)

    async def items(new_line: str, line: int) -> list[lsp.CompletionItem]:
        edited = [*lines[:line], new_line, *lines[line + 1 :]]
        await _change(client, path, "\n".join(edited), next(versions))
        found = await client.text_document_completion_async(
            lsp.CompletionParams(lsp.TextDocumentIdentifier(path.as_uri()), lsp.Position(line, len(new_line)))
        )
        assert isinstance(found, lsp.CompletionList)
        return list(found.items)

    async def labels(new_line: str, line: int) -> list[str]:
        return [i.label for i in await items(new_line, line)]

    inside_choices = await labels("    <Cho", 3)
    assert "Choice" in inside_choices and "Text" not in inside_choices
    in_view = await labels("  <", 1)
    assert {"Text", "Image", "Choices", "Labels"} <= set(in_view) and "Choice" not in in_view
    attributes = await labels('  <Choices name="c" ', 2)
    # This client announces no snippet support: an attribute comes with empty quotes, no `$1`.
    to_name = next(i for i in await items('  <Choices name="c" to', 2) if i.label == "toName")
    assert isinstance(to_name.text_edit, lsp.TextEdit) and to_name.text_edit.new_text == 'toName=""'
    assert to_name.text_edit.range == _range(2, len('  <Choices name="c" '), len('  <Choices name="c" to'))
    assert {"toName", "choice", "showInline"} <= set(attributes) and "name" not in attributes
    values = await labels('  <Choices name="c" toName="review" choice="', 2)
    assert values == ["single", "single-radio", "multiple"]
    assert await labels('  <Choices name="c" toName="', 2) == ["review"]
    assert await labels("  </", 4) == ["Choices"]
    variables = await labels('  <Text name="review" value="$', 1)
    assert variables == ["$review", "$score"]


@in_server
async def test_variables_come_from_the_settings_task_file(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "one.json").write_text(json.dumps({"data": {"image": "x.png"}}), encoding="utf-8")
    (tmp_path / "labelconfig.toml").write_text('tasks = "samples/one.json"\n', encoding="utf-8")
    path = tmp_path / "configs" / "a.xml"
    text = '<View>\n  <Image name="i" value="$'
    await _open(client, path, text)
    found = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(path.as_uri()), lsp.Position(1, 26))
    )
    assert isinstance(found, lsp.CompletionList)
    assert [i.label for i in found.items] == ["$image"]
    edit = found.items[0].text_edit
    assert isinstance(edit, lsp.TextEdit) and edit.range == _range(1, 25, 26)


@in_server
async def test_preview_writes_the_form_and_follows_changes(client: LanguageClient, tmp_path: Path) -> None:
    task = {"data": {"text": "Hello from the task"}}
    (tmp_path / "tasks.json").write_text(json.dumps(task), encoding="utf-8")
    path = tmp_path / "a.xml"
    config = CONFIG.replace("Choises", "Choices")
    await _open(client, path, config)
    out = tmp_path / "preview.html"
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams("labelconfig.preview", [path.as_uri(), str(out)])
    )
    assert result == {"uri": out.resolve().as_uri()}
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Hello from the task" in page
    await _change(client, path, config.replace('value="a"', 'value="Zebra-choice"'), 2)
    assert "Zebra-choice" in out.read_text(encoding="utf-8")


@in_server
async def test_a_burst_of_changes_ends_on_the_last_text(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    uri = path.as_uri()
    good = CONFIG.replace("Choises", "Choices")
    await _open(client, path, good)
    # Typing `colour="red"` one character at a time into `<Text>` (malformed XML until the end): only
    # the last text's finding may remain once the server is idle, however the changes were batched.
    word = 'colour="red"'
    for n in range(1, len(word) + 1):
        text = good.replace("<Text ", f"<Text {word[:n]} ")
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=n + 1),
                [lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def settled() -> bool:
        return [d.message.split("\n")[0] for d in client.diagnostics.get(uri, [])] == [
            "unknown attribute `colour` on `<Text>`"
        ] and client.diagnostics[uri][0].range.end.character - client.diagnostics[uri][
            0
        ].range.start.character == len(word)

    async def until_settled() -> None:
        while not settled():
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(until_settled(), timeout=20)
    await asyncio.sleep(0.3)  # nothing stale arrives afterwards
    assert settled()


@in_server
async def test_template_yaml_positions_and_json_without_a_config(
    client: LanguageClient, tmp_path: Path
) -> None:
    template = (
        "title: Sentiment 😀\n"
        "config: |\n"
        "  <View>\n"
        '    <Text name="text" value="$text"/>\n'
        '    <Choices name="s" toName="txt"><Choice value="a"/></Choices>\n'
        "  </View>\n"
    )
    found = await _open(client, tmp_path / "config.yml", template)
    d = next(x for x in found if x.code == "LC302")
    start = template.split("\n")[4].index('"txt"') + 1
    assert d.range == _range(4, start, start + 3)
    fix = next(a for a in await _actions(client, tmp_path / "config.yml", d.range) if a.is_preferred)
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = _apply(template, list(fix.edit.changes[(tmp_path / "config.yml").as_uri()]))
    assert fixed == template.replace('toName="txt"', 'toName="text"')
    # Editors attach the server to every JSON file: one that holds no config gets no findings.
    assert await _open(client, tmp_path / "package.json", '{"name": "web"}') == []


@in_server
async def test_unusable_settings_are_shown_and_the_file_still_checked(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "labelconfig.toml").write_text("tasks = 3\n", encoding="utf-8")
    found = await _open(client, tmp_path / "a.xml", CONFIG)
    assert "LC102" in [d.code for d in found]
    settings = tmp_path / "labelconfig.toml"
    why = "`tasks` must be a path to a task file (JSON), relative to this file"
    assert [m.message for m in client.messages] == [f"{settings}:1: {why}"]
