"""Exports in worker processes: one per share of the input (`reader.parts`), then the writer's merge.

Workers are forked, so they share the compiled config, the plan and the fast lane without pickling
them; each sends back only its writer's state and its tally. A part that fails (a broken file, a cut
its reading disproves, any error) or a merge that finds the parts disagreeing (`parts.Conflict`)
makes the caller export in one pass instead, which reports errors where they are.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any, Final

from ..payloads.reader import Part, parts
from .parts import Conflict
from .plan import Plan
from .records import Source, Which, selected
from .tally import Tally

_SHARED: dict[str, Any] = {}  # what forked workers inherit from the parent
PROGRESS_EVERY: Final = 512  # tasks a worker exports between progress reports
# One part per worker: with three, finding the cuts (brace counts over the file) cost more than the
# earlier renumbering saved (50,000 box tasks to COCO on two cores: 1.88 s against 1.74 s).
PARTS_PER_JOB: Final = 1


@dataclass(frozen=True)
class _Outcome:
    state: Any
    tally: Tally
    failed: str | None  # why the part did not export (None: it did)
    tasks: int


def in_parts(
    plan: Plan,
    writer_class: Any,
    tasks: str,
    which: Which,
    source: Source,
    lane: Any,
    suspect: Any,
    progress: Callable[[int], None] | None,
    jobs: int,
) -> bool:
    """Export `tasks` in up to `jobs` parts; False (having undone the parts) when one pass must do it."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False  # workers share the plan by forking (Windows cannot): one pass
    shares = parts(tasks, jobs * PARTS_PER_JOB)
    if len(shares) < 2:
        return False
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    _SHARED.update(
        plan=plan,
        writer=writer_class,
        tasks=tasks,
        which=which,
        source=source,
        lane=lane,
        suspect=suspect,
        counter=counter,
    )
    reported = 0
    prepare = getattr(writer_class, "prepare", None)
    outcomes: list[_Outcome | None] = []
    try:
        with ProcessPoolExecutor(min(jobs, len(shares)), mp_context=ctx, initializer=_quiet) as pool:
            # Workers start with Ctrl-C held back until their quiet handler is in (see `_quiet`).
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                futures = [pool.submit(_part, k, share) for k, share in enumerate(shares)]
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            while True:
                done, pending = wait(futures, timeout=0.2, return_when=FIRST_EXCEPTION)
                if progress is not None and counter.value > reported:
                    progress(counter.value - reported)
                    reported = counter.value
                if any(f.exception() is not None for f in done):
                    break
                # Parts finished in file order are prepared now, beside the workers.
                while len(outcomes) < len(futures) and futures[len(outcomes)].done():
                    o = futures[len(outcomes)].result()
                    if prepare is not None and o.failed is None and all(x is not None for x in outcomes):
                        before = [x.state for x in outcomes if x is not None]
                        o = replace(o, state=prepare(plan, o.state, before, pool.submit))
                    outcomes.append(o)
                if not pending:
                    break
            # A worker that died (killed, out of memory) leaves no state: its part counts as failed.
            outcomes += [f.result() if f.exception() is None else None for f in futures[len(outcomes) :]]
    finally:
        _SHARED.clear()
    states = [o.state for o in outcomes if o is not None]
    try:
        if any(o is None or o.failed is not None for o in outcomes):
            raise Conflict("a part did not export")
        writer_class.merge(plan, states)
    except Conflict:
        writer_class.undo(plan, states)
        if progress is not None and reported:
            progress(-reported)  # one pass counts every task again
        return False
    done_parts = [x for x in outcomes if x is not None]
    for x in done_parts:
        plan.tally.add(x.tally)
    if progress is not None:
        progress(sum(x.tasks for x in done_parts) - reported)
    return True


def _quiet() -> None:
    # Ctrl-C reaches the whole process group: the parent reports it, a worker just stops. Forked with
    # SIGINT blocked, a worker takes a Ctrl-C only once this handler is in, so none prints a traceback.
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _part(k: int, share: Part) -> _Outcome:
    s = _SHARED
    plan = replace(s["plan"], tally=Tally())
    writer = s["writer"](plan, k)
    counter = s["counter"]
    n = 0
    failed = None
    try:
        found = selected(
            plan.cfg, s["tasks"], s["which"], s["source"], plan.tally, s["suspect"], s["lane"], share
        )
        for _, task, chosen in found:
            writer.write(task, chosen)
            n += 1
            if n % PROGRESS_EVERY == 0:
                with counter.get_lock():
                    counter.value += PROGRESS_EVERY
    except Exception as exc:  # any failure sends the export to one pass, which reports it
        failed = f"{type(exc).__name__}: {exc}"
    return _Outcome(writer.close(), plan.tally, failed, n)
