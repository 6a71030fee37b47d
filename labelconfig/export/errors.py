"""The one error of the export and import API: `ExportError`, with the message to show the user."""

from __future__ import annotations


class ExportError(ValueError):
    """An export or import cannot run as asked, or its input cannot be read: the message says what,
    with the file and line where there is one, and what to do. Catch this one class for both
    `labelconfig.export.export(...)` and `labelconfig.imports.import_tasks(...)`."""


class ExportInputError(ExportError):
    """The export's input (tasks) cannot be read as it is; the message names the file and line."""


class ImportInputError(ExportError):
    """The import's input (a COCO/CoNLL file, a YOLO/VOC folder) cannot be read as it is."""
