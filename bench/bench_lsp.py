"""Latency of `labelconfig lsp` on a 300-line config: the lint of one document (what a change costs
the server), and end to end through the real server over stdio, from sending `didChange` to
receiving its `publishDiagnostics` (the debounce included).

    python bench/bench_lsp.py [--lines 300] [--changes 40] [--json]

Needs the `lsp` extra (pygls) and pytest-lsp (its client), both in the `test` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from labelconfig.lsp.analysis import analyse
from labelconfig.lsp.cursor import at
from labelconfig.lsp.server import DEBOUNCE
from labelconfig.settings import Discovery


def config(lines: int) -> str:
    """A config of about `lines` lines: text objects with a classification each, one misspelt value."""
    out = ["<View>"]
    i = 0
    while len(out) < lines - 1:
        out += [
            f'  <Text name="text{i}" value="$text{i}"/>',
            f'  <Choices name="choice{i}" toName="text{i}" choice="single" showInline="true">',
            '    <Choice value="Positive"/>',
            '    <Choice value="Negative"/>',
            "  </Choices>",
        ]
        i += 1
    out.append("</View>")
    return "\n".join(out) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def lint_times(text: str, path: str, runs: int) -> list[float]:
    for _ in range(3):
        analyse(path, text, Discovery())
    times = []
    for n in range(runs):
        edited = text.replace('choice="single"', f'choice="singel{n}"', 1)  # a finding, new each time
        start = time.perf_counter()
        analyse(path, edited, Discovery())
        times.append((time.perf_counter() - start) * 1000)
    return times


async def end_to_end(text: str, path: Path, changes: int) -> list[float]:
    server = ClientServerConfig(server_command=[sys.executable, "-m", "labelconfig.cli", "lsp"])
    client = await server.start()
    assert isinstance(client, LanguageClient)
    await client.initialize_session(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="xml", version=1, text=text))
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    times = []
    for n in range(changes):
        i = n % 50
        line = 2 + 5 * i  # a `<Choices ...>` line: one character typed into its `choice` value
        column = len(f'  <Choices name="choice{i}" toName="text{i}" choice="sing')
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(lsp.Position(line, column), lsp.Position(line, column)), text="x"
        )
        start = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=n + 2), [change]
            )
        )
        await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        times.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.05)  # typing pace: each change is linted on its own
    found = len(client.diagnostics[uri])
    await client.shutdown_session()
    await client.stop()
    assert found == min(changes, 50), f"expected one finding per edited line, got {found}"
    return times


# Half-typed markup at its worst, about 1 MB each: completion reads the text before the cursor, which
# must take linear time whatever the text holds.
HOSTILE = {
    "one long name": "<a " + "x" * 1_000_000,
    "names and equals": "<a " + "x=" * 500_000,
    "unclosed quotes": "<a " + '"x' * 500_000,
    "unclosed comments": "<!--" * 250_000,
    "open tags": "<a>" * 330_000,
}


def hostile_times() -> dict[str, float]:
    out = {}
    for name, text in HOSTILE.items():
        start = time.perf_counter()
        at(text, len(text))
        out[f"cursor_{name.replace(' ', '_')}_ms"] = round((time.perf_counter() - start) * 1000, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    text = config(args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xml"
        lint = lint_times(text, str(path), args.changes)
        e2e = asyncio.run(end_to_end(text, path, args.changes))
    figures = {
        "lines": text.count("\n"),
        "debounce_ms": DEBOUNCE * 1000,
        "lint_median_ms": round(statistics.median(lint), 2),
        "lint_p90_ms": round(percentile(lint, 0.9), 2),
        "change_to_diagnostics_median_ms": round(statistics.median(e2e), 2),
        "change_to_diagnostics_p90_ms": round(percentile(e2e, 0.9), 2),
        "change_to_diagnostics_max_ms": round(max(e2e), 2),
        **hostile_times(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:<34} {value}")


if __name__ == "__main__":
    main()
