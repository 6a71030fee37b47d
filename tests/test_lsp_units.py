"""Properties of the language server's pure parts: LSP positions round-trip through UTF-16 (and the
other encodings) for any text, every finding becomes exactly one LSP diagnostic with its code, and
the cursor reader never fails on half-typed markup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from labelconfig.check import run
from labelconfig.lsp.analysis import analyse
from labelconfig.lsp.cursor import Place, at
from labelconfig.lsp.fixes import Edit, fixes
from labelconfig.lsp.positions import Lines
from labelconfig.lsp.server import to_lsp
from labelconfig.report import FORMATS
from labelconfig.settings import Discovery
from labelconfig.source import Source

TEXT = st.text(alphabet=st.sampled_from([*"ab <>=\"'/\n", "😀", "é", "𝔘", "中"]), max_size=60)


@given(TEXT, st.data())
def test_positions_round_trip(text: str, data: st.DataObject) -> None:
    lines = text.split("\n")
    line = data.draw(st.integers(1, len(lines)))
    column = data.draw(st.integers(1, len(lines[line - 1]) + 1))
    for encoding, unit in (("utf-16", 2), ("utf-8", 4), ("utf-32", 1)):
        converter = Lines(text, encoding)
        p = converter.to_lsp(line, column)
        astral = sum(1 for ch in lines[line - 1][: column - 1] if ord(ch) > 0xFFFF)
        if encoding == "utf-16":
            assert p.character == column - 1 + astral * (unit - 1)
        assert converter.from_lsp(p) == (line, column)


@given(TEXT)
def test_every_finding_is_one_diagnostic_with_its_code(text: str) -> None:
    source = Source(text)
    _, _, found = run(source)
    lines = Lines(text)
    shown = [to_lsp(d, lines) for d in found]
    assert [s.code for s in shown] == [d.code for d in found]
    assert all(s.source == "labelconfig" and s.range.start.line >= 0 for s in shown)


@given(TEXT, st.data())
def test_the_cursor_reader_never_fails(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    cursor = at(text, offset)
    assert 0 <= cursor.start <= offset
    assert isinstance(cursor.place, Place)


def test_cursor_places() -> None:
    text = '<View><Choices name="c" toName="t" choice="sin'
    assert at(text, len(text)).place is Place.VALUE
    assert at(text, len(text)).attribute == "choice"
    assert at(text, len("<View><Cho")).place is Place.TAG
    assert at("<View><Choices ", 15).written == ()
    assert at('<View><Choices name="c" ', 24).place is Place.ATTRIBUTE
    assert at("<View><Text/>", 13).ancestors == ("View",)


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"


def _applied(text: str, edits: tuple[Edit, ...]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.text + text[e.end :]
    return text


def test_every_fix_on_the_rule_fixtures_removes_its_finding() -> None:
    """Each quick fix (a did-you-mean applied, or an ignore comment) on every rule fixture makes its
    finding go away and leaves well-formed XML."""
    tried = suggested = 0
    for path in sorted(FIXTURES.rglob("*.xml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the encoding fixtures (LC003)
        _, bound, found = run(Source(text))
        for d in found:
            for fix in fixes(d, bound, Source(text)):
                _, _, after = run(Source(_applied(text, fix.edits)))
                same = [a for a in after if (a.code, a.path, a.message) == (d.code, d.path, d.message)]
                assert same == [], f"{path.name}: {fix.title} leaves {d.code} at {d.path}"
                assert "LC001" not in [a.code for a in after], f"{path.name}: {fix.title} breaks the XML"
                tried += 1
                suggested += fix.preferred
    assert suggested >= 20 and tried >= 100


def test_a_fix_in_a_list_replaces_only_the_entry_it_names() -> None:
    text = (
        '<View><Image name="img" value="$i"/><Text name="txt" value="$t"/>'
        '<Choices name="c" toName="img, txtt"><Choice value="a"/></Choices></View>'
    )
    _, bound, found = run(Source(text))
    d = next(x for x in found if x.code == "LC302")
    fix = next(f for f in fixes(d, bound, Source(text)) if f.preferred)
    assert 'toName="img, txt"' in _applied(text, fix.edits)


def test_without_pygls_the_command_says_what_to_install() -> None:
    script = (
        "import sys; sys.modules['pygls'] = None\n"  # as if the `lsp` extra were not installed
        "from labelconfig.cli import main\n"
        "main(['lsp'])\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr
        == "labelconfig lsp: pygls is not installed; install the extra: pip install 'labelconfig[lsp]'\n"
    )


@given(st.text(alphabet=st.sampled_from([*'ab <>="/\\\n\t', "😀", "é"]), max_size=40))
def test_document_positions_find_their_config_offsets(config: str) -> None:
    """Inside a project JSON (escapes, astral characters), each config character's position in the
    file leads back to that character."""
    text = json.dumps({"title": "😀", "label_config": config}, ensure_ascii=False)
    (embedded,) = analyse("project.json", text, Discovery(FORMATS), lint=False).configs
    for offset in range(len(config) + 1):
        p = embedded.source.position(offset)
        assert embedded.offset_at(p.line, p.column) == offset
    assert embedded.offset_at(1, 1) is None  # the `{` before the config
