"""Wall time of `labelconfig.parse()` on hostile inputs (the "answers within a second" figure).

    python bench/bench_hostile.py [--repeat N] [--json]

Each input is built once, outside the timing; the figure is the median (and max) of N parse() calls.
The same inputs are asserted on (codes, no exceptions) in tests/test_hostile.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable

import labelconfig

TEXT = '<Text name="text" value="$text"/>'
CHOICES = '<Choices name="c" toName="text"><Choice value="a"/></Choices>'


def laughs(levels: int = 9, fan_out: int = 10) -> str:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        decls.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * fan_out}">')
    return "<!DOCTYPE View [\n  " + "\n  ".join(decls) + "\n]>\n"


INPUTS: dict[str, Callable[[], str | bytes]] = {
    "xxe /etc/passwd (attribute)": lambda: (
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<View><Text name="t" value="&e;"/></View>'
    ),
    "xxe /etc/passwd (element text)": lambda: (
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<View><Header>&e;</Header></View>'
    ),
    "external DTD subset": lambda: '<!DOCTYPE View SYSTEM "file:///nonexistent/x.dtd">\n<View/>',
    "external DTD over http": lambda: '<!DOCTYPE View PUBLIC "-//x//EN" "http://127.0.0.1:9/x.dtd">\n<View/>',
    "billion laughs (attribute)": lambda: laughs() + '<View><Header value="&lol9;"/></View>',
    "billion laughs (element text)": lambda: laughs() + "<View><Header>&lol9;</Header></View>",
    "parameter entities": lambda: (
        "<!DOCTYPE View [<!ENTITY % p \"<!ENTITY e 'x'>\">\n%p;\n]>\n<View>&e;</View>"
    ),
    "50 MB '<View>'*N as bytes": lambda: b"<View>" * (50 * 1024 * 1024 // 6),
    "50 MB '<View>'*N as str": lambda: "<View>" * (50 * 1024 * 1024 // 6),
    "2 MB just under the byte limit": lambda: (
        "<View>" + TEXT + CHOICES + "<!--" + "x" * (2 * 1024 * 1024 - 200) + "--></View>"
    ),
    "depth 300 nested <View>": lambda: "<View>" * 300 + "</View>" * 300,
    "depth 250 nested <View> (parses)": lambda: "<View>" * 250 + TEXT + CHOICES + "</View>" * 250,
    "30,000 siblings": lambda: "<View>" + '<Header value="a"/>' * 30_000 + "</View>",
    "9,900 siblings (under the limit)": lambda: (
        "<View>" + TEXT + CHOICES + '<Header value="a"/>' * 9_900 + "</View>"
    ),
    "5,000 attributes on one element": lambda: (
        "<View><Header " + " ".join(f'a{i}="{i}"' for i in range(5000)) + f"/>{TEXT}{CHOICES}</View>"
    ),
    "9,900 unknown tags (LC102 each)": lambda: (
        "<View>" + TEXT + CHOICES + "".join(f"<Foo{i}/>" for i in range(9_900)) + "</View>"
    ),
    "9,900 labels with one hotkey": lambda: (
        "<View>"
        + TEXT
        + '<Labels name="l" toName="text">'
        + "".join(f'<Label value="v{i}" hotkey="a"/>' for i in range(9_900))
        + "</Labels></View>"
    ),
    "toName with 100,000 entries": lambda: (
        f'<View>{TEXT}<Choices name="c" toName="{",".join(f"t{i}" for i in range(100_000))}">'
        '<Choice value="a"/></Choices></View>'
    ),
    "2,000 syntax errors": lambda: "<View>\n" + "<Header value=x/>\n" * 2000 + "</View>",
    "binary garbage 4 KB": lambda: bytes(range(256)) * 16,
    "UTF-16 with BOM": lambda: f"<View>{TEXT}{CHOICES}</View>".encode("utf-16"),
    "encoding=klingon": lambda: b'<?xml version="1.0" encoding="klingon"?>\n<View/>',
    "declared latin-1, UTF-8 bytes": lambda: (
        f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<View>{TEXT}{CHOICES}<Header value="h\u00e9"/></View>'
    ).encode(),
    "undecodable byte in UTF-8": lambda: b'<View>\n  <Header value="caf\xe9"/>\n</View>',
    "NUL in str": lambda: f"<View>{TEXT}\x00{CHOICES}</View>",
    "XML declaration not at start": lambda: f'<View>{TEXT}{CHOICES}</View>\n<?xml version="1.0"?>',
    "CDATA and PIs inside View": lambda: f"<View><![CDATA[ <b>x</b> ]]><?pi x?>{TEXT}{CHOICES}</View>",
    "&nbsp;": lambda: f'<View>{TEXT}<Header value="a&nbsp;b"/>{CHOICES}</View>',
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="parse() calls per input (default 5)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    rows = []
    for name, build in INPUTS.items():
        data = build()
        samples: list[float] = []
        outcome = ""
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            try:
                cfg = labelconfig.parse(data)
                outcome = ",".join(sorted({d.code for d in cfg.diagnostics})) or "clean"
            except Exception as exc:  # the tests make this impossible; the bench still reports it
                outcome = f"RAISED {type(exc).__name__}: {exc}"[:80]
            samples.append(time.perf_counter() - t0)
        rows.append(
            {
                "input": name,
                "bytes": len(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")),
                "median_ms": statistics.median(samples) * 1e3,
                "max_ms": max(samples) * 1e3,
                "codes": outcome,
            }
        )
    worst = max(r["max_ms"] for r in rows)
    if args.json:
        print(json.dumps({"rows": rows, "worst_ms": worst, "python": sys.version.split()[0]}, indent=2))
        return 0
    width = max(len(r["input"]) for r in rows)
    print(f"{'input':<{width}} {'bytes':>11} {'median':>10} {'max':>10}  codes")
    print("-" * (width + 50))
    for r in rows:
        print(
            f"{r['input']:<{width}} {r['bytes']:>11,} "
            f"{r['median_ms']:>8.2f}ms {r['max_ms']:>8.2f}ms  {r['codes']}"
        )
    print(f"\nslowest single parse(): {worst:.1f} ms ({'within' if worst < 1000 else 'OVER'} one second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
