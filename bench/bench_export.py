"""Whole-process time and peak memory of `labelconfig export`, optionally against the SDK's Converter.

    python bench/bench_export.py                       # 50,000 tasks: COCO, YOLO (5 boxes each), CONLL
    python bench/bench_export.py --tasks 10000,50000,200000   # peak memory as the input grows
    python bench/bench_export.py --sdk /tmp/lssdk/bin/python   # also time label-studio-sdk's Converter

Inputs are synthetic Label Studio JSON exports (a JSON array, one annotation per task, 1920x1080
images, rotation 0 so the SDK's percent-space bug does not change the work) written to a temporary
directory. Each run is one process (labelconfig exports in one streaming pass) writing into an
output that does not exist yet, as a first export does: every run, of either tool, gets a new path.

Nothing is deleted until the bench ends, and nothing should be deleted in the minutes before it
starts. This disk's ext4 has no journal, and such an ext4 will not reuse an inode freed less than
60 s ago (360 s while its inode-table block is unwritten): each new file's allocation then reads past
every recently freed inode (`recently_deleted` in `perf`), and creating 50,000 label files took
4-17 s of system time instead of 1.3 s, whichever tool ran. Deleting one run's output before the
next made the figures a measure of the last deletion; `os.sync()` does not end the window.
Time is wall clock around the whole process (interpreter start and imports included),
the best of --repeat runs, the two tools taking turns; peak memory is the largest proportional set
size of the process tree, sampled every 20 ms in one more run (timed runs are not sampled). Each
line also gives the best run's user and system CPU seconds (the system time is mostly file creation).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BOX_CONFIG = """<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Car"/><Label value="Person"/><Label value="Bike"/>
</RectangleLabels></View>"""
NER_CONFIG = """<View><Text name="text" value="$text"/>
<Labels name="label" toName="text"><Label value="PER"/><Label value="ORG"/><Label value="LOC"/>
</Labels></View>"""
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
]

SDK_SCRIPT = """
import logging, sys
logging.disable(logging.CRITICAL)
from label_studio_sdk.converter import Converter
conv = Converter(config=open(sys.argv[1]).read(), project_dir=None, download_resources=False)
conv.convert(sys.argv[2], sys.argv[3], sys.argv[4], is_dir=False)
"""


def box_tasks(path: Path, n: int) -> None:
    rnd = random.Random(1)
    with path.open("w") as fh:
        fh.write("[")
        for i in range(n):
            results = []
            for k in range(5):
                x, y = rnd.uniform(0, 80), rnd.uniform(0, 80)
                value = {
                    "x": x,
                    "y": y,
                    "width": rnd.uniform(1, 20),
                    "height": rnd.uniform(1, 20),
                    "rotation": 0,
                    "rectanglelabels": [rnd.choice(["Car", "Person", "Bike"])],
                }
                results.append(
                    {
                        "id": f"r{i}_{k}",
                        "from_name": "label",
                        "to_name": "image",
                        "type": "rectanglelabels",
                        "original_width": 1920,
                        "original_height": 1080,
                        "value": value,
                    }
                )
            task = {
                "id": i,
                "data": {"image": f"/data/upload/1/img_{i}.jpg"},
                "annotations": [{"id": i, "created_at": "2024-01-01T00:00:00Z", "result": results}],
            }
            fh.write(("," if i else "") + json.dumps(task))
        fh.write("]")


def ner_tasks(path: Path, n: int) -> None:
    rnd = random.Random(2)
    with path.open("w") as fh:
        fh.write("[")
        for i in range(n):
            words = [rnd.choice(WORDS) for _ in range(60)]
            text = " ".join(words)
            results = []
            starts = [sum(len(w) + 1 for w in words[:j]) for j in range(0, 60, 12)]
            for k, s in enumerate(starts):
                e = s + len(words[k * 12]) + 1 + len(words[k * 12 + 1])
                results.append(
                    {
                        "id": f"s{i}_{k}",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": s,
                            "end": e,
                            "text": text[s:e],
                            "labels": [rnd.choice(["PER", "ORG", "LOC"])],
                        },
                    }
                )
            task = {
                "id": i,
                "data": {"text": text},
                "annotations": [{"id": i, "created_at": "2024-01-01T00:00:00Z", "result": results}],
            }
            fh.write(("," if i else "") + json.dumps(task))
        fh.write("]")


def _fresh(out: Path, as_dir: bool) -> None:
    """A new output path (an empty folder where the tool needs one to exist), on a flushed disk."""
    assert not out.exists(), out
    if as_dir:
        out.mkdir(parents=True)
    os.sync()


def _timed(argv: list[str], out: Path, as_dir: bool) -> tuple[float, float, float]:
    """Wall, user and system seconds of one run."""
    _fresh(out, as_dir)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return wall, usage.ru_utime, usage.ru_stime


def _peak(argv: list[str]) -> float:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_pss(proc.pid))
        time.sleep(0.02)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}")
    return peak / 1024


def _tree_pss(root: int) -> float:
    """KiB of proportional set size of `root` and its descendants (a tool that starts helper
    processes is counted whole; PSS counts a shared page once, RSS once per process)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [c for c, p in parents.items() if p == pid]
        tree.update(kids)
        frontier += kids
    total = 0.0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += float(line.split()[1])
        except OSError:
            continue
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--tasks",
        default="50000",
        help="task counts, comma-separated (several show whether peak memory grows with the input)",
    )
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs per tool and format")
    ap.add_argument("--sdk", help="a Python with label-studio-sdk installed, to time its Converter too")
    ap.add_argument("--sdk-max", type=int, default=50_000, help="largest task count to run the SDK on")
    args = ap.parse_args()
    # A pip-installed package carries its bytecode (pip compiles it, as it did the SDK's); an editable
    # install under PYTHONDONTWRITEBYTECODE would compile every module again on each start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "labelconfig")], check=True
    )
    print(
        f"{'tasks':>7} {'format':<10} {'tool':<12} {'wall s':>8} {'user s':>7} {'sys s':>6} {'peak MiB':>9}"
    )  # peak: PSS, all processes
    # One directory for every run, removed at the end only (see above: deleting files slows the next
    # runs' file creation for minutes).
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for n in (int(x) for x in args.tasks.split(",")):
            (Path(tmp) / str(n)).mkdir()
            _run(Path(tmp) / str(n), n, args.repeat, args.sdk if n <= args.sdk_max else None)


def _run(d: Path, n: int, repeat: int, sdk_python: str | None) -> None:
    (d / "box.xml").write_text(BOX_CONFIG)
    (d / "ner.xml").write_text(NER_CONFIG)
    box_tasks(d / "box.json", n)
    ner_tasks(d / "ner.json", n)
    runs = [
        ("coco", "box", "COCO", "coco.json"),
        ("yolo", "box", "YOLO", "yolo"),
        ("conll2003", "ner", "CONLL2003", "out.conll"),
    ]
    for fmt, kind, sdk_fmt, out in runs:
        mib = (d / f"{kind}.json").stat().st_size / 2**20

        def cli(target: Path, kind: str = kind, fmt: str = fmt) -> list[str]:
            return [sys.executable, "-m", "labelconfig.cli", "export", str(d / f"{kind}.json"),
                    "--config", str(d / f"{kind}.xml"), "--to", fmt, "-o", str(target)]  # fmt: skip

        def sdk(target: Path, kind: str = kind, sdk_fmt: str = sdk_fmt) -> list[str]:
            assert sdk_python is not None
            return [sdk_python, "-c", SDK_SCRIPT, str(d / f"{kind}.xml"), str(d / f"{kind}.json"),
                    str(target), sdk_fmt]  # fmt: skip

        tools: list[tuple[str, Callable[[Path], list[str]], Path, bool]] = [
            ("labelconfig", cli, d / "lc", False)
        ]
        if sdk_python:
            tools.append(("sdk", sdk, d / "sdk", True))
        # The tools take turns, run after run: a burst of other work on a shared machine then slows
        # both rather than one, so the ratio holds better than the absolute times.
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name, *_ in tools}
        for k in range(repeat):
            for name, argv, base, as_dir in tools:
                runs[name].append(_timed(argv(base / f"{k}-{out}"), base / f"{k}-{out}", as_dir))
        best = {name: min(r) for name, r in runs.items()}  # the run with the least wall time
        for name, argv, base, as_dir in tools:
            target = base / f"peak-{out}"
            _fresh(target, as_dir)
            peak = _peak(argv(target))
            label = (
                f"({mib:.0f} MiB input)"
                if name == "labelconfig"
                else f"({best[name][0] / best['labelconfig'][0]:.1f}x)"
            )
            first = f"{n:>7} {fmt:<10}" if name == "labelconfig" else f"{'':>7} {'':<10}"
            wall, user, system = best[name]
            times = f"{wall:>8.2f} {user:>7.2f} {system:>6.2f}"
            print(f"{first} {name:<12} {times} {peak:>9.1f}   {label}", flush=True)


if __name__ == "__main__":
    main()
