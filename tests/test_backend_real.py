"""`labelconfig backend` against the real label-studio-ml 1.0.9 from PyPI.

label-studio-ml 1.0.9 is the last release on the package index (the 1.x generation: `model_version`
beside `results`, `/setup` required before `/predict`). It pins Flask 1.1.2 and Jinja2 3.0.3, so it
runs from a virtual environment of its own (`backend_support.ml1_python`, made by .ci/run) as a
subprocess on 127.0.0.1, serving the model classes of tests/ml_backends/models_ml1.py.

The 2.x generation (`model_version` on each prediction, Basic auth built in) is not on the package
index: it installs only from its Git repository, which this suite does not fetch. Its answer shapes
are served by scripted backends in tests/test_backend.py (`test_label_studio_ml_2_shapes_pass`,
`test_basic_auth_is_sent_and_required`, fixtures LC951/good_up_ml2 and LC959/good_ml2_versions).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from backend_support import RealBackend, ml1_python
from click.testing import CliRunner

from labelconfig.backend import check_backend
from labelconfig.backend.http import Client
from labelconfig.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "backend"
CONFIG_PATH = FIXTURES / "config_boxes.xml"
CONFIG = CONFIG_PATH.read_text(encoding="utf-8")
MEDIA = FIXTURES / "media"
AUTH = ("ml-user", "ml-pass")
MODELS = ("GoodModel", "WrongFromName", "FewerResults", "EmptyResults", "Raises", "OutOfRange")


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Every model served at once (they start in parallel), plus the good one behind Basic auth and
    the one that downloads without the token; name -> URL."""
    python = ml1_python()
    home = tmp_path_factory.mktemp("ml1-home")
    started = {name: RealBackend(python, name, home) for name in MODELS}
    started["GoodModel+auth"] = RealBackend(python, "GoodModel", home, auth=AUTH)
    started["FetchesWithoutToken"] = RealBackend(python, "FetchesWithoutToken", home)
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(backend).url for name, backend in started.items()}


def _codes(url: str, **kwargs: object) -> list[tuple[str, str]]:
    report = check_backend(url, CONFIG, **kwargs)  # type: ignore[arg-type]
    return [(d.code, d.path) for d in report.diagnostics]


def test_good_backend_passes(backends: dict[str, str]) -> None:
    report = check_backend(backends["GoodModel"], CONFIG)
    assert report.diagnostics == [] and report.ok
    assert [c.status for c in report.calls] == [200] * 6


def test_setup_comes_first_because_1x_needs_it(tmp_path: Path) -> None:
    """What happens to a client that skips /setup (a fresh process): label-studio-ml 1.x refuses."""
    with RealBackend(ml1_python(), "GoodModel", tmp_path) as fresh:
        reply = Client(fresh.url).post("predict", {"tasks": [{"id": 1, "data": {}}], "project": "1.1"}, 10)
    assert reply.status == 500
    assert "run setup() before using predict()" in json.loads(reply.body)["detail"]


def test_good_backend_behind_basic_auth(backends: dict[str, str]) -> None:
    assert _codes(backends["GoodModel+auth"], auth=AUTH) == []
    refused = check_backend(backends["GoodModel+auth"], CONFIG)
    assert [d.code for d in refused.diagnostics] == ["LC950"]
    assert "401" in refused.diagnostics[0].message


def test_wrong_from_name(backends: dict[str, str]) -> None:
    report = check_backend(backends["WrongFromName"], CONFIG)
    assert {(d.code, d.path) for d in report.diagnostics} == {
        ("LC802", f"$.results[{i}].result[0].from_name") for i in range(3)
    }
    assert '"labels"' in report.diagnostics[0].message and "`label`" in report.diagnostics[0].help


def test_fewer_results_than_tasks(backends: dict[str, str]) -> None:
    assert _codes(backends["FewerResults"]) == [("LC956", "$.results")]


def test_empty_results(backends: dict[str, str]) -> None:
    assert _codes(backends["EmptyResults"]) == [("LC955", "$.results")]


def test_an_exception_shows_its_detail(backends: dict[str, str]) -> None:
    (d,) = check_backend(backends["Raises"], CONFIG).diagnostics
    assert d.code == "LC952"
    assert d.message == "POST /predict answered 500 Internal Server Error: KeyError: 'photo'"
    assert 'models_ml1.py", line' in d.help  # the last frame of label-studio-ml's traceback


def test_coordinates_out_of_range(backends: dict[str, str]) -> None:
    report = check_backend(backends["OutOfRange"], CONFIG)
    assert {(d.code, d.path) for d in report.diagnostics} == {
        ("LC810", f"$.results[{i}].result[0].value.x") for i in range(3)
    }
    assert "320" in report.diagnostics[0].message


def test_media_fetched_with_the_token(backends: dict[str, str]) -> None:
    """1.x fetches `/data/upload/...` with the hostname and token /setup sent (get_local_path)."""
    assert _codes(backends["GoodModel"], media_root=MEDIA) == []


def test_media_fetched_without_the_token(backends: dict[str, str]) -> None:
    codes = _codes(backends["FetchesWithoutToken"], media_root=MEDIA)
    assert ("LC961", "") in codes and ("LC958", "") in codes


def test_cli_gates_a_real_backend(backends: dict[str, str]) -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["backend", backends["GoodModel"], "--config", str(CONFIG_PATH)])
    assert good.exit_code == 0, good.output
    auth = ["--user", AUTH[0], "--password", AUTH[1]]
    guarded = runner.invoke(
        main, ["backend", backends["GoodModel+auth"], "--config", str(CONFIG_PATH), *auth]
    )
    assert guarded.exit_code == 0, guarded.output
    broken = runner.invoke(main, ["backend", backends["FewerResults"], "--config", str(CONFIG_PATH)])
    assert broken.exit_code == 1 and "LC956" in broken.output
