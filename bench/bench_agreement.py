"""Whole-process time and peak memory of `labelconfig agreement`, `consensus` and `review-sample` on a
synthetic export: 20,000 tasks x 3 annotators, each answering a Choices and drawing 5 boxes.

    python bench/bench_agreement.py                     # 20,000 tasks, JSON array export
    python bench/bench_agreement.py --tasks 2000 --lines  # smaller, JSON Lines

Measured 2026-11-29 (2 cores, shared, load ~3.5), 20,000 tasks, 98 MB JSON array (streamed):
agreement text 17.0 s / 63 MB peak RSS, html 16.8 s / 65 MB, consensus 26.6 s / 47 MB,
review-sample 19.3 s / 66 MB. About 0.85 ms per task, spread over linting, reading results and
matching boxes; memory stays flat (the array is streamed, only per-task summaries are kept).

The export is written to a temporary directory and deleted afterwards. Each command is its own
process; peak RSS is that process's `ru_maxrss` from `os.wait4`, output goes to /dev/null.
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
from pathlib import Path
from typing import Any

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="scene" toName="image" choice="single">
    <Choice value="Street"/><Choice value="Park"/><Choice value="Indoor"/>
  </Choices>
  <RectangleLabels name="box" toName="image">
    <Label value="Car"/><Label value="Person"/>
  </RectangleLabels>
</View>
"""


def _annotation(
    rng: random.Random, who: int, scene: str, boxes: list[tuple[float, float, str]]
) -> dict[str, Any]:
    result: list[dict[str, Any]] = [
        {
            "id": f"c{who}",
            "from_name": "scene",
            "to_name": "image",
            "type": "choices",
            "value": {"choices": [scene]},
        }
    ]
    for k, (x, y, label) in enumerate(boxes):
        jitter = rng.uniform(-1.5, 1.5)
        value = {
            "x": x + jitter,
            "y": y,
            "width": 12.0,
            "height": 10.0,
            "rotation": 0,
            "rectanglelabels": [label],
        }
        result.append(
            {
                "id": f"b{who}{k}",
                "from_name": "box",
                "to_name": "image",
                "type": "rectanglelabels",
                "original_width": 1280,
                "original_height": 720,
                "image_rotation": 0,
                "value": value,
            }
        )
    return {"id": who, "completed_by": who, "was_cancelled": False, "result": result}


def task(rng: random.Random, i: int) -> dict[str, Any]:
    truth = [(rng.uniform(0, 85), rng.uniform(0, 85), rng.choice(["Car", "Person"])) for _ in range(5)]
    annotations = []
    for who in (1, 2, 3):
        scene = rng.choice(["Street", "Park", "Indoor"]) if rng.random() < 0.2 else "Street"
        annotations.append(_annotation(rng, who, scene, truth))
    return {"id": i, "data": {"image": f"/data/{i}.jpg"}, "annotations": annotations}


def write_export(path: Path, tasks: int, lines: bool) -> None:
    rng = random.Random(0)
    with path.open("w", encoding="utf-8") as fh:
        if not lines:
            fh.write("[\n")
        for i in range(tasks):
            if i and not lines:
                fh.write(",\n")
            fh.write(json.dumps(task(rng, i)))
            if lines:
                fh.write("\n")
        if not lines:
            fh.write("\n]\n")


def run(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--lines", action="store_true", help="JSON Lines instead of a JSON array")
    options = parser.parse_args()
    cli = [sys.executable, "-m", "labelconfig.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        config, export = (
            Path(tmp) / "config.xml",
            Path(tmp) / ("export.jsonl" if options.lines else "export.json"),
        )
        config.write_text(CONFIG, encoding="utf-8")
        write_export(export, options.tasks, options.lines)
        size = export.stat().st_size / 1e6
        print(f"{options.tasks} tasks x 3 annotators (choices + 5 boxes each), {size:.0f} MB export")
        commands = {
            "agreement (text)": ["agreement", str(export), "--config", str(config)],
            "agreement (html)": ["agreement", str(export), "--config", str(config), "--format", "html"],
            "consensus": [
                "consensus",
                str(export),
                "--config",
                str(config),
                "-o",
                str(Path(tmp) / "out.json"),
            ],
            "review-sample": [
                "review-sample",
                str(export),
                "--config",
                str(config),
                "--rate",
                "0.2",
                "--seed",
                "1",
            ],
        }
        for name, args in commands.items():
            seconds, mb, code = run([*cli, *args])
            print(f"  {name:<18} {seconds:7.1f} s  peak RSS {mb:6.0f} MB  exit {code}")


if __name__ == "__main__":
    main()
