"""Whole-process throughput and peak memory on large prediction files (JSON Lines).

    python bench/bench_payloads.py [--n 100000] [--repeat 3] [--out DIR] [--json]
    python bench/bench_payloads.py --sdk-python /tmp/sdkvenv/bin/python --scale 10

Three workloads of N predictions each, written with fixed random seeds: `choices` (Text + Choices, one
choices result per prediction), `rectangles` (Image + RectangleLabels, 5 regions per prediction) and
`ner` (Text + Labels, 3 spans per prediction). Every payload is valid: labelconfig must report zero
diagnostics on them (asserted on every labelconfig run).

Each command runs as its own process and is timed whole (interpreter start-up, imports, config
compilation, reading, parsing and checking); wall time is the best of `--repeat` runs, peak RSS is
measured with `/usr/bin/time -f %M` (or a small getrusage wrapper when GNU time is missing):

- bare parse: read the file line by line and `orjson.loads` each line (the floor for any checker);
- labelconfig: `labelconfig check CONFIG --predictions FILE --format json`, with `--jobs 1` and `--jobs 2`;
- label-studio-sdk (when `--sdk-python` is given or /tmp/sdkvenv/bin/python exists): `LabelInterface(config)`
  once, then `validate_prediction(p, return_errors=True)` for every line parsed with orjson.

Then memory flatness: labelconfig on the rectangles workload at N and at `--scale` x N.
Targets (from the issue): >= 10x the SDK's throughput, <= 3x the bare parse, flat peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a labelconfig dependency
    orjson = None  # type: ignore[assignment]

DEFAULT_SDK_PYTHON = Path("/tmp/sdkvenv/bin/python")
GNU_TIME = Path("/usr/bin/time")
SEEDS = {"choices": 1101, "rectangles": 2202, "ner": 3303}

CONFIGS = {
    "choices": """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single" showInline="true">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
    <Choice value="Neutral"/>
  </Choices>
</View>
""",
    "rectangles": """<View>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Car" background="green"/>
    <Label value="Person" background="blue"/>
    <Label value="Bicycle" background="orange"/>
    <Label value="Truck" background="purple"/>
    <Label value="Traffic Light" background="red"/>
  </RectangleLabels>
</View>
""",
    "ner": """<View>
  <Labels name="label" toName="text">
    <Label value="PER" background="red"/>
    <Label value="ORG" background="darkorange"/>
    <Label value="LOC" background="orange"/>
    <Label value="MISC" background="green"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
""",
}

# --- payload generation ------------------------------------------------------------------------------

ID_CHARS = string.ascii_letters + string.digits
IMAGE_SIZES = [(640, 480), (800, 600), (1024, 768), (1280, 720), (1920, 1080), (4032, 3024)]
NER_WORDS = {
    "PER": ["Alice Johnson", "Bob", "Marie Curie", "Ada Lovelace", "Jean-Luc", "Satoshi Nakamoto"],
    "ORG": ["Acme Corp", "United Nations", "Heartex", "OpenStreetMap", "Deutsche Bahn"],
    "LOC": ["Paris", "San Francisco", "Mount Kilimanjaro", "the Rhine", "Kyoto"],
    "MISC": ["Python", "Nobel Prize", "COVID-19", "Olympics", "Euro"],
}


def region_id(rng: random.Random) -> str:
    return "".join(rng.choices(ID_CHARS, k=10))


def score(rng: random.Random) -> float:
    return round(rng.uniform(0.5, 1.0), 6)


def choices_prediction(rng: random.Random) -> dict[str, Any]:
    s = score(rng)
    return {
        "model_version": "sentiment-bert-v3",
        "score": s,
        "result": [
            {
                "id": region_id(rng),
                "from_name": "sentiment",
                "to_name": "text",
                "type": "choices",
                "value": {"choices": [rng.choice(["Positive", "Negative", "Neutral"])]},
                "score": s,
            }
        ],
    }


def rectangles_prediction(rng: random.Random) -> dict[str, Any]:
    width, height = rng.choice(IMAGE_SIZES)
    result = []
    for _ in range(5):
        w = rng.uniform(2.0, 40.0)
        h = rng.uniform(2.0, 40.0)
        x = rng.uniform(0.0, 100.0 - w)
        y = rng.uniform(0.0, 100.0 - h)
        result.append(
            {
                "id": region_id(rng),
                "from_name": "label",
                "to_name": "image",
                "type": "rectanglelabels",
                "original_width": width,
                "original_height": height,
                "image_rotation": 0,
                "value": {
                    "x": round(x, 6),
                    "y": round(y, 6),
                    "width": round(w, 6),
                    "height": round(h, 6),
                    "rotation": 0,
                    "rectanglelabels": [rng.choice(["Car", "Person", "Bicycle", "Truck", "Traffic Light"])],
                },
                "score": score(rng),
            }
        )
    return {"model_version": "yolov8n-2024-05", "score": score(rng), "result": result}


def ner_prediction(rng: random.Random) -> dict[str, Any]:
    result = []
    pos = rng.randint(0, 20)
    for _ in range(3):
        label = rng.choice(list(NER_WORDS))
        text = rng.choice(NER_WORDS[label])
        start = pos + rng.randint(1, 60)
        end = start + len(text)
        pos = end
        result.append(
            {
                "id": region_id(rng),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {"start": start, "end": end, "text": text, "labels": [label]},
                "score": score(rng),
            }
        )
    return {"model_version": "spacy-ner-3.7", "score": score(rng), "result": result}


GENERATORS: dict[str, Callable[[random.Random], dict[str, Any]]] = {
    "choices": choices_prediction,
    "rectangles": rectangles_prediction,
    "ner": ner_prediction,
}


def dumps(obj: dict[str, Any]) -> bytes:
    if orjson is not None:
        return orjson.dumps(obj)
    return json.dumps(obj, separators=(",", ":")).encode()


def write_workload(kind: str, n: int, out: Path) -> tuple[Path, Path]:
    """Write `<kind>.xml` and `<kind>-<n>.jsonl` into `out` (reused when already there)."""
    config = out / f"{kind}.xml"
    config.write_text(CONFIGS[kind], encoding="utf-8")
    data = out / f"{kind}-{n}.jsonl"
    if data.exists() and data.stat().st_size > 0:
        return config, data
    rng = random.Random(SEEDS[kind])
    make = GENERATORS[kind]
    tmp = data.with_suffix(".part")
    with open(tmp, "wb") as fh:
        batch: list[bytes] = []
        for _ in range(n):
            batch.append(dumps(make(rng)))
            if len(batch) >= 10_000:
                fh.write(b"\n".join(batch) + b"\n")
                batch.clear()
        if batch:
            fh.write(b"\n".join(batch) + b"\n")
    tmp.replace(data)
    return config, data


# --- running and measuring ---------------------------------------------------------------------------

BARE_PARSE = """
import sys, orjson
n = 0
with open(sys.argv[1], "rb") as fh:
    for line in fh:
        if line.strip():
            orjson.loads(line)
            n += 1
print(n)
"""

SDK_VALIDATE = """
import json, sys, time
t0 = time.perf_counter()
try:
    from orjson import loads
    parser = "orjson"
except ImportError:
    from json import loads
    parser = "json"
from label_studio_sdk.label_interface import LabelInterface
t1 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    li = LabelInterface(fh.read())
n = invalid = 0
first = None
with open(sys.argv[2], "rb") as fh:
    for line in fh:
        if not line.strip():
            continue
        n += 1
        errors = li.validate_prediction(loads(line), return_errors=True)
        if errors:
            invalid += 1
            if first is None:
                first = [str(e) for e in errors][:3]
t2 = time.perf_counter()
print(json.dumps({"n": n, "invalid": invalid, "first_errors": first, "parser": parser,
                  "import_s": t1 - t0, "validate_s": t2 - t1}))
"""

RUSAGE_WRAPPER = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - t0
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"{wall:.3f} {kb}\\n")
sys.exit(rc)
"""


@dataclass
class Run:
    wall_s: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    load: tuple[float, float]  # 1-minute load average before and after


@dataclass
class Measure:
    tool: str
    wall_s: float  # best of the repeats
    walls: list[float]
    peak_rss_mb: float  # max over the repeats (of the largest single process)
    extra: dict[str, Any] = field(default_factory=dict)


LOADS: list[float] = []

# Installed packages run from byte code (pip compiles on install; the SDK's venv has it). An editable
# checkout under PYTHONDONTWRITEBYTECODE=1 would recompile labelconfig from source in every run, ~85 ms
# of start-up no user pays: compile once (see main) and let every process read the .pyc files.
RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str]) -> Run:
    """Run `cmd` as its own process; wall time and peak RSS of the whole process."""
    with tempfile.TemporaryDirectory(prefix="lcbench-") as tmp:
        stats = Path(tmp) / "stats"
        out = Path(tmp) / "stdout"
        if GNU_TIME.exists():
            full = [str(GNU_TIME), "-f", "%e %M", "-o", str(stats), *cmd]
        else:
            full = [sys.executable, "-c", RUSAGE_WRAPPER, *cmd]
        before = os.getloadavg()[0]
        with open(out, "wb") as fh:
            t0 = time.perf_counter()
            proc = subprocess.run(full, stdout=fh, stderr=subprocess.PIPE, check=False, env=RUN_ENV)
            wall = time.perf_counter() - t0
        after = os.getloadavg()[0]
        LOADS.extend((before, after))
        if GNU_TIME.exists():
            fields = stats.read_text().split()
            err = proc.stderr.decode(errors="replace")
        else:
            *rest, last = proc.stderr.decode(errors="replace").rstrip("\n").split("\n")
            fields, err = last.split(), "\n".join(rest)
            wall = float(fields[0])  # measured inside the wrapper: its own start-up is not counted
        rss_kb = int(fields[-1])
        if proc.returncode not in (0, 1):
            raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
        return Run(wall, rss_kb / 1024, proc.returncode, out.read_text(errors="replace"), (before, after))


def measure(tool: str, cmd: list[str], repeat: int, verify: Callable[[Run], dict[str, Any]]) -> Measure:
    runs = [run_once(cmd) for _ in range(repeat)]
    extra = verify(runs[0])
    for r in runs[1:]:
        verify(r)
    best = min(runs, key=lambda r: r.wall_s)
    m = Measure(tool, best.wall_s, [r.wall_s for r in runs], max(r.peak_rss_mb for r in runs), extra)
    print(
        f"  {tool:<16} best {m.wall_s:7.2f} s  of [{', '.join(f'{w:.2f}' for w in m.walls)}]"
        f"  peak RSS {m.peak_rss_mb:7.1f} MB",
        file=sys.stderr,
        flush=True,
    )
    return m


def verify_bare(n: int) -> Callable[[Run], dict[str, Any]]:
    def check(run: Run) -> dict[str, Any]:
        got = int(run.stdout.strip())
        assert got == n, f"bare parse read {got} lines, expected {n}"
        return {}

    return check


def verify_labelconfig(run: Run) -> dict[str, Any]:
    report = json.loads(run.stdout)
    diags = report["diagnostics"]
    if diags or run.returncode != 0:
        shown = json.dumps(diags[:5], indent=2)
        raise SystemExit(f"labelconfig reported {len(diags)} diagnostics on valid payloads:\n{shown}")
    return {"diagnostics": len(diags)}


def verify_sdk(n: int) -> Callable[[Run], dict[str, Any]]:
    def check(run: Run) -> dict[str, Any]:
        info = json.loads(run.stdout.strip().splitlines()[-1])
        assert info["n"] == n, f"SDK validated {info['n']} predictions, expected {n}"
        return info

    return check


def labelconfig_cmd(python: str) -> list[str]:
    script = Path(python).parent / "labelconfig"
    return [str(script)] if script.exists() else [python, "-m", "labelconfig.cli"]


def lc_command(python: str, config: Path, data: Path, jobs: int) -> list[str]:
    return [
        *labelconfig_cmd(python),
        "check",
        str(config),
        "--predictions",
        str(data),
        "--format",
        "json",
        "--jobs",
        str(jobs),
    ]


def bench_workload(
    kind: str, n: int, out: Path, repeat: int, sdk_python: str | None, sdk_repeat: int
) -> dict[str, Any]:
    t0 = time.perf_counter()
    config, data = write_workload(kind, n, out)
    mb = data.stat().st_size / 1e6
    print(
        f"{kind}: {n:,} predictions, {mb:.1f} MB ({time.perf_counter() - t0:.1f} s to write)", file=sys.stderr
    )
    py = sys.executable
    results: dict[str, Measure] = {}
    results["bare"] = measure("bare parse", [py, "-c", BARE_PARSE, str(data)], repeat, verify_bare(n))
    results["lc1"] = measure("labelconfig -j1", lc_command(py, config, data, 1), repeat, verify_labelconfig)
    results["lc2"] = measure("labelconfig -j2", lc_command(py, config, data, 2), repeat, verify_labelconfig)
    if sdk_python:
        cmd = [sdk_python, "-c", SDK_VALIDATE, str(config), str(data)]
        results["sdk"] = measure("sdk validate", cmd, sdk_repeat, verify_sdk(n))
    row: dict[str, Any] = {"workload": kind, "n": n, "file_mb": mb, "file": str(data)}
    for key, m in results.items():
        row[key] = asdict(m)
        row[key]["per_s"] = n / m.wall_s
    row["lc_diagnostics"] = results["lc1"].extra["diagnostics"]
    row["ratio_lc_over_bare"] = results["lc1"].wall_s / results["bare"].wall_s
    row["ratio_lc2_over_bare"] = results["lc2"].wall_s / results["bare"].wall_s
    if "sdk" in results:
        row["sdk_invalid"] = results["sdk"].extra["invalid"]
        row["ratio_sdk_over_lc"] = results["sdk"].wall_s / results["lc1"].wall_s
        row["ratio_sdk_over_lc2"] = results["sdk"].wall_s / results["lc2"].wall_s
    return row


def memory_scaling(n: int, scale: int, out: Path, first: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS of labelconfig (-j1) on the rectangles workload at N and at scale x N."""
    big = n * scale
    t0 = time.perf_counter()
    config, data = write_workload("rectangles", big, out)
    mb = data.stat().st_size / 1e6
    print(
        f"memory scaling: rectangles x{scale}: {big:,} predictions, {mb:.1f} MB "
        f"({time.perf_counter() - t0:.1f} s to write)",
        file=sys.stderr,
    )
    m = measure("labelconfig -j1", lc_command(sys.executable, config, data, 1), 1, verify_labelconfig)
    return {
        "small": {"n": n, "file_mb": first["file_mb"], "peak_rss_mb": first["lc1"]["peak_rss_mb"]},
        "large": {
            "n": big,
            "file_mb": mb,
            "peak_rss_mb": m.peak_rss_mb,
            "wall_s": m.wall_s,
            "per_s": big / m.wall_s,
        },
        "rss_ratio": m.peak_rss_mb / first["lc1"]["peak_rss_mb"],
    }


# --- output ------------------------------------------------------------------------------------------


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def get(row: dict[str, Any], key: str, sub: str) -> float | None:
    return row[key][sub] if key in row else None


def print_tables(rows: list[dict[str, Any]], scaling: dict[str, Any] | None, meta: dict[str, Any]) -> None:
    head = (
        f"{'workload':<11}{'N':>9}{'MB':>8}{'bare s':>9}{'lc j1 s':>9}{'lc j2 s':>9}{'sdk s':>9}"
        f"{'bare/s':>10}{'lc j1/s':>10}{'lc j2/s':>10}{'sdk/s':>9}"
    )
    print("Wall time (whole process, best of runs) and predictions per second")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['workload']:<11}{r['n']:>9,}{r['file_mb']:>8.1f}"
            f"{fmt(get(r, 'bare', 'wall_s'), '.2f'):>9}{fmt(get(r, 'lc1', 'wall_s'), '.2f'):>9}"
            f"{fmt(get(r, 'lc2', 'wall_s'), '.2f'):>9}{fmt(get(r, 'sdk', 'wall_s'), '.2f'):>9}"
            f"{fmt(get(r, 'bare', 'per_s'), ',.0f'):>10}{fmt(get(r, 'lc1', 'per_s'), ',.0f'):>10}"
            f"{fmt(get(r, 'lc2', 'per_s'), ',.0f'):>10}{fmt(get(r, 'sdk', 'per_s'), ',.0f'):>9}"
        )
    print()
    head = (
        f"{'workload':<11}{'lc/bare':>9}{'lc2/bare':>9}{'sdk/lc':>8}{'sdk/lc2':>8}"
        f"{'RSS bare':>10}{'RSS lc1':>9}{'RSS lc2':>9}{'RSS sdk':>9}{'lc diag':>8}{'sdk inv':>8}"
    )
    print("Ratios (targets: lc/bare <= 3, sdk/lc >= 10) and peak RSS in MB")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['workload']:<11}{r['ratio_lc_over_bare']:>9.2f}{r['ratio_lc2_over_bare']:>9.2f}"
            f"{fmt(r.get('ratio_sdk_over_lc'), '.1f'):>8}{fmt(r.get('ratio_sdk_over_lc2'), '.1f'):>8}"
            f"{fmt(get(r, 'bare', 'peak_rss_mb'), '.0f'):>10}{fmt(get(r, 'lc1', 'peak_rss_mb'), '.0f'):>9}"
            f"{fmt(get(r, 'lc2', 'peak_rss_mb'), '.0f'):>9}{fmt(get(r, 'sdk', 'peak_rss_mb'), '.0f'):>9}"
            f"{r['lc_diagnostics']:>8}{fmt(r.get('sdk_invalid'), 'd'):>8}"
        )
    sdk_rows = [r for r in rows if "sdk" in r]
    if sdk_rows:
        print()
        for r in sdk_rows:
            e = r["sdk"]["extra"]
            print(
                f"sdk {r['workload']}: import {e['import_s']:.2f} s, LabelInterface + validate loop "
                f"{e['validate_s']:.2f} s (first run, parser {e['parser']}); invalid {e['invalid']}"
                + (f"; first errors: {e['first_errors']}" if e["first_errors"] else "")
            )
    if scaling:
        s, b = scaling["small"], scaling["large"]
        print()
        print("Memory flatness: labelconfig -j1 on rectangles")
        print(f"  N = {s['n']:>10,}  {s['file_mb']:>8.1f} MB file  peak RSS {s['peak_rss_mb']:.1f} MB")
        print(
            f"  N = {b['n']:>10,}  {b['file_mb']:>8.1f} MB file  peak RSS {b['peak_rss_mb']:.1f} MB"
            f"  ({b['wall_s']:.2f} s, {b['per_s']:,.0f}/s)"
        )
        print(f"  RSS ratio large/small: {scaling['rss_ratio']:.2f}")
    print()
    print(
        f"labelconfig diagnostics on the valid payloads: {sum(r['lc_diagnostics'] for r in rows)}; "
        f"1-min load average during runs: min {meta['load_min']:.2f}, max {meta['load_max']:.2f} "
        f"({meta['cpus']} CPUs); peak RSS via {meta['rss_method']}; for --jobs 2 it is the largest "
        "single process, not the sum"
    )


def iter_kinds(value: str) -> Iterator[str]:
    for kind in value.split(","):
        if kind not in GENERATORS:
            raise SystemExit(f"unknown workload {kind!r}; choose from {', '.join(GENERATORS)}")
        yield kind


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="predictions per workload (default 100,000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per command; the best wall time counts")
    ap.add_argument("--sdk-repeat", type=int, default=None, help="runs of the SDK (default: --repeat)")
    ap.add_argument("--out", help="directory for the generated files (kept); default: a temp dir")
    ap.add_argument("--workloads", default="choices,rectangles,ner", help="comma-separated subset")
    ap.add_argument(
        "--sdk-python", help=f"Python with label-studio-sdk (default: {DEFAULT_SDK_PYTHON} if any)"
    )
    ap.add_argument("--no-sdk", action="store_true", help="skip the SDK even when it is available")
    ap.add_argument("--scale", type=int, default=4, help="memory check: rectangles at N and scale x N")
    ap.add_argument("--no-scale", action="store_true", help="skip the memory-flatness run")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    import compileall

    import labelconfig

    compileall.compile_dir(str(Path(labelconfig.__file__).parent), quiet=1)

    if orjson is None:
        raise SystemExit(
            "orjson is needed (it is a labelconfig dependency): install labelconfig into this Python"
        )
    sdk_python: str | None = args.sdk_python
    if sdk_python is None and DEFAULT_SDK_PYTHON.exists():
        sdk_python = str(DEFAULT_SDK_PYTHON)
    if args.no_sdk:
        sdk_python = None
    kinds = list(iter_kinds(args.workloads))

    tmp = None
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="lcbench-payloads-")
        out = Path(tmp)
    try:
        rows = [
            bench_workload(k, args.n, out, args.repeat, sdk_python, args.sdk_repeat or args.repeat)
            for k in kinds
        ]
        scaling = None
        rect = next((r for r in rows if r["workload"] == "rectangles"), None)
        if not args.no_scale and rect is not None and args.scale > 1:
            scaling = memory_scaling(args.n, args.scale, out, rect)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    meta = {
        "python": sys.executable,
        "sdk_python": sdk_python,
        "cpus": os.cpu_count(),
        "load_min": min(LOADS, default=0.0),
        "load_max": max(LOADS, default=0.0),
        "rss_method": "/usr/bin/time %M" if GNU_TIME.exists() else "getrusage(RUSAGE_CHILDREN) wrapper",
        "repeat": args.repeat,
    }
    print_tables(rows, scaling, meta)
    if args.json:
        print(json.dumps({"meta": meta, "workloads": rows, "memory_scaling": scaling}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
