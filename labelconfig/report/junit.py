"""JUnit XML: one test suite per file, one failing test case per finding (a passing one per clean file)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from lxml import etree

from ..diagnostics import Diagnostic
from ..source import Source


def render(
    diagnostics: Sequence[Diagnostic], sources: Mapping[str, Source], summary: Mapping[str, int]
) -> str:
    root = etree.Element("testsuites", name="labelconfig")
    by_file = {
        f: list(ds) for f, ds in groupby(sorted(diagnostics, key=lambda d: d.file), key=lambda d: d.file)
    }
    files = list(dict.fromkeys([*sources, *by_file]))
    total = failures = 0
    for f in files:
        found = by_file.get(f, [])
        suite = etree.SubElement(root, "testsuite", name=f, tests=str(max(1, len(found))))
        suite.set("failures", str(sum(1 for d in found if d.is_error)))
        if not found:
            etree.SubElement(suite, "testcase", name="labelconfig", classname=f)
            total += 1
            continue
        for d in found:
            case = etree.SubElement(
                suite, "testcase", name=f"{d.code} {d.name} {d.line}:{d.column}", classname=f
            )
            tag = "failure" if d.is_error else "system-out"
            node = etree.SubElement(case, tag)
            if tag == "failure":
                node.set("message", d.message)
                node.set("type", d.code)
                failures += 1
            node.text = f"{d.file}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}" + (
                f"\nhelp: {d.help}" if d.help else ""
            )
            total += 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode()
