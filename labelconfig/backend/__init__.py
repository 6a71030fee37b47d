"""`labelconfig backend`: test a running ML backend against a config before Label Studio meets it.

    from labelconfig.backend import check_backend
    check_backend("http://127.0.0.1:9090", "config.xml").raise_for_errors()
    check_backend(app, "config.xml").raise_for_errors()   # a WSGI app (Flask), served for the check

The names load on first use: `labelconfig.rules` imports this package's rule declarations (`codes`),
and the checks themselves (HTTP, payload linting) must not load with every `labelconfig check`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import BackendError, BackendReport, check_backend
    from .contract import Call, Timeouts

_WHERE = {
    "check_backend": "api",
    "BackendReport": "api",
    "BackendError": "api",
    "Timeouts": "contract",
    "Call": "contract",
}

__all__ = ["BackendError", "BackendReport", "Call", "Timeouts", "check_backend"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
