"""Training formats back to Label Studio tasks: `import_tasks("coco", src, out)`.

Every importer writes a JSON array of tasks (streamed), as annotations or predictions, and can write
the config those tasks lint clean against (`config_out`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any, Final

from ..export.formats import FORMATS
from .common import As, ImportInputError, Seen, image_config, text_config, write_tasks

# Which formats read back: declared once in the format table; each reader lives in its format's
# module, beside the writer (`labelconfig.export.coco` ...).
IMPORTERS: Final = tuple(name for name, spec in FORMATS.items() if spec.reads)


def _tasks(
    fmt: str, src: Path, as_: As, seen: Seen, root: str, size: tuple[float, float] | None
) -> Iterator[dict[str, Any]]:
    module = import_module(f"..export.{FORMATS[fmt].module}", __package__)
    tasks: Iterator[dict[str, Any]] = module.read(src, fmt, as_, seen, root, size)
    return tasks


def import_tasks(
    fmt: str,
    src: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    as_: As = "annotations",
    config_out: str | os.PathLike[str] | None = None,
    image_root: str = "",
    image_size: tuple[float, float] | None = None,
) -> Seen:
    """Convert `src` (a COCO/CoNLL file, or a YOLO/VOC folder) to Label Studio tasks at `out`.
    Raises `ImportInputError` (an `ExportError`) naming the file and line of bad input."""
    if fmt not in IMPORTERS:
        raise ImportInputError(f"unknown import format `{fmt}` (one of {', '.join(IMPORTERS)})")
    src_path, out_path = Path(src), Path(out)
    if not src_path.exists():
        raise ImportInputError(f"{src}: no such file or folder")
    if out_path.exists() and out_path.resolve() == src_path.resolve():
        raise ImportInputError(f"{out}: the output would overwrite the input; choose another -o")
    seen = Seen()
    write_tasks(out_path, _tasks(fmt, src_path, as_, seen, image_root, image_size), seen)
    if config_out is not None:
        xml = text_config(seen) if fmt == "conll2003" else image_config(seen)
        Path(config_out).write_text(xml, encoding="utf-8")
    return seen


__all__ = ["IMPORTERS", "ImportInputError", "Seen", "import_tasks"]
