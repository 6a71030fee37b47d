"""Hostile and broken inputs: each gets a diagnostic with the right code, never a traceback.

No timing assertions here; `bench/bench_hostile.py` reports how long each of these takes.
"""

from __future__ import annotations

import codecs
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

import labelconfig
from labelconfig.parse import MAX_BYTES, MAX_ELEMENTS

TEXT = '<Text name="text" value="$text"/>'
CHOICES = '<Choices name="c" toName="text"><Choice value="a"/></Choices>'


def diagnose(data: str | bytes) -> list[labelconfig.Diagnostic]:
    return list(labelconfig.parse(data).diagnostics)


def codes(data: str | bytes) -> set[str]:
    return {d.code for d in diagnose(data)}


def everything(diagnostics: list[labelconfig.Diagnostic]) -> str:
    return "\n".join(repr(d.to_dict()) for d in diagnostics)


def laughs(levels: int = 9, fan_out: int = 10) -> str:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        decls.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * fan_out}">')
    return "<!DOCTYPE View [\n  " + "\n  ".join(decls) + "\n]>\n"


# ------------------------------------------------------------------------------ entities and DTDs


@contextmanager
def watched_path(tmp_path: Path, name: str) -> Iterator[tuple[Path, list[bool]]]:
    """A FIFO at `tmp_path/name`; the flag list gets `True` if anything opens it for reading.

    A reader blocks in open() until a writer appears, so a watcher thread polls with a non-blocking
    write-open (which only succeeds once a reader is waiting), records the open and hangs up.
    """
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs POSIX FIFOs")
    path = tmp_path / name
    os.mkfifo(path)
    opened: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                stop.wait(0.001)
                continue
            opened.append(True)
            with suppress(OSError):
                os.write(fd, b"SECRET-FROM-FIFO")
            os.close(fd)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield path, opened
    finally:
        stop.set()
        thread.join(5)


@pytest.fixture
def secret_file(tmp_path: Path) -> tuple[Path, str]:
    secret = "TOPSECRET-labelconfig-7f3a9c"
    path = tmp_path / "secret.txt"
    path.write_text(f"root:x:0:0:{secret}\n")
    return path, secret


@pytest.fixture
def python_opens() -> Iterator[list[str]]:
    """Paths opened from Python code while the test runs (audit hooks cannot be removed: gate them)."""
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple) -> None:
        if active and event == "open" and args and isinstance(args[0], str | bytes):
            seen.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)
    yield seen
    active.clear()


def test_xxe_etc_passwd_in_element_text() -> None:
    found = diagnose(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<View><Header>&e;</Header></View>'
    )
    assert "LC002" in {d.code for d in found}
    assert "root:" not in everything(found)


def test_xxe_etc_passwd_in_attribute_reports_lc002() -> None:
    found = diagnose(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<View><Text name="t" value="&e;"/></View>'
    )
    assert "root:" not in everything(found)
    assert "LC002" in {d.code for d in found}


@pytest.mark.parametrize(
    "body",
    [
        '<View><Header value="&e;"/></View>',
        "<View><Header>&e;</Header></View>",
        '<View><Text name="t" value="$t"/>&e;</View>',
        "<View/>",
    ],
)
@pytest.mark.parametrize("as_bytes", [False, True])
def test_xxe_secret_never_read_or_shown(
    body: str, as_bytes: bool, secret_file: tuple[Path, str], python_opens: list[str]
) -> None:
    path, secret = secret_file
    text = f'<!DOCTYPE View [<!ENTITY e SYSTEM "{path.as_uri()}">]>\n{body}'
    cfg = labelconfig.parse(text.encode() if as_bytes else text)
    out = everything(list(cfg.diagnostics))
    assert cfg.diagnostics, "a DTD must be reported"
    assert {d.code for d in cfg.diagnostics} & {"LC001", "LC002"}
    assert secret not in out and "root:" not in out
    assert secret not in cfg.text
    if cfg.root is not None:
        assert all(secret not in (el.text or "") for el in cfg.root.iter())
        assert all(secret not in a.value for el in cfg.root.iter() for a in el.attributes)
    assert str(path) not in python_opens


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE View [<!ENTITY e SYSTEM "{uri}">]>\n<View><Header value="&e;"/></View>',
        '<!DOCTYPE View [<!ENTITY e SYSTEM "{uri}">]>\n<View><Header>&e;</Header></View>',
        '<!DOCTYPE View [<!ENTITY % p SYSTEM "{uri}">]>\n<View/>',
    ],
)
def test_general_entity_file_never_opened(tmp_path: Path, template: str) -> None:
    with watched_path(tmp_path, "entity.xml") as (path, opened):
        found = diagnose(template.format(uri=path.as_uri()))
    assert not opened, "libxml2 opened the file an entity names"
    assert "SECRET-FROM-FIFO" not in everything(found)


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE View SYSTEM "{uri}">\n<View/>',
        '<!DOCTYPE View [<!ENTITY % p SYSTEM "{uri}">\n%p;\n]>\n<View/>',
    ],
    ids=["external-subset", "external-parameter-entity"],
)
def test_external_dtd_never_opened(tmp_path: Path, template: str) -> None:
    with watched_path(tmp_path, "external.dtd") as (path, opened):
        found = diagnose(template.format(uri=path.as_uri()))
    assert "SECRET-FROM-FIFO" not in everything(found)
    assert not opened, "libxml2 opened an external DTD / parameter entity"


def test_external_dtd_over_network_not_fetched() -> None:
    found = diagnose('<!DOCTYPE View PUBLIC "-//x//EN" "http://127.0.0.1:9/x.dtd">\n<View/>')
    assert {d.code for d in found} & {"LC001", "LC002"}


def test_small_entity_expansion_is_lc002() -> None:
    found = diagnose(laughs(levels=2) + '<View><Header value="&lol2;"/></View>')
    assert {d.code for d in found} == {"LC002"}
    assert found[0].line == 1


@pytest.mark.parametrize(
    "body", ['<View><Header value="&lol9;"/></View>', "<View><Header>&lol9;</Header></View>"]
)
def test_billion_laughs_never_expands(body: str) -> None:
    found = diagnose(laughs() + body)
    assert found
    assert {d.code for d in found} <= {"LC001", "LC002"}
    assert all(len(d.message) < 500 for d in found)
    assert "lollollol" not in everything(found)


@pytest.mark.parametrize(
    "body", ['<View><Header value="&lol9;"/></View>', "<View><Header>&lol9;</Header></View>"]
)
def test_billion_laughs_reports_lc002(body: str) -> None:
    assert "LC002" in codes(laughs() + body)


def test_parameter_entities_declared_are_lc002() -> None:
    found = diagnose("<!DOCTYPE View [<!ENTITY % p \"<!ENTITY e 'x'>\">\n%p;\n]>\n<View>&e;</View>")
    assert {d.code for d in found} == {"LC002"}


def test_external_parameter_entity_reference_is_lc002(secret_file: tuple[Path, str]) -> None:
    path, secret = secret_file
    found = diagnose(f'<!DOCTYPE View [<!ENTITY % p SYSTEM "{path.as_uri()}">\n%p;\n]>\n<View/>')
    assert secret not in everything(found)
    assert "LC002" in {d.code for d in found}


# ------------------------------------------------------------------------------------- size limits


def test_fifty_megabytes_of_nesting_as_bytes() -> None:
    data = b"<View>" * (50 * 1024 * 1024 // 6)
    found = diagnose(data)
    assert [d.code for d in found] == ["LC004"]
    assert (found[0].line, found[0].column) == (1, 1)


def test_fifty_megabytes_of_nesting_as_text() -> None:
    found = diagnose("<View>" * (50 * 1024 * 1024 // 6))
    assert [d.code for d in found] == ["LC004"]


def test_just_over_the_byte_limit() -> None:
    data = b"<View>" + b" " * MAX_BYTES + b"</View>"
    assert codes(data) == {"LC004"}


def test_depth_300_is_a_syntax_error_not_a_recursion_error() -> None:
    text = "<View>" * 300 + "</View>" * 300
    assert len(text.encode()) < MAX_BYTES
    found = diagnose(text)
    assert "LC001" in {d.code for d in found}
    assert any("depth" in d.message.lower() for d in found)
    assert all(d.line == 1 for d in found)


def test_depth_just_under_the_libxml2_limit_builds_a_tree() -> None:
    text = "<View>" * 250 + TEXT + CHOICES + "</View>" * 250
    cfg = labelconfig.parse(text)
    assert "LC001" not in {d.code for d in cfg.diagnostics}
    assert cfg.root is not None


def test_deep_taxonomy_and_html_under_the_limit() -> None:
    taxonomy = '<Taxonomy name="x" toName="text">' + '<Choice value="a">' * 240 + "</Choice>" * 240
    labelconfig.parse(f"<View>{TEXT}{taxonomy}</Taxonomy></View>")
    html = '<HyperText name="h" value="$h">' + "<div>" * 240 + "</div>" * 240 + "</HyperText>"
    labelconfig.parse(f"<View>{html}{CHOICES}</View>")


def test_thirty_thousand_siblings_hit_the_element_limit() -> None:
    text = "<View>" + '<Header value="a"/>' * 30_000 + "</View>"
    assert len(text.encode()) < MAX_BYTES
    found = diagnose(text)
    assert [d.code for d in found] == ["LC004"]
    assert str(MAX_ELEMENTS) in found[0].message


def test_many_attributes_on_one_element() -> None:
    attrs = " ".join(f'a{i}="{i}"' for i in range(5000))
    labelconfig.parse(f"<View><Header {attrs}/>{TEXT}{CHOICES}</View>")


def test_one_enormous_attribute_value() -> None:
    labelconfig.parse(f'<View><Header value="{"x" * 1_500_000}"/>{TEXT}{CHOICES}</View>')


# -------------------------------------------------------------------------------------- encodings


def test_binary_garbage() -> None:
    assert codes(bytes(range(256)) * 16) & {"LC001", "LC003"}
    assert codes(os.urandom(0) + b"\x89PNG\r\n\x1a\n" + bytes(range(256))) & {"LC001", "LC003"}


def test_binary_garbage_that_happens_to_decode() -> None:
    assert codes(bytes(range(1, 128)) * 8) & {"LC001", "LC003"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom_encodings_parse_fine(encoding: str) -> None:
    text = f"<View>\n  {TEXT}\n  {CHOICES}\n</View>\n"
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
    }.get(encoding, b"")
    found = diagnose(bom + text.encode(encoding))
    assert found == [], found


def test_unknown_encoding_declaration() -> None:
    found = diagnose(b'<?xml version="1.0" encoding="klingon"?>\n<View/>')
    assert [d.code for d in found] == ["LC003"]
    assert found[0].line == 1
    assert "klingon" in found[0].message


def test_declared_latin1_but_utf8_bytes() -> None:
    data = f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<View>{TEXT}{CHOICES}<Header value="héllo"/></View>'
    found = diagnose(data.encode("utf-8"))
    assert "LC005" in {d.code for d in found}
    assert next(d for d in found if d.code == "LC005").line == 1


def test_encoding_declaration_in_text() -> None:
    found = diagnose(f'<?xml version="1.0" encoding="UTF-8"?>\n<View>{TEXT}{CHOICES}</View>')
    assert [d.code for d in found] == ["LC005"]


def test_undecodable_byte_reports_its_line() -> None:
    data = b'<View>\n  <Header value="ok"/>\n  <Header value="caf\xe9"/>\n</View>'
    found = diagnose(data)
    assert [d.code for d in found] == ["LC003"]
    assert (found[0].line, found[0].column) == (3, 21)
    assert "0xe9" in found[0].message


def test_nul_in_text_input() -> None:
    found = diagnose(f"<View>\n{TEXT}\x00{CHOICES}</View>")
    assert "LC001" in {d.code for d in found}
    assert any(d.line == 2 for d in found if d.code == "LC001")


def test_nul_only() -> None:
    assert "LC001" in codes("\x00" * 100)


def test_xml_declaration_not_at_the_start() -> None:
    found = diagnose(f'<View>{TEXT}{CHOICES}</View>\n<?xml version="1.0"?>')
    assert "LC001" in {d.code for d in found}
    found = diagnose(f'\n\n<?xml version="1.0"?><View>{TEXT}{CHOICES}</View>')
    assert "LC001" in {d.code for d in found}
    assert any(d.line == 3 for d in found)


def test_cdata_and_processing_instructions_inside_view() -> None:
    text = f"<View><![CDATA[ <b>not markup</b> ]]><?php echo 1; ?>{TEXT}<?pi?>{CHOICES}</View>"
    found = diagnose(text)
    assert "LC001" not in {d.code for d in found}


def test_cdata_in_attribute_position_and_comments_everywhere() -> None:
    text = f"<!-- a --><View><!-- <Text> -->{TEXT}<!---->{CHOICES}<!-- > --></View><!-- z -->"
    assert "LC001" not in codes(text)


def test_nbsp_entity_has_helpful_help() -> None:
    found = diagnose(f'<View>\n{TEXT}\n<Header value="a&nbsp;b"/>{CHOICES}</View>')
    bad = [d for d in found if d.code == "LC001"]
    assert bad
    assert bad[0].line == 3
    assert "nbsp" in bad[0].message
    assert "&#160;" in bad[0].help


def test_empty_and_whitespace() -> None:
    for text in ["", "   \n\t", b"", b"\xef\xbb\xbf"]:
        assert codes(text) == {"LC001"}, text


def test_lone_surrogate_in_text() -> None:
    found = diagnose(f'<View>{TEXT}<Header value="\ud800"/>{CHOICES}</View>')
    assert found  # reported somehow, not a UnicodeEncodeError


def test_many_syntax_errors_at_once() -> None:
    text = "<View>\n" + "<Header value=x/>\n" * 2000 + "</View>"
    found = diagnose(text)
    assert found and {d.code for d in found} == {"LC001"}
