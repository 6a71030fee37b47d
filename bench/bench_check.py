"""Time `labelconfig.check_config` per config, and label-studio-sdk's `LabelInterface(...).validate()`
on the same configs when the SDK is importable.

    python bench/bench_check.py [DIR_OR_FILE ...] [--repeat N] [--max-seconds S] [--json]

Without arguments: tests/fixtures/valid when it exists, else a few configs embedded below.
Dependency-free apart from labelconfig (and the optional SDK).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import labelconfig

try:  # optional: only to compare against
    from label_studio_sdk.label_interface import LabelInterface
except Exception:  # pragma: no cover - the SDK is not a dependency
    LabelInterface = None

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "fixtures" / "valid"

EMBEDDED = {
    "sentiment": """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" showInline="true">
    <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
  </Choices>
</View>""",
    "bbox": """<View>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Car" background="green"/><Label value="Person" background="blue"/>
  </RectangleLabels>
</View>""",
    "ner": """<View>
  <Labels name="label" toName="text">
    <Label value="PER" background="red"/><Label value="ORG" background="darkorange"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>""",
    "broken": """<View>
  <Text name="text" value="$text"/>
  <Choices name="c" toName="txt" choice="singel">
</View>""",
}


def collect(paths: list[str]) -> list[tuple[str, str | bytes]]:
    configs: list[tuple[str, str | bytes]] = []
    if not paths:
        if DEFAULT_DIR.is_dir():
            paths = [str(DEFAULT_DIR)]
        else:
            return list(EMBEDDED.items())
    for p in map(Path, paths):
        files = sorted(p.rglob("*.xml")) if p.is_dir() else [p]
        for f in files:
            data = f.read_bytes()
            try:
                text: str | bytes = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data
            configs.append((str(f.relative_to(p)) if p.is_dir() else f.name, text))
    return configs


def timed(fn: Callable[[], object], repeat: int, max_seconds: float, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    deadline = time.perf_counter() + max_seconds
    for i in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        if i >= 4 and time.perf_counter() > deadline:
            break
    return samples


def p90(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def sdk_outcome(text: str) -> str:
    """'pass', or the exception class name the SDK raised."""
    try:
        LabelInterface(text).validate()  # type: ignore[misc]
    except Exception as exc:
        return type(exc).__name__
    return "pass"


def sdk_call(text: str) -> None:
    with suppress(Exception):
        LabelInterface(text).validate()  # type: ignore[misc]


def run(configs: list[tuple[str, str | bytes]], repeat: int, max_seconds: float) -> dict:
    rows = []
    for name, text in configs:
        found = labelconfig.check_config(text)
        lc = timed(lambda t=text: labelconfig.check_config(t), repeat, max_seconds)
        row: dict = {
            "config": name,
            "chars": len(text),
            "lc_median_ms": statistics.median(lc) * 1e3,
            "lc_p90_ms": p90(lc) * 1e3,
            "lc_samples": len(lc),
            "lc_errors": sum(d.is_error for d in found),
            "lc_warnings": sum(not d.is_error for d in found),
            "lc_codes": sorted({d.code for d in found}),
        }
        if LabelInterface is not None and isinstance(text, str):
            sdk = timed(lambda t=text: sdk_call(t), repeat, max_seconds)
            row.update(
                sdk_median_ms=statistics.median(sdk) * 1e3,
                sdk_p90_ms=p90(sdk) * 1e3,
                sdk_samples=len(sdk),
                sdk_result=sdk_outcome(text),
            )
        rows.append(row)
    return {"rows": rows, "summary": summarize(rows)}


def summarize(rows: list[dict]) -> dict:
    lc = [r["lc_median_ms"] for r in rows]
    out: dict = {
        "configs": len(rows),
        "sdk_available": LabelInterface is not None,
        "lc_median_of_medians_ms": statistics.median(lc) if lc else 0.0,
        "lc_total_ms": sum(lc),
        "lc_configs_with_errors": sum(r["lc_errors"] > 0 for r in rows),
        "lc_configs_with_any_diagnostic": sum(r["lc_errors"] + r["lc_warnings"] > 0 for r in rows),
        "lc_diagnostics": sum(r["lc_errors"] + r["lc_warnings"] for r in rows),
    }
    both = [r for r in rows if "sdk_median_ms" in r]
    if both:
        sdk = [r["sdk_median_ms"] for r in both]
        lc_both = [r["lc_median_ms"] for r in both]
        out.update(
            sdk_median_of_medians_ms=statistics.median(sdk),
            sdk_total_ms=sum(sdk),
            ratio_sdk_over_lc_total=sum(sdk) / sum(lc_both) if sum(lc_both) else None,
            ratio_sdk_over_lc_median=statistics.median(
                r["sdk_median_ms"] / r["lc_median_ms"] for r in both if r["lc_median_ms"]
            ),
            sdk_fail=sum(r["sdk_result"] != "pass" for r in both),
            sdk_pass=sum(r["sdk_result"] == "pass" for r in both),
            agree_both_fail=sum(r["sdk_result"] != "pass" and r["lc_errors"] > 0 for r in both),
            agree_both_pass=sum(r["sdk_result"] == "pass" and r["lc_errors"] == 0 for r in both),
            only_lc_errors=sum(r["sdk_result"] == "pass" and r["lc_errors"] > 0 for r in both),
            only_sdk_fails=sum(r["sdk_result"] != "pass" and r["lc_errors"] == 0 for r in both),
        )
    return out


def print_table(result: dict) -> None:
    rows = result["rows"]
    width = max([len("config")] + [len(r["config"]) for r in rows])
    head = f"{'config':<{width}} {'chars':>6} {'lc med':>8} {'lc p90':>8} {'E':>3} {'W':>3}"
    sdk = any("sdk_median_ms" in r for r in rows)
    if sdk:
        head += f" {'sdk med':>9} {'sdk p90':>9} {'x':>6}  sdk result"
    print(head)
    print("-" * len(head))
    for r in rows:
        line = (
            f"{r['config']:<{width}} {r['chars']:>6} {r['lc_median_ms']:>7.3f}m {r['lc_p90_ms']:>7.3f}m"
            f" {r['lc_errors']:>3} {r['lc_warnings']:>3}"
        )
        if "sdk_median_ms" in r:
            ratio = r["sdk_median_ms"] / r["lc_median_ms"] if r["lc_median_ms"] else float("nan")
            line += f" {r['sdk_median_ms']:>8.3f}m {r['sdk_p90_ms']:>8.3f}m {ratio:>6.1f}  {r['sdk_result']}"
        print(line)
    s = result["summary"]
    print()
    print(f"configs: {s['configs']}   (times in ms; E/W = labelconfig errors/warnings)")
    print(
        f"labelconfig: median per config {s['lc_median_of_medians_ms']:.3f} ms, "
        f"total {s['lc_total_ms']:.2f} ms; {s['lc_diagnostics']} diagnostics, "
        f"{s['lc_configs_with_errors']} configs with errors, "
        f"{s['lc_configs_with_any_diagnostic']} with any diagnostic"
    )
    if "sdk_total_ms" in s:
        print(
            f"label-studio-sdk LabelInterface(...).validate(): median per config "
            f"{s['sdk_median_of_medians_ms']:.3f} ms, total {s['sdk_total_ms']:.2f} ms; "
            f"{s['sdk_pass']} pass, {s['sdk_fail']} raise"
        )
        print(
            f"ratio SDK/labelconfig: {s['ratio_sdk_over_lc_total']:.2f}x (totals), "
            f"{s['ratio_sdk_over_lc_median']:.2f}x (median of per-config ratios)"
        )
        print(
            f"verdicts: both reject {s['agree_both_fail']}, both accept {s['agree_both_pass']}, "
            f"only labelconfig reports errors {s['only_lc_errors']}, "
            f"only the SDK raises {s['only_sdk_fails']}"
        )
    else:
        print("label-studio-sdk not importable: no comparison (see bench/README.md)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="directories (searched for *.xml) or files")
    ap.add_argument("--repeat", type=int, default=200, help="timed runs per config and tool (default 200)")
    ap.add_argument(
        "--max-seconds",
        type=float,
        default=2.0,
        help="stop timing one config/tool after this long (at least 5 runs; default 2)",
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    configs = collect(args.paths)
    if not configs:
        print("no *.xml configs found", file=sys.stderr)
        return 1
    result = run(configs, args.repeat, args.max_seconds)
    result["python"] = sys.version.split()[0]
    result["labelconfig"] = labelconfig.__version__
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
