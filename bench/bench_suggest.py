"""Did-you-mean cost: 10,000 unknown labels against a 5,000-option <Choices> (issue item 11).

Prints the time of the suggestion searches alone, today's index against the plain difflib scan it
replaced (timed on a sample and scaled, since the full difflib run takes minutes; `--full` runs it
all), checks both give the same suggestions on that sample, and times the whole payload check.

    python bench/bench_suggest.py [--labels 5000] [--unknown 10000] [--sample 300] [--full]
"""

from __future__ import annotations

import argparse
import random
import string
import time
from difflib import get_close_matches

import labelconfig
from labelconfig import suggest


def difflib_closest(word: str, pool: tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """The search as it was before the index: every candidate through difflib."""
    lowered = word.lower()
    for c in pool:
        if c.lower() == lowered:
            return c
    squashed = lowered.replace(" ", "").replace("_", "").replace("-", "")
    for c in pool:
        if c.lower().replace(" ", "").replace("_", "").replace("-", "") == squashed:
            return c
    by_lower = {c.lower(): c for c in pool}
    match = get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def make_case(n_labels: int, n_unknown: int, seed: int = 7) -> tuple[tuple[str, ...], list[str]]:
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(400)]
    labels = tuple(dict.fromkeys(f"{rng.choice(words)} {rng.choice(words)} {i}" for i in range(n_labels)))
    unknown = []
    for i in range(n_unknown):
        base = list(rng.choice(labels))
        base[rng.randrange(len(base))] = rng.choice(string.ascii_lowercase)  # a typo
        unknown.append("".join(base) + ("" if i % 3 else " x"))
    return labels, unknown


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=int, default=5000)
    ap.add_argument("--unknown", type=int, default=10000)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--full", action="store_true", help="run difflib over every unknown label (minutes)")
    args = ap.parse_args()
    labels, unknown = make_case(args.labels, args.unknown)
    sample = unknown if args.full else unknown[: args.sample]

    t = time.perf_counter()
    old = [difflib_closest(w, labels) for w in sample]
    before = (time.perf_counter() - t) * len(unknown) / len(sample)

    suggest._CACHE.clear()
    t = time.perf_counter()
    new = [suggest.closest(w, labels) for w in unknown]
    after = time.perf_counter() - t
    same = sum(a == b for a, b in zip(old, new, strict=False))

    print(f"{len(unknown)} unknown labels against {len(labels)} options")
    scaled = "" if args.full else f" (scaled from {len(sample)})"
    print(f"  before (difflib scan): {before:8.2f} s{scaled}")
    print(f"  after  (index):        {after:8.2f} s   x{before / after:.0f}")
    print(f"  same suggestion on {same}/{len(sample)} compared")

    choices = "".join(f'<Choice value="{x}"/>' for x in labels)
    cfg = labelconfig.parse(
        f'<View><Text name="t" value="$t"/><Choices name="c" toName="t">{choices}</Choices></View>'
    )
    records = [
        {"result": [{"from_name": "c", "to_name": "t", "type": "choices", "value": {"choices": [w]}}]}
        for w in unknown
    ]
    suggest._CACHE.clear()
    t = time.perf_counter()
    found = sum(len(cfg.check_prediction(r)) for r in records)
    print(f"  whole check_prediction run: {time.perf_counter() - t:.2f} s ({found} findings)")


if __name__ == "__main__":
    main()
