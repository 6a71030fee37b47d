"""`check_backend`: the contract test as a function, for a backend's own test suite and for the CLI."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any
from wsgiref.types import WSGIApplication

from ..diagnostics import ConfigError, Diagnostic, Severity
from ..payloads.api import Config
from ..report import FORMATS, NO_LIMITS, Report, Tool
from ..rules import RULES
from ..version import __version__
from .contract import Call, Run, Timeouts, project_uid
from .http import Client
from .loopback import WsgiServer
from .media import MediaServer
from .tasks import as_sent, media_files, sample_tasks

PROJECT = 1  # the project id sent; Label Studio numbers projects from 1
DEFAULT_TIMEOUTS = Timeouts()


@dataclass(frozen=True)
class BackendReport:
    """What one check found: `diagnostics` (backend findings and prediction lint, in call order),
    every call made with its status and time, and the `url` checked."""

    url: str
    diagnostics: list[Diagnostic]
    calls: list[Call]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        """True when Label Studio would accept what the backend does (warnings allowed)."""
        return not self.errors

    @property
    def files(self) -> list[str]:
        """The endpoints called, in order, then any other file a finding names (a task file)."""
        seen = dict.fromkeys(c.url for c in self.calls)
        seen.update(dict.fromkeys(d.file for d in self.diagnostics))
        return list(seen)

    def write(self, report: Report) -> None:
        """Feed the findings to a report of any format, one "file" per endpoint called."""
        for file in self.files:
            report.begin_file(file)
            report.add_all(d for d in self.diagnostics if d.file == file)
            report.end_file()

    def render(self, fmt: str = "text") -> str:
        """The report in one of `labelconfig check`'s formats (text, json, github, sarif, junit)."""
        out = io.StringIO()
        report = FORMATS[fmt](out, NO_LIMITS, Tool(__version__, RULES))
        self.write(report)
        report.finish()
        return out.getvalue()

    def raise_for_errors(self) -> None:
        """Raise `BackendError` (an AssertionError, so pytest shows the report) when there are errors."""
        if not self.ok:
            raise BackendError(self)


class BackendError(AssertionError):
    """A backend Label Studio would not accept; `report` holds every finding."""

    def __init__(self, report: BackendReport) -> None:
        self.report = report
        super().__init__(f"{report.url} breaks the ML backend contract:\n{report.render('text')}")


def check_backend(
    url: str | WSGIApplication,
    config: str | bytes | os.PathLike[str] | Config,
    tasks: Sequence[dict[str, Any]] | None = None,
    *,
    auth: tuple[str, str] | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    media_root: str | os.PathLike[str] | None = None,
    media_port: int = 0,
    media_token: str | None = None,
) -> BackendReport:
    """Check the ML backend at `url` against `config` (a parsed Config, XML text or a config file path)
    as Label Studio would use it: health, setup, predictions for one task and for a batch, model
    versions, and every prediction linted against the config. `url` may also be a WSGI application
    (a Flask backend's `app`): it is served on a free loopback port for the check, so a backend's
    tests need no server of their own.

    `tasks` are bare data or `{"data": ...}` objects (default: three made from the config). `auth` is
    HTTP Basic (user, password). With `media_root`, its files are served at a loopback URL that needs
    Label Studio's token (sent in `/setup` as `hostname` and `access_token`); sample tasks point at
    them, and a backend that fetches them without the token is reported.

    Raises `ConfigError` for a config with errors, `ValueError` for a bad URL or an empty task list,
    `NotADirectoryError` for a media root that is not a directory.
    """
    cfg = _config(config)
    if tasks is not None and not tasks:
        raise ValueError("the task list is empty: give at least one task, or none to use sample tasks")
    if callable(url):
        with WsgiServer(url) as served:
            return check_backend(
                served.url,
                cfg,
                tasks,
                auth=auth,
                timeouts=timeouts,
                media_root=media_root,
                media_port=media_port,
                media_token=media_token,
            )
    client = Client(url, auth, timeouts.connect)
    media = None
    if media_root is not None:
        media = MediaServer(os.fspath(media_root), media_token, media_port)
    with media if media is not None else nullcontext():
        given = tasks if tasks is not None else sample_tasks(cfg, media_files(media.root) if media else ())
        run = Run(client, cfg, as_sent(given, PROJECT), timeouts, project_uid(PROJECT), media)
        run.run()
    return BackendReport(client.base_url, run.found, run.calls)


def _config(config: str | bytes | os.PathLike[str] | Config) -> Config:
    from ..config import as_config

    cfg = as_config(config)
    if cfg.root is None or not cfg.ok:
        raise ConfigError(list(cfg.diagnostics))
    return cfg
