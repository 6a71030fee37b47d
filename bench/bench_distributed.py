"""Local run vs dask.distributed LocalClusters of 1 and 2 workers: `check` and `export`, and a model.

    python bench/bench_distributed.py                          # 200,000 predictions, 50,000 tasks x 5 boxes
    python bench/bench_distributed.py --predictions 20000 --tasks 5000 --rounds 1   # a quick look
    python bench/bench_distributed.py --partition-mb 4         # smaller partitions, more of them

Inputs are synthetic (JSON Lines, ~1 in 50 predictions with an unknown label so there is something to
report), written to a temporary directory. Every cluster (one thread per worker process) is started
once; each round then runs local, 1 worker, 2 workers, ... one after the other, so a machine shared
with other work slows all of them alike, and each figure is the best of its rounds (with the load
average at the time). Memory per worker is the largest resident set a worker reports after the runs.

The model of a larger cluster, from figures measured here:
- partition work: the CPU time of one partition converted (or checked) in this process, as a worker
  runs it, per MB;
- per-partition overhead: a round trip of an empty task on the 1-worker cluster, twice for an export
  (a partition of images is converted, then numbered on the worker that holds it);
- merge: the client's CPU time in the export on the 1-worker cluster: naming images, mapping classes,
  writing the output. Workers overlap with it, so it is the floor:
      time(N) = planning + max(merge, partitions x (work + overhead) / N)
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
PARTITION = 16 * 1024 * 1024  # --partition-mb


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


def cpu() -> float:
    """CPU seconds this process has used (run on each worker through `client.run` too)."""
    import os

    t = os.times()
    return t.user + t.system


def cpu_timed(fn: Any) -> float:
    """CPU seconds `fn` takes: what a worker of its own would spend, whatever else the machine runs."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--predictions", type=int, default=200_000)
    ap.add_argument("--tasks", type=int, default=50_000)
    ap.add_argument("--partition-mb", type=float, default=16)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from contextlib import ExitStack

    from distributed import LocalCluster

    from labelconfig import parse
    from labelconfig.distributed import connect
    from labelconfig.distributed import export as on_dask
    from labelconfig.distributed.check import check_files, check_partition
    from labelconfig.distributed.partitions import partitions
    from labelconfig.export import export, make_plan
    from labelconfig.payloads.run import check_file

    global PARTITION
    target = PARTITION = int(args.partition_mb * 1024 * 1024)
    cfg = parse(CONFIG)
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        preds, tasks = write_inputs(folder, args.predictions, args.tasks)
        parts = {}
        plan_t = {}
        for name, path in (("predictions", preds), ("tasks", tasks)):
            plan_t[name], parts[name] = timed(
                lambda p=path: partitions(str(p), target=target, workers=max(counts))
            )
            size = path.stat().st_size / 1e6
            print(f"{name}: {size:.0f} MB in {len(parts[name])} partitions for {max(counts)} workers "
                  f"(at most {args.partition_mb:g} MB), planned in {plan_t[name] * 1000:.0f} ms")  # fmt: skip
        clients = {}
        for n in counts:
            lc = stack.enter_context(
                LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0")
            )
            clients[n] = connect(lc.scheduler_address)
            stack.callback(clients[n].close)

        def local_check() -> int:
            return len(check_file(cfg, str(preds), "predictions"))

        def local_export() -> int:
            return export(tasks, cfg, "coco", folder / "local.json").written

        def cluster_check(client: Any) -> int:
            found = check_files(client, cfg, [(str(preds), str(preds))], "predictions", target)
            return sum(len(c) for c in found)

        def cluster_export(client: Any) -> int:
            plan = make_plan(cfg, "coco", Path("."))
            return on_dask.export(client, str(tasks), plan, str(folder / "d.json"), target=target).written

        runs: dict[str, Any] = {"local": (local_check, local_export)}
        for n, client in clients.items():
            runs[f"{n} worker{'s' if n > 1 else ''}"] = (
                lambda c=client: cluster_check(c),
                lambda c=client: cluster_export(c),
            )
        for check, export_run in runs.values():  # warm-up: imports, compiled configs on every worker
            check()
            export_run()
        best: dict[tuple[str, str], tuple[float, str, int]] = {}
        # CPU seconds do not depend on what else the machine runs: (busiest worker, client), least
        # of the rounds.
        busy: dict[tuple[str, str], tuple[float, float]] = {}
        merge = float("inf")
        for r in range(args.rounds):
            for label, (check, export_run) in runs.items():
                client = clients.get(int(label.split()[0])) if label != "local" else None
                for what, fn in (("check", check), ("export", export_run)):
                    avg = load()
                    before = (client.run(cpu) if client else {}), cpu()
                    t, count = timed(fn)
                    after = (client.run(cpu) if client else {}), cpu()
                    used = max((after[0][w] - before[0][w] for w in after[0]), default=0.0)
                    mine = after[1] - before[1]
                    if label == "1 worker" and what == "export":
                        merge = min(merge, mine)
                    if (label, what) not in best or t < best[label, what][0]:
                        best[label, what] = (t, avg, count)
                    old = busy.get((label, what), (float("inf"), float("inf")))
                    busy[label, what] = (min(old[0], used), min(old[1], mine))
            print(f"round {r + 1}: " + ", ".join(f"{k[0]} {k[1]} {v[0]:.2f}" for k, v in best.items()))
        rss = {}
        for n, client in clients.items():
            memory = client.run(lambda: __import__("psutil").Process().memory_info().rss)
            rss[n] = max(memory.values()) / 2**20
        print()
        print(f"{'run':<10} {'check':>22} {'export coco':>24}")
        for label in runs:
            c, e = best[label, "check"], best[label, "export"]
            n = int(label.split()[0]) if label != "local" else 0
            mem = f"   worker RSS {rss[n]:.0f} MiB" if n else ""
            print(f"{label:<10} {c[0]:6.2f} s (load {c[1]:>5}) {e[0]:6.2f} s (load {e[1]:>5}){mem}")
        print("CPU seconds (busiest worker / client):")
        for label in runs:
            if label != "local":
                (cw, cc), (ew, ec) = busy[label, "check"], busy[label, "export"]
                print(f"{label:<10} check {cw:5.2f} / {cc:5.2f}   export {ew:5.2f} / {ec:5.2f}")
        if 1 in clients and 2 in clients:
            for what in ("check", "export"):
                ratio = best["1 worker", what][0] / best["2 workers", what][0]
                print(f"{what}: 2 workers are {ratio:.2f}x one worker")
        model(clients[counts[0]], cfg, parts, plan_t, merge, on_dask, check_partition)


def model(client: Any, cfg: Any, parts: dict[str, Any], plan_t: dict[str, float], merge: float,
          on_dask: Any, check_partition: Any) -> None:  # fmt: skip
    """Per-partition figures and the modelled time of N workers (work grows with bytes; a file is cut
    into more partitions for more workers, each paying the task overhead)."""
    from labelconfig.distributed.partitions import partitions
    from labelconfig.export import make_plan

    start = time.perf_counter()
    for _ in range(20):
        client.submit(int, 0, pure=False).result()
    overhead = (time.perf_counter() - start) / 20
    tasks, preds = (parts[k][len(parts[k]) // 2] for k in ("tasks", "predictions"))
    total = {k: v[-1].end for k, v in parts.items()}
    plan = make_plan(cfg, "coco", Path("."))
    options = on_dask.Options(cfg.text, "coco", tuple(c.name for c in plan.controls), "newest", "annotations")

    def export_work() -> None:
        held = on_dask.convert_partition(tasks, options)
        summary = on_dask.summarize(held)
        names = [(f"image{i}", ".jpg") for i in range(len(summary.keys))]
        on_dask.render(held, on_dask.Numbering("coco", names, (1, 1), None))

    export_work()  # warm-up
    per_mb = {"tasks": cpu_timed(export_work) / ((tasks.end - tasks.start) / 1e6)}
    check_partition(preds, cfg.text, "predictions")
    work = cpu_timed(lambda: check_partition(preds, cfg.text, "predictions"))
    per_mb["predictions"] = work / ((preds.end - preds.start) / 1e6)
    print()
    print(f"per-partition overhead (an empty task's round trip): {overhead * 1000:.1f} ms")
    print(f"work: check {per_mb['predictions']:.3f} s/MB, export {per_mb['tasks']:.3f} s/MB "
          f"(CPU of one partition in this process); client merge of the export {merge:.2f} s")  # fmt: skip
    print(f"{'workers':>8} {'partitions':>10} {'check (modelled)':>17} {'export (modelled)':>18}")
    for n in (1, 2, 4, 8, 16, 32, 64):
        counts = {k: len(partitions(v[0].url, target=PARTITION, workers=n)) for k, v in parts.items()}
        c = plan_t["predictions"] + (per_mb["predictions"] * total["predictions"] / 1e6
                                     + counts["predictions"] * overhead) / n  # fmt: skip
        e_work = (per_mb["tasks"] * total["tasks"] / 1e6 + counts["tasks"] * 2 * overhead) / n
        e = plan_t["tasks"] + max(merge, e_work)
        bound = "  (the merge bounds it)" if merge >= e_work else ""
        print(f"{n:>8} {counts['tasks']:>10} {c:>15.2f} s {e:>16.2f} s{bound}")


if __name__ == "__main__":
    main()
