"""Peak memory of `labelconfig check --predictions` when every record is bad, per output format.

    python bench/bench_memory.py                    # ~30 MB file, every format
    python bench/bench_memory.py --mb 5 --formats text json
    python bench/bench_memory.py --extra=--max-per-code=100    # pass options to every run
    PYTHONPATH=/tmp/old-checkout python bench/bench_memory.py   # measure another version

The file is JSON Lines, written to a temporary directory and deleted afterwards. Each record has an
unknown label (LC808) and a score of 87 (LC903), so the number of diagnostics grows with the file:
any formatter that keeps them all in memory shows up as peak RSS growing with `--mb`. Each run is its
own process; peak RSS is that process's `ru_maxrss` from `os.wait4`, output goes to /dev/null.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>
"""
FORMATS = ("text", "json", "github", "sarif", "junit")


def write_payload(path: Path, megabytes: float) -> int:
    """An all-bad prediction file of about `megabytes` MB; returns the number of records."""
    target = int(megabytes * 1024 * 1024)
    written = records = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            line = json.dumps(
                {
                    "result": [
                        {
                            "id": f"r{records}",
                            "from_name": "sentiment",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": ["positive"]},
                        }
                    ],
                    "score": 87,
                    "model_version": "bench",
                }
            )
            fh.write(line + "\n")
            written += len(line) + 1
            records += 1
    return records


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit status) of one whole process."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with {proc.returncode}:\n{err.decode(errors='replace')}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=30.0, help="size of the generated file (default 30)")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--extra", action="append", default=[], help="extra option for every run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lc-bench-memory-") as tmp:
        config = Path(tmp) / "config.xml"
        config.write_text(CONFIG, encoding="utf-8")
        payload = Path(tmp) / "all-bad.jsonl"
        records = write_payload(payload, args.mb)
        size = payload.stat().st_size / 1024 / 1024
        figures = {}
        for fmt in args.formats:
            cmd = [sys.executable, "-m", "labelconfig.cli", "check", str(config), "--predictions"]
            cmd += [str(payload), "--format", fmt, *args.extra]
            rss, seconds, status = measure(cmd)
            figures[fmt] = {"peak_rss_mb": round(rss, 1), "seconds": round(seconds, 2), "exit": status}
    if args.json:
        print(json.dumps({"file_mb": round(size, 1), "records": records, "runs": figures}, indent=2))
        return
    print(f"all-bad JSON Lines: {size:.1f} MB, {records:,} records, 2 diagnostics each")
    print(f"{'format':<8} {'peak RSS':>10} {'seconds':>8}  exit")
    for fmt, f in figures.items():
        print(f"{fmt:<8} {f['peak_rss_mb']:>7.1f} MB {f['seconds']:>8.2f}  {f['exit']}")


if __name__ == "__main__":
    main()
