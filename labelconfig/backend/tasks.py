"""The tasks sent to a backend, shaped as Label Studio serialises them for `/predict`
(`TaskSimpleSerializer`: id, data, meta, the task's annotations and predictions, project, counters).

Without a task file the tasks come from the config itself (`labelconfig sample`'s data), so a backend
can be checked against nothing but its config.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any

from ..config import Config
from ..payloads.data import is_wrapped, task_data
from ..payloads.sample import sample_task
from ..payloads.shapes import MEDIA

BATCH = 3  # tasks in the batch call: more than one, and not two (a 2-for-3 answer must be visible)
CREATED = "2024-01-01T00:00:00.000000Z"  # fixed, so identical calls are byte-identical

# Where Label Studio serves files it stores, and the files each media tag of the sample shows.
UPLOAD_PREFIX = "/data/upload/"
_SUFFIXES = {
    "Image": (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"),
    "Audio": (".wav", ".mp3", ".flac", ".ogg", ".m4a"),
    "AudioPlus": (".wav", ".mp3", ".flac", ".ogg", ".m4a"),
    "Video": (".mp4", ".webm", ".mov"),
    "Pdf": (".pdf",),
}
_SAMPLE_MEDIA = {url: tag for tag, url in MEDIA.items()}


def as_sent(tasks: Sequence[Any], project: int) -> list[dict[str, Any]]:
    """Each task (bare data or `{"data": ...}`) as Label Studio sends it, numbered from 1 unless it
    carries an `id` of its own."""
    out = []
    for n, task in enumerate(tasks, 1):
        wrapped = isinstance(task, dict) and is_wrapped(task)
        source = task if wrapped else {}
        annotations = source.get("annotations") or []
        predictions = source.get("predictions") or []
        out.append(
            {
                "id": source.get("id", n),
                "data": copy.deepcopy(task_data(task) if isinstance(task, dict) else task),
                "meta": source.get("meta") or {},
                "created_at": CREATED,
                "updated_at": CREATED,
                "is_labeled": bool(annotations),
                "overlap": 1,
                "inner_id": n,
                "total_annotations": len(annotations),
                "cancelled_annotations": 0,
                "total_predictions": len(predictions),
                "project": project,
                "file_upload": None,
                "annotations": annotations,
                "predictions": predictions,
            }
        )
    return out


def sample_tasks(cfg: Config, media: Sequence[str] = ()) -> list[dict[str, Any]]:
    """`BATCH` tasks made from the config: the sample data, each copy with its own id. With `media`
    (paths relative to the media root), sample media URLs become `/data/upload/...` paths to those
    files, as Label Studio stores uploads, so the backend must fetch them from the media server."""
    data = sample_task(cfg)
    if media:
        data = _local_media(data, media)
    return [{"data": copy.deepcopy(data)} for _ in range(BATCH)]


def media_files(root: str) -> list[str]:
    """Files under `root`, relative and sorted (hidden ones left out)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return found


def _local_media(data: Any, media: Sequence[str]) -> Any:
    if isinstance(data, dict):
        return {k: _local_media(v, media) for k, v in data.items()}
    if isinstance(data, list):
        return [_local_media(v, media) for v in data]
    kind = _SAMPLE_MEDIA.get(data) if isinstance(data, str) else None
    if kind is None:
        return data
    fitting = [m for m in media if m.lower().endswith(_SUFFIXES[kind])]
    return UPLOAD_PREFIX + fitting[0] if fitting else data
