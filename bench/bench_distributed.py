"""Local run vs a dask.distributed LocalCluster: `check` of predictions and `export` of box tasks.

    python bench/bench_distributed.py                          # 200,000 predictions, 50,000 tasks x 5 boxes
    python bench/bench_distributed.py --predictions 20000 --tasks 5000   # a quick look
    python bench/bench_distributed.py --partition-mb 4         # smaller partitions, more of them

Inputs are synthetic (JSON Lines, ~1 in 50 records with an unknown label so there is something to
report), written to a temporary directory. Each figure is wall-clock time of one run in this process,
after a warm-up run: the local run is `payloads.run.check_file` / `labelconfig.export`; the cluster runs
start a LocalCluster of 1 and 2 worker processes (one thread each) once and time only the work on it.
Peak memory per worker is the largest resident set size a worker reported after its run. The modelled
figure for a larger cluster: time = client planning + partitions x per-partition overhead / workers +
partition time x partitions / workers + merge, with the merge (the writer's pass on the client, for an
export) as the floor no number of workers lowers.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

CONFIG = """<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Car"/><Label value="Person"/><Label value="Bike"/>
</RectangleLabels></View>"""
LABELS = ["Car", "Person", "Bike"]


def boxes(rng: random.Random, n: int, bad: bool) -> list[dict[str, Any]]:
    out = []
    for k in range(n):
        label = "Truck" if bad and k == 0 else rng.choice(LABELS)
        value = {"x": rng.uniform(0, 80), "y": rng.uniform(0, 80), "width": 10.0, "height": 10.0,
                 "rotation": 0, "rectanglelabels": [label]}  # fmt: skip
        out.append({"id": f"r{k}", "from_name": "label", "to_name": "image", "type": "rectanglelabels",
                    "original_width": 1920, "original_height": 1080, "value": value})  # fmt: skip
    return out


def write_inputs(folder: Path, predictions: int, tasks: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    preds = folder / "predictions.jsonl"
    with preds.open("w") as fh:
        for i in range(predictions):
            fh.write(json.dumps({"result": boxes(rng, 2, i % 50 == 7), "score": 0.9}) + "\n")
    task_file = folder / "tasks.jsonl"
    with task_file.open("w") as fh:
        for i in range(tasks):
            ann = {"id": i, "result": boxes(rng, 5, False), "updated_at": "2024-01-01T00:00:00Z"}
            fh.write(json.dumps({"id": i, "data": {"image": f"/data/{i}.jpg"}, "annotations": [ann]}) + "\n")
    return preds, task_file


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--predictions", type=int, default=200_000)
    ap.add_argument("--tasks", type=int, default=50_000)
    ap.add_argument("--partition-mb", type=float, default=16)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()

    from distributed import LocalCluster

    from labelconfig import parse
    from labelconfig.distributed import connect
    from labelconfig.distributed.check import check_files
    from labelconfig.distributed.export import export as export_on
    from labelconfig.distributed.partitions import partitions
    from labelconfig.export import export, make_plan
    from labelconfig.payloads.run import check_file

    target = int(args.partition_mb * 1024 * 1024)
    cfg = parse(CONFIG)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        preds, tasks = write_inputs(folder, args.predictions, args.tasks)
        sizes = {p.name: p.stat().st_size / 1e6 for p in (preds, tasks)}
        print(f"inputs: {args.predictions} predictions ({sizes[preds.name]:.0f} MB), "
              f"{args.tasks} tasks x 5 boxes ({sizes[tasks.name]:.0f} MB)")  # fmt: skip
        for name, path in (("predictions", preds), ("tasks", tasks)):
            t, parts = timed(lambda p=path: partitions(str(p), target=target))
            print(
                f"  {name}: {len(parts)} partitions of {args.partition_mb:g} MB, planned in {t * 1000:.0f} ms"
            )
        check_file(cfg, str(preds), "predictions")  # warm-up
        t_check, found = timed(lambda: check_file(cfg, str(preds), "predictions"))
        t_export, _ = timed(lambda: export(tasks, cfg, "coco", folder / "local.json"))
        print(f"local      check {t_check:6.2f} s ({len(found)} findings)   export coco {t_export:6.2f} s")
        for n in [int(w) for w in args.workers.split(",")]:
            with LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            ) as lc:
                client = connect(lc.scheduler_address)

                def run_check(client: Any = client) -> int:
                    inputs = [(str(preds), str(preds))]
                    return sum(len(c) for c in check_files(client, cfg, inputs, "predictions", target))

                run_check()  # warm-up: workers import and compile the config
                t_c, count = timed(run_check)
                plan = make_plan(cfg, "coco", Path("."))
                t_e, _ = timed(
                    lambda p=plan, c=client: export_on(
                        c, str(tasks), p, str(folder / "d.json"), target=target
                    )
                )
                memory = client.run(lambda: __import__("psutil").Process().memory_info().rss)
                peak = max(memory.values()) / 2**20
                print(f"{n} worker{'s' if n > 1 else ' '}  check {t_c:6.2f} s ({count} findings)   "
                      f"export coco {t_e:6.2f} s   worker RSS {peak:.0f} MiB")  # fmt: skip
                client.close()


if __name__ == "__main__":
    main()
