"""A TimeSeries' data as the page draws it: the task's own object of columns (`valueType="json"`) or a
CSV file beside the task file (`valueType="url"`), read at render time and embedded in the page, which
may fetch nothing. Columns are read as Label Studio's editor reads them (header detection, lower-cased
names, numbers where a cell is one), so channels and time columns resolve to the same data."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import orjson
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..payloads.api import Config
from ..payloads.data import data_uses
from ..payloads.shapes import SHAPES
from ..tags.model import Shape
from .tree import Node

# A CSV larger than this is refused with a note: the page embeds all of it.
MAX_CSV_BYTES: Final = 64 * 1024 * 1024
# Label Studio's spellings of separators longer than one character (else its first character counts).
_SEPARATORS: Final = {"tab": "\t", "\\t": "\t", "space": " ", "comma": ",", "dot": "."}
# What JavaScript's unary `+` reads as a finite number (the editor keeps every other cell as text).
_NUMBER: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
# Characters no plain decimal number has (Python's float() also reads `inf`, `nan` and `1_000`; `+cell`
# in JavaScript does not).
_NOT_NUMERIC: Final = re.compile(r"[^0-9eE.+\-\s]")
_FRACTION: Final = re.compile(r"[.eE]")
_REMOTE: Final = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Series:
    """Columns by the names channels use, and the header row (empty for JSON data) that a numeric
    `column="2"` indexes into."""

    columns: dict[str, list[Any]]
    headers: list[str] = field(default_factory=list)

    def page_json(self) -> Markup:
        """The data as JSON safe inside a <script> element; orjson writes 100,000 rows in a few
        milliseconds where the json module takes most of a second."""
        data = {"columns": self.columns, "headers": self.headers}
        return htmlsafe_json_dumps(data, dumps=lambda obj, **_: orjson.dumps(obj).decode("utf-8"))


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why the page cannot draw this TimeSeries (shown in its place; its labels stay read-only)."""

    reason: str


def load(node: Node, task_dir: Path | None) -> Series | Unavailable:
    """The data of one TimeSeries node, or why there is none to draw."""
    if not node.found:
        return Unavailable(f"No task data for TimeSeries {node.name}.")
    if node.setting("valueType") == "json":
        return _columns(node.data, f"the task's `{node.get('value')}`")
    if not isinstance(node.data, str) or not node.data.strip():
        return Unavailable(
            f'TimeSeries {node.name} reads a CSV file (valueType="url") but the task gives no file name: '
            'give the CSV\'s path, or set valueType="json" for columns in the task.'
        )
    ref = node.data.strip()
    if _REMOTE.match(ref) and not ref.lower().startswith("file:"):
        return Unavailable(
            f"The CSV of TimeSeries {node.name} is at {ref}: this page loads nothing from the network. "
            "Save the file beside the task file and give its path relative to it."
        )
    if task_dir is None:
        return Unavailable(
            f"The CSV of TimeSeries {node.name} ({ref}) is read from beside the task file: "
            "render with a task file (--task/--tasks) or pass task_dir."
        )
    return read_csv(task_dir, ref.removeprefix("file://").removeprefix("file:"), node.setting("sep") or "")


def preview(cfg: Config, node: Node) -> Series | Unavailable:
    """With no task, the series the samples give a TimeSeries (columns named as a CSV header reads them),
    whatever its valueType: a config alone previews as a chart to brush on, as other objects preview."""
    use = next((u for u in data_uses(cfg) if u.element is node.element), None)
    if use is None:
        return load(node, None)
    columns = SHAPES[Shape.TIMESERIES].example(use)
    return _columns({str(k).lower(): v for k, v in columns.items()}, "the sample series")


def read_csv(task_dir: Path, ref: str, sep: str) -> Series | Unavailable:
    """A CSV (or JSON) file under `task_dir`: a task may not embed files from elsewhere on this machine."""
    root = task_dir.resolve()
    path = (root / ref).resolve()
    if not path.is_relative_to(root):
        return Unavailable(f"{ref}: only files in the task file's folder ({root}) are read into the page.")
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            return Unavailable(f"{path}: {size:,} bytes is more than a page embeds ({MAX_CSV_BYTES:,}).")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return Unavailable(f"{path}: no such file (the TimeSeries data is read from beside the task file).")
    except UnicodeDecodeError as exc:
        return Unavailable(f"{path}: not UTF-8 text (byte {exc.start}): save the CSV as UTF-8.")
    except OSError as exc:
        return Unavailable(f"{path}: cannot read the file ({exc.strerror or exc}).")
    if text.lstrip().startswith("{"):  # the editor takes a JSON object of columns at the URL as well
        try:
            return _columns(orjson.loads(text), str(path))
        except orjson.JSONDecodeError as exc:
            return Unavailable(f"{path}: not valid JSON ({exc}).")
    return parse_csv(text, sep, str(path))


def parse_csv(text: str, sep: str, where: str) -> Series | Unavailable:
    """Label Studio's reading of a CSV: a first row whose cells differ from the second's in being
    numbers is the header (names lower-cased), else the columns are named "0", "1" ..."""
    separator = _SEPARATORS.get(sep, sep[:1]) if len(sep) > 1 else sep
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return Unavailable(f"{where}: a time series needs at least two rows.")
    if separator in ("", "auto"):
        found = set(re.findall(r"[,;\s]", lines[1].strip()))
        if len(found) != 1:
            return Unavailable(f'{where}: cannot tell the separator; set it with <TimeSeries sep=",">.')
        separator = found.pop()
    if separator not in lines[0]:
        return Unavailable(f'{where}: line 1 has no separator "{separator}"; set <TimeSeries sep="...">.')
    rows = list(csv.reader(io.StringIO("\n".join(line.strip() for line in lines)), delimiter=separator))
    first, second = rows[0], rows[1]
    if len(first) != len(second):
        return Unavailable(f"{where}: line 2 has {len(second)} fields, the first line {len(first)}.")
    header = any((_number(a) is None) != (_number(b) is None) for a, b in zip(first, second, strict=True))
    names = [n.lower() for n in first] if header else [str(i) for i in range(len(first))]
    body = rows[1:] if header else rows
    for n, row in enumerate(body, 2 if header else 1):
        if len(row) != len(names):
            return Unavailable(f"{where}: line {n} has {len(row)} fields, the first line {len(names)}.")
    cells = list(zip(*body, strict=True)) if body else [() for _ in names]
    return Series(
        {name: _column(col) for name, col in zip(names, cells, strict=True)}, names if header else []
    )


def _column(cells: tuple[str, ...]) -> list[Any]:
    """A column's cells as the editor keeps them: numbers where `+cell` is one, else the text. A column
    of plain numbers (the common case: 100,000 rows) is converted in one pass, without a pattern per cell."""
    joined = "\n".join(cells)
    if not _NOT_NUMERIC.search(joined):
        try:
            return [int(c) for c in cells] if not _FRACTION.search(joined) else [float(c) for c in cells]
        except ValueError:  # an empty cell or a lone sign: cell by cell below
            pass
    return [cell if (number := _number(cell)) is None else number for cell in cells]


def _number(cell: str) -> int | float | None:
    text = cell.strip()
    if not text:
        return 0  # as `+""` in the editor
    if not _NUMBER.fullmatch(text):
        return None
    return float(text) if _FRACTION.search(text) else int(text)


def _columns(data: Any, where: str) -> Series | Unavailable:
    if not isinstance(data, dict) or not data or not all(isinstance(v, list) for v in data.values()):
        return Unavailable(f"{where} is not an object of columns (each a list of values).")
    lengths = {len(v) for v in data.values()}
    if len(lengths) != 1:
        return Unavailable(f"{where}: the columns differ in length ({', '.join(map(str, sorted(lengths)))}).")
    return Series({str(k): v for k, v in data.items()})


def block_undrawn(
    controls: dict[str, dict[str, Any]], series: dict[str, Series | Unavailable]
) -> dict[str, dict[str, Any]]:
    """A control on a TimeSeries the page cannot draw is read-only, saying why."""
    for c in controls.values():
        drawn = series.get(c["toName"])
        if c["targetTag"] == "TimeSeries" and isinstance(drawn, Unavailable) and c["widget"]:
            c["widget"] = None
            c["blocked"] = f"This page cannot operate <{c['tag']}> here: {drawn.reason}"
    return controls
