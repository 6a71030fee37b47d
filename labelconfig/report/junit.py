"""JUnit XML: one test suite per file, one test case per finding (a passing one per clean file).

Suites and the whole document carry counts in their start tags, which are known only at the end, so
test cases are spooled (to disk past a megabyte) and copied out behind the finished start tag.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO

from ..diagnostics import Diagnostic
from ..source import Source
from ._safe import xml_text
from .base import Report, omitted_note

_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
SPOOL = 1024 * 1024


def _escape(text: str, entities: dict[str, str] | None = None) -> str:
    """`&`, `<`, `>` and the given extra characters as XML entities (what xml.sax.saxutils.escape does,
    without importing urllib and email at start-up for a format most runs never use)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


def _attr(value: str) -> str:
    return '"' + _escape(xml_text(value), _ATTR) + '"'


def _text(value: str) -> str:
    return _escape(xml_text(value))


def _spool() -> IO[str]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL, mode="w+", encoding="utf-8")


def case_name(d: Diagnostic) -> str:
    """Where the finding is, in words a CI dashboard can show: file, then record and path or position."""
    if d.item is not None or d.path.startswith("$"):
        record = f" item {d.item}" if d.item is not None else ""
        line = f" (line {d.line})" if d.line else ""
        return f"{d.code} {d.name}: {d.file}{record} {d.path}{line}"
    where = f":{d.line}:{d.column}" if d.line else ""
    return f"{d.code} {d.name}: {d.file}{where} {d.path}".rstrip()


class JunitReport(Report):
    _suite: IO[str] | None = None

    def _begin(self) -> None:
        self._body = _spool()
        self._tests = self._failures = 0

    def _file(self, file: str, source: Source | None) -> None:
        self._open(file)

    def _open(self, file: str) -> None:
        self._close()
        self._suite = _spool()
        self._suite_file = file
        self._suite_tests = self._suite_failures = 0
        self._names: dict[str, int] = {}
        self._names_of: tuple[str, int | None, int] = ("", None, 0)

    def _write(self, d: Diagnostic) -> None:
        if self._suite is None or d.file != self._suite_file:
            self._open(d.file)
        assert self._suite is not None
        name = case_name(d)
        # Names repeat only within one record or position; remembering that chunk keeps memory flat.
        chunk = (d.file, d.item, d.line if d.item is None else 0)
        if chunk != self._names_of:
            self._names, self._names_of = {}, chunk
        seen = self._names[name] = self._names.get(name, 0) + 1
        if seen > 1:
            name = f"{name} #{seen}"
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        if d.item is not None:
            where += f" item {d.item} {d.path}"
        body = _text(
            f"{where}: {d.code} [{d.severity}] {d.message}" + (f"\nhelp: {d.help}" if d.help else "")
        )
        self._suite.write(f"    <testcase name={_attr(name)} classname={_attr(d.file)}>\n")
        if d.is_error:
            self._suite.write(
                f"      <failure message={_attr(d.message)} type={_attr(d.code)}>{body}</failure>\n"
            )
            self._suite_failures += 1
        else:
            self._suite.write(f"      <system-out>{body}</system-out>\n")
        self._suite.write("    </testcase>\n")
        self._suite_tests += 1

    def _file_end(self) -> None:
        self._close()

    def _unreadable(self, file: str, message: str) -> None:
        self._open(file)
        assert self._suite is not None
        self._suite.write(
            f"    <testcase name={_attr(f'read {file}')} classname={_attr(file)}>\n"
            f'      <error message={_attr(f"not checked: {message}")} type="unreadable"/>\n'
            "    </testcase>\n"
        )
        self._suite_tests += 1
        self._suite_failures += 1
        self._close()

    def _close(self) -> None:
        suite, self._suite = self._suite, None
        if suite is None:
            return
        file = self._suite_file
        if not self._suite_tests:
            suite.write(f'    <testcase name="labelconfig" classname={_attr(file)}/>\n')
            self._suite_tests = 1
        self._body.write(
            f'  <testsuite name={_attr(file)} tests="{self._suite_tests}" '
            f'failures="{self._suite_failures}">\n'
        )
        suite.seek(0)
        shutil.copyfileobj(suite, self._body)
        suite.close()
        self._body.write("  </testsuite>\n")
        self._tests += self._suite_tests
        self._failures += self._suite_failures

    def _finish(self, summary: dict[str, int]) -> None:
        self._close()
        self.out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
        self.out.write(f'<testsuites name="labelconfig" tests="{self._tests}" failures="{self._failures}"')
        note = omitted_note(summary)
        self.out.write(f' omitted="{summary["omitted"]}">\n' if note else ">\n")
        if note:
            self.out.write(f"  <!-- {_text(note)} -->\n")
        self._body.seek(0)
        shutil.copyfileobj(self._body, self.out)
        self._body.close()
        self.out.write("</testsuites>\n")
