"""The public `Config` and `Control` at the place front ends have imported them from; they are
defined in `labelconfig.config`, above the payload checkers."""

from __future__ import annotations

from ..config import Config, Control

__all__ = ["Config", "Control"]
