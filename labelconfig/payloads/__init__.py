"""Payload linting: task data, predictions and annotations checked against a config.

Use it through `Config.check_task` / `check_prediction` / `check_annotation`, `labelconfig.check_files`
or `labelconfig check CONFIG --tasks/--predictions/--annotations FILE`.
"""

from __future__ import annotations

from .records import Kind, PayloadChecker
from .run import check_file

__all__ = ["Kind", "PayloadChecker", "check_file"]
