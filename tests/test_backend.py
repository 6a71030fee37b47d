"""`labelconfig backend` against scripted backends: one fixture per case, plus what is sent.

Each backend rule has a directory `tests/fixtures/backend/<CODE>/` of `bad_*.json` and `good_*.json`
cases. A case is one JSON object:

    {"note": "...",
     "script": {...},                  # what the backend answers (see backend_support.ScriptedBackend)
     "timeouts": {"setup": 0.2},       # optional: Timeouts overridden (small, so tests stay fast)
     "media": true,                    # optional: serve tests/fixtures/backend/media behind a token
     "expect": [["LC955", "/predict", "$.results"], ...]}

`expect` lists EVERY finding of the run as [code, endpoint, path], whatever its code; a good case
expects `[]`. The config is tests/fixtures/backend/config_boxes.xml, the tasks made from it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from backend_support import ScriptedBackend
from click.testing import CliRunner

from labelconfig.backend import Timeouts, check_backend
from labelconfig.backend.codes import RULES as BACKEND_RULES
from labelconfig.cli import main
from labelconfig.report import FORMATS
from labelconfig.rules import BY_CODE

FIXTURES = Path(__file__).parent / "fixtures" / "backend"
CONFIG = (FIXTURES / "config_boxes.xml").read_text(encoding="utf-8")
MEDIA = FIXTURES / "media"
_KEYS = {"note", "script", "timeouts", "media", "expect"}
_BOX = {
    "from_name": "label",
    "to_name": "image",
    "type": "rectanglelabels",
    "original_width": 640,
    "original_height": 480,
    "value": {"x": 10, "y": 20, "width": 30, "height": 40, "rotation": 0, "rectanglelabels": ["Car"]},
}
GOOD = {"predict": {"each": {"result": [_BOX], "score": 0.9}, "json": {"model_version": "v1"}}}


def _cases() -> list[object]:
    return [pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in sorted(FIXTURES.glob("LC*/*.json"))]


def _run(case: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]]]:
    timeouts = Timeouts(**case.get("timeouts", {}))
    with ScriptedBackend(case["script"]) as backend:
        media = MEDIA if case.get("media") else None
        report = check_backend(backend.url, CONFIG, timeouts=timeouts, media_root=media)
    found = [(d.code, d.file.removeprefix(backend.url), d.path) for d in report.diagnostics]
    return backend.url, found


@pytest.mark.parametrize("path", _cases())
def test_backend_fixture(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert set(case) <= _KEYS, f"{path.name}: unknown keys {set(case) - _KEYS}"
    code = path.parent.name
    expected = [tuple(e) for e in case["expect"]]
    if path.name.startswith("bad_"):
        assert any(c == code for c, _, _ in expected), "a bad case must expect its directory's code"
    else:
        assert path.name.startswith("good_") and expected == [], "a good case expects no finding at all"
    _, found = _run(case)
    assert Counter(found) == Counter(expected)


# --- what is sent, as Label Studio sends it ---------------------------------------------------------------


def test_calls_are_made_in_label_studio_order_with_its_fields() -> None:
    with ScriptedBackend(GOOD) as backend:
        report = check_backend(backend.url, CONFIG)
    assert report.ok and report.diagnostics == []
    sent = [(method, path) for method, path, _, _ in backend.requests]
    assert sent == [("GET", "/health"), ("POST", "/setup"), ("POST", "/setup")] + [("POST", "/predict")] * 3
    for method, _, headers, body in backend.requests:
        if method == "POST":
            assert headers["Content-Type"] == "application/json"
            assert body["project"].startswith("1.")
    setup = backend.requests[1][3]
    assert setup["schema"] == CONFIG and "hostname" in setup and "access_token" in setup
    predict = [body for _, path, _, body in backend.requests if path == "/predict"]
    assert [len(b["tasks"]) for b in predict] == [1, 3, 1]
    assert predict[0]["label_config"] == CONFIG
    assert predict[0] == predict[2]  # the repeated call is identical, so its version must be too
    task = predict[1]["tasks"][2]
    assert task["id"] == 3 and task["data"] == {"image": "https://example.com/image.jpg"}
    assert task["annotations"] == [] and task["predictions"] == []
    assert [c.status for c in report.calls] == [200] * 6


def test_given_tasks_are_sent_as_given() -> None:
    tasks = [{"data": {"image": f"https://example.com/{n}.jpg"}, "id": 40 + n} for n in range(4)]
    with ScriptedBackend(GOOD) as backend:
        assert check_backend(backend.url, CONFIG, tasks).ok
    batch = [body for _, path, _, body in backend.requests if path == "/predict"][1]["tasks"]
    assert [(t["id"], t["data"]["image"]) for t in batch] == [
        (40 + n, f"https://example.com/{n}.jpg") for n in range(4)
    ]


def test_basic_auth_is_sent_and_required() -> None:
    script = {**GOOD, "auth": ["ml", "s3cret"]}
    with ScriptedBackend(script) as backend:
        assert check_backend(backend.url, CONFIG, auth=("ml", "s3cret")).diagnostics == []
        refused = check_backend(backend.url, CONFIG)
    assert [(d.code, d.file) for d in refused.diagnostics] == [("LC950", f"{backend.url}/health")]
    assert "401" in refused.diagnostics[0].message
    assert "--user and --password" in refused.diagnostics[0].help


def test_label_studio_ml_2_shapes_pass() -> None:
    """2.x: `model_version` on each prediction, several predictions per task as a list."""
    each = [{"result": [_BOX], "score": 0.9, "model_version": "0.0.1"}] * 2
    script = {"setup": {"json": {"model_version": "0.0.1"}}, "predict": {"each_list": each}}
    with ScriptedBackend(script) as backend:
        assert check_backend(backend.url, CONFIG).diagnostics == []


def test_predictions_are_linted_with_the_task_and_paths_into_the_answer() -> None:
    wrong = {**_BOX, "from_name": "labels", "value": {**_BOX["value"], "rectanglelabels": ["Truck"]}}
    script = {"predict": {"each": {"result": [wrong], "score": 1.7}}}
    with ScriptedBackend(script) as backend:
        report = check_backend(backend.url, CONFIG)
    first = [(d.code, d.path) for d in report.diagnostics if "results[0]" in d.path]
    assert first == [("LC903", "$.results[0].score"), ("LC802", "$.results[0].result[0].from_name")]
    assert '"labels"' in report.diagnostics[1].message and "`label`" in report.diagnostics[1].help
    assert {d.file for d in report.diagnostics} == {f"{backend.url}/predict"}
    assert not report.ok


def test_http_error_shows_the_backends_detail_and_traceback() -> None:
    case = json.loads((FIXTURES / "LC952" / "bad_predict_500_detail.json").read_text())
    with ScriptedBackend(case["script"]) as backend:
        (d,) = check_backend(backend.url, CONFIG).diagnostics
    assert d.message == "POST /predict answered 500 Internal Server Error: KeyError: 'image'"
    assert 'File "model.py", line 12, in predict' in d.help


def test_timeouts_are_bounded() -> None:
    """A backend that never answers /setup costs the setup timeout, not a hang."""
    script = {"setup": {"delay": 5, "json": {}}}
    with ScriptedBackend(script) as backend:
        report = check_backend(backend.url, CONFIG, timeouts=Timeouts(setup=0.3))
    assert [d.code for d in report.diagnostics] == ["LC953"]
    assert report.calls[-1].seconds < 2
    assert "0.3 s" in report.diagnostics[0].message


def test_a_predict_timeout_is_waited_for_once() -> None:
    script = {"predict": {**GOOD["predict"], "delay": 1}}
    with ScriptedBackend(script) as backend:
        report = check_backend(backend.url, CONFIG, timeouts=Timeouts(predict=0.2))
    assert [d.code for d in report.diagnostics] == ["LC953"]
    assert [c.url.rsplit("/", 1)[1] for c in report.calls] == ["health", "setup", "setup", "predict"]


def test_unreachable_backend_is_a_finding() -> None:
    with ScriptedBackend(GOOD) as backend:
        url = backend.url
    report = check_backend(url, CONFIG)  # the server is gone: nothing listens on its port
    assert [d.code for d in report.diagnostics] == ["LC950"]
    assert "could not be reached" in report.diagnostics[0].message


def test_media_server_wants_the_token_and_stays_in_its_root() -> None:
    from labelconfig.backend.media import MediaServer

    with MediaServer(str(MEDIA), token="t0k") as media:
        assert media.authorized("Token t0k") and media.authorized("Bearer t0k")
        assert not media.authorized("Token nope") and not media.authorized(None)
        assert media.file("/data/upload/cat.png") == str(MEDIA.resolve() / "cat.png")
        assert media.file("/data/local-files/?d=cat.png") == str(MEDIA.resolve() / "cat.png")
        assert media.file("/data/upload/../config_boxes.xml") is None
        assert media.file("/data/upload/%2e%2e/config_boxes.xml") is None
        assert media.file("/etc/passwd") is None


# --- the command line ---------------------------------------------------------------------------------------


def _cli(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text(CONFIG, encoding="utf-8")
    with ScriptedBackend(GOOD) as good, ScriptedBackend({"predict": {"json": {"results": []}}}) as empty:
        code, out = _cli(["backend", good.url, "--config", str(config)])
        assert code == 0 and "All checks passed" in out
        code, out = _cli(["backend", empty.url, "--config", str(config)])
        assert code == 1 and "LC955" in out and "empty `results`" not in out
        for fmt in FORMATS:
            code, out = _cli(["backend", empty.url, "--config", str(config), "--format", fmt])
            assert code == 1 and "LC955" in out, fmt
        code, out = _cli(["backend", empty.url, "--config", str(config), "--format", "json"])
        found = json.loads(out)
        rows = found if isinstance(found, list) else found["diagnostics"]
        assert rows[0]["code"] == "LC955" and rows[0]["file"] == f"{empty.url}/predict"
        code, out = _cli(["backend", empty.url, "--config", str(config), "--format", "sarif"])
        (result,) = json.loads(out)["runs"][0]["results"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"{empty.url}/predict"


def test_cli_cannot_run_is_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text(CONFIG, encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text('<View><Choices name="c" toName="nothing"/></View>', encoding="utf-8")
    assert _cli(["backend", "ftp://example.com", "--config", str(config)])[0] == 2
    code, out = _cli(["backend", "http://127.0.0.1:9", "--config", str(broken)])
    assert code == 2 and "the config has errors" in out
    code, out = _cli(["backend", "http://127.0.0.1:9", "--config", str(tmp_path / "missing.xml")])
    assert code == 2
    code, out = _cli(["backend", "http://127.0.0.1:9", "--config", str(config), "--user", "u"])
    assert code == 2 and "--password" in out
    bad_tasks = tmp_path / "tasks.json"
    bad_tasks.write_text("{not json", encoding="utf-8")
    code, out = _cli(["backend", "http://127.0.0.1:9", "--config", str(config), "--tasks", str(bad_tasks)])
    assert code == 2 and "tasks.json" in out


def test_cli_lints_the_given_tasks_too(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text(CONFIG, encoding="utf-8")
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps([{"data": {"photo": "a.jpg"}}]), encoding="utf-8")
    with ScriptedBackend(GOOD) as backend:
        code, out = _cli(["backend", backend.url, "--config", str(config), "--tasks", str(tasks)])
    assert code == 1 and f"{tasks}: LC701" in out


def test_rules_list_the_backend_codes() -> None:
    code, out = _cli(["rules", "LC95"])
    assert code == 0 and "backend-timeout" in out
    for rule in BACKEND_RULES:
        assert BY_CODE[rule.code] is rule


# --- linted exactly as `check --predictions` lints ---------------------------------------------------------

PAYLOAD_FIXTURES = Path(__file__).parent / "fixtures" / "payloads"


def _with_predictions() -> list[object]:
    """Payload fixtures whose tasks embed predictions: a backend answers each task with them."""
    found = []
    for path in sorted(PAYLOAD_FIXTURES.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        records = case.get("records")
        if case["kind"] != "tasks" or "xfail" in case or not records:
            continue
        if all(
            isinstance(r, dict) and isinstance(r.get("data"), dict) and r["data"] for r in records
        ) and any(isinstance(r.get("predictions"), list) and r["predictions"] for r in records):
            found.append(pytest.param(path, id=f"{path.parent.name}/{path.stem}"))
    return found


@pytest.mark.parametrize("path", _with_predictions())
def test_predictions_are_linted_as_check_lints_them(path: Path, tmp_path: Path) -> None:
    """The findings on a backend's answer are those `check_files` reports on the same predictions
    embedded in the same tasks: same codes, same messages, paths moved from the task file into the
    answer (`$[2].predictions[0]...` -> `$.results[2]...`, or `$.results[2][1]...` for a list)."""
    import labelconfig

    case = json.loads(path.read_text(encoding="utf-8"))
    records = case["records"]
    items: list[Any] = []
    for r in records:
        given = r.get("predictions") if isinstance(r.get("predictions"), list) else []
        items.append(given[0] if len(given) == 1 else given or {"result": []})
    tasks_file = tmp_path / "tasks.jsonl"
    tasks_file.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    expected = Counter()
    for d in labelconfig.check_files(case["config"], tasks=tasks_file):
        if ".predictions[" not in d.path:
            continue
        task, rest = d.path.removeprefix("$[").split("].predictions[", 1)
        index, tail = rest.split("]", 1)
        single = len(records[int(task)]["predictions"]) == 1
        expected[(d.code, f"$.results[{task}]" + ("" if single else f"[{index}]") + tail, d.message)] += 1
    tasks = [{"data": r["data"]} for r in records]
    with ScriptedBackend({"predict": {"items": items}}) as backend:
        report = check_backend(backend.url, case["config"], tasks)
    got = Counter(
        (d.code, d.path, d.message) for d in report.diagnostics if not d.code.startswith(("LC95", "LC96"))
    )
    assert got == expected
    on_predictions = [e for e in case["expect"] if ".predictions[" in e[2]]
    assert bool(on_predictions) <= bool(expected)  # the fixture's own findings on predictions are among them


def test_an_item_without_result_is_linted_as_check_lints_it() -> None:
    with ScriptedBackend({"predict": {"each": {"score": 0.5}}}) as backend:
        report = check_backend(backend.url, CONFIG)
    assert {(d.code, d.path) for d in report.diagnostics} == {("LC902", f"$.results[{i}]") for i in range(3)}


def test_media_token_and_port_are_the_callers_for_2x_backends() -> None:
    """2.x reads LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY at start: the caller fixes both."""
    script = {"predict": {**GOOD["predict"], "fetch_media": "token"}}
    with ScriptedBackend(script) as backend:
        report = check_backend(backend.url, CONFIG, media_root=MEDIA, media_token="fixed-token")
    assert report.diagnostics == []
    assert backend.setup["access_token"] == "fixed-token"
    sent = next(body for _, path, _, body in backend.requests if path == "/predict")["tasks"][0]
    assert sent["data"]["image"] == "/data/upload/cat.png"


def test_raise_for_errors_is_an_assertion_with_the_report() -> None:
    from labelconfig.backend import BackendError

    with ScriptedBackend({"predict": {"json": {"results": []}}}) as backend:
        report = check_backend(backend.url, CONFIG)
        with ScriptedBackend(GOOD) as good:
            check_backend(good.url, CONFIG).raise_for_errors()  # clean: nothing raised
    with pytest.raises(AssertionError) as caught:
        report.raise_for_errors()
    assert isinstance(caught.value, BackendError) and caught.value.report is report
    assert "breaks the ML backend contract" in str(caught.value) and "LC955" in str(caught.value)


def _wsgi(answers: dict[str, Any]) -> Any:
    """A WSGI app answering each endpoint with a fixed JSON body, or raising for "raise"."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = answers[environ["PATH_INFO"].strip("/")]
        if body == "raise":
            raise KeyError("image")
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    return app


def test_a_wsgi_app_is_served_for_the_check() -> None:
    answers = {"health": {"status": "UP"}, "setup": {"model_version": "v1"}}
    good = _wsgi({**answers, "predict": {"results": [{"result": [_BOX]}]}})
    report = check_backend(good, CONFIG, [{"image": "https://example.com/1.jpg"}])
    assert report.diagnostics == [] and report.url.startswith("http://127.0.0.1:")
    broken = check_backend(_wsgi({**answers, "predict": "raise"}), CONFIG)
    assert [(d.code, d.message) for d in broken.diagnostics] == [
        (
            "LC952",
            "POST /predict answered 500 Internal Server Error: "
            "A server error occurred. Please contact the administrator.",
        )
    ]


def test_every_sample_media_kind_can_point_at_a_served_file() -> None:
    from labelconfig.backend import tasks
    from labelconfig.payloads.shapes import MEDIA as SAMPLE_MEDIA

    assert set(tasks._SUFFIXES) == set(SAMPLE_MEDIA)
    data = {"img": SAMPLE_MEDIA["Image"], "clip": [SAMPLE_MEDIA["Video"]], "text": "hello"}
    swapped = tasks._local_media(data, ["a/cat.png", "b/clip.mp4"])
    assert swapped == {"img": "/data/upload/a/cat.png", "clip": ["/data/upload/b/clip.mp4"], "text": "hello"}
