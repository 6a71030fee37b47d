"""Reading a task file for `labelconfig render`: every failure is a TaskFileError naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson


class TaskFileError(Exception):
    """A task file that cannot be used, with the file's name in the message."""


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise TaskFileError(f"{path}: no such task file") from None
    except OSError as exc:
        raise TaskFileError(f"{path}: cannot read the task file ({exc.strerror or exc})") from None


def read_task(path: str) -> dict[str, Any]:
    """One task: bare data, or `{"data": ..., "predictions": [...], "annotations": [...]}`. A file
    holding a list (a Label Studio export) gives its first task."""
    raw = _read(path)
    try:
        task = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise TaskFileError(f"{path}: the task file is not valid JSON ({exc})") from None
    if isinstance(task, list):
        if not task:
            raise TaskFileError(f"{path}: the task list is empty")
        task = task[0]
    if not isinstance(task, dict):
        raise TaskFileError(f"{path}: a task is a JSON object, not {type(task).__name__}")
    return task


def read_tasks(path: str) -> list[dict[str, Any]]:
    """Many tasks: a JSON array (a Label Studio import or export file) or JSON Lines, each task bare
    data or a task with predictions/annotations."""
    raw = _read(path)
    try:
        loaded = orjson.loads(raw)
        tasks = loaded if isinstance(loaded, list) else [loaded]
    except orjson.JSONDecodeError as whole:
        try:
            tasks = [orjson.loads(line) for line in raw.splitlines() if line.strip()]
        except orjson.JSONDecodeError:
            raise TaskFileError(f"{path}: the task file is neither JSON nor JSON Lines ({whole})") from None
    if not tasks:
        raise TaskFileError(f"{path}: the task list is empty")
    for n, task in enumerate(tasks, 1):
        if not isinstance(task, dict):
            raise TaskFileError(f"{path}: task {n} is {type(task).__name__}, not a JSON object")
    return tasks
