"""Label Studio's own layouts, so existing users can switch: `json` (tasks with only the chosen,
linted annotations), `json-min` (one flat record per annotation) and `csv`/`tsv` (the same records as
rows, columns sorted as the SDK sorts them).

Beyond the SDK: a data key named like a control is renamed `_data_<key>` in every layout (JSON_MIN
overwrote it), rows stream through a spool file instead of reading the input three times, and
predictions can be exported too.
"""

from __future__ import annotations

import csv
import json
import tempfile
from typing import Any

import orjson

from .plan import Plan
from .records import Chosen

META = ("annotator", "annotation_id", "created_at", "updated_at", "lead_time")


def prettify(control_type: str, values: list[dict[str, Any]]) -> Any:
    """A control's values as JSON_MIN shows them: one choice or one text as a plain string."""
    out: list[Any] = []
    for v in values:
        if control_type == "choices" and len(v.get("choices", ())) == 1:
            out.append(v["choices"][0])
        elif control_type == "textarea" and len(v.get("text", ())) == 1:
            out.append(v["text"][0])
        else:
            out.append(v)
    return out[0] if control_type in ("choices", "textarea") and len(out) == 1 else out


def minimal(plan: Plan, task: dict[str, Any], c: Chosen | None) -> tuple[dict[str, Any], int]:
    """The JSON_MIN record of one annotation (or of a task without one), and how many of its
    results it carries."""
    controls = plan.model.controls
    row: dict[str, Any] = {}
    for key, value in task["data"].items():
        if key in controls:
            plan.tally.convert("data key named like a control: renamed _data_<key>")
            key = f"_data_{key}"
        row[key] = value
    row["id"] = task.get("id")
    groups: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    carried = 0
    for r in c.results if c is not None else ():
        if r.get("type") == "relation" or "from_name" not in r:
            # A row has one column per control: a link between two regions has none.
            plan.tally.skip(f"relation between regions: {plan.fmt.name} has no column for it")
            continue
        v = dict(r.get("value") or {})
        for extra in ("original_width", "original_height"):
            if extra in r:
                v[extra] = r[extra]
        groups.setdefault(str(r["from_name"]), (str(r.get("type", "")), []))[1].append(v)
        carried += 1
    for name, (kind, values) in groups.items():
        row[name] = prettify(kind, values)
    record = c.record if c is not None else {}
    meta = [c.annotator if c is not None else None, c.id if c is not None else None]
    meta += [record.get(k) for k in META[2:]]
    row.update(zip(META, meta, strict=True))
    if c is not None and c.kind == "prediction":
        row.update(annotation_id=None, prediction_id=c.id, model_version=record.get("model_version"))
    return row, carried


class Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.layout = plan.fmt.options["layout"]
        plan.out.parent.mkdir(parents=True, exist_ok=True)
        tabular = self.layout in ("csv", "tsv")
        self.fh = tempfile.TemporaryFile() if tabular else open(plan.out, "wb")  # noqa: SIM115
        self.columns: set[str] = set()
        self.count = 0
        if not tabular:
            self.fh.write(b"[")

    def _put(self, value: dict[str, Any], results: int) -> None:
        if self.layout in ("csv", "tsv"):
            self.columns.update(value)
            self.fh.write(orjson.dumps(value, default=str) + b"\n")
        else:
            self.fh.write((b",\n" if self.count else b"\n") + orjson.dumps(value, default=str))
        self.count += 1
        self.plan.tally.wrote(results, 1)

    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None:
        if self.layout == "json":
            self._put(_normalised(task, chosen), sum(len(c.results) for c in chosen))
            return
        if not chosen and (task.get("annotations") or task.get("predictions")):
            self.plan.tally.skip("task whose annotations were all left out: no row", unit="task")
            return
        for c in chosen or [None]:  # type: ignore[list-item]  # a task without annotations: data only
            self._put(*minimal(self.plan, task, c))

    def close(self) -> None:
        if self.layout in ("json", "json-min"):
            self.fh.write(b"\n]\n")
            self.fh.close()
            return
        try:
            self._table()
        finally:
            self.fh.close()

    def _table(self) -> None:
        sep = "\t" if self.layout == "tsv" else ","
        columns = sorted(self.columns)
        self.fh.seek(0)
        with open(self.plan.out, "w", encoding="utf-8", newline="") as out:
            w = csv.writer(out, delimiter=sep, quoting=csv.QUOTE_NONNUMERIC)
            w.writerow(columns)
            for line in self.fh:
                row = orjson.loads(line)
                w.writerow([_cell(row.get(k)) for k in columns])


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return "" if value is None else value
    return json.dumps(value, ensure_ascii=False)


def _normalised(task: dict[str, Any], chosen: list[Chosen]) -> dict[str, Any]:
    """The task with only the chosen annotations and predictions, each with only its linted results."""
    out = {k: v for k, v in task.items() if k not in ("annotations", "predictions", "completions", "drafts")}
    for kind in ("annotation", "prediction"):
        out[f"{kind}s"] = [{**c.record, "result": c.results} for c in chosen if c.kind == kind]
    return out
