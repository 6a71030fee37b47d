"""Real-world hardening of input and output: terminal escapes, bounded streaming output, payload layout
detection, positions and file names, stdin and unreadable payload files, help and edge cases."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from labelconfig.cli import main
from labelconfig.report import FORMATS, NO_TOOL, Limits
from labelconfig.rules import RULES

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>
"""


def _choice(label: str) -> dict[str, Any]:
    return {"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": [label]}}


def _bad(label: str = "positive") -> str:
    return json.dumps({"result": [_choice(label)]})


def cli(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cfg(tmp_path: Path) -> str:
    path = tmp_path / "cfg.xml"
    path.write_text(CONFIG)
    return str(path)


# ================================================================ 9: terminal injection

HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x9b2J\x1b]0;pwned\x07\u202eevil"
_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_escape_sequences_in_payloads_never_reach_the_terminal(cfg: str, tmp_path: Path, fmt: str) -> None:
    payload = tmp_path / "preds.jsonl"
    payload.write_text(json.dumps({"result": [_choice(HOSTILE)], HOSTILE: 1}) + "\n")
    code, out, _ = cli("check", cfg, "--predictions", str(payload), "--format", fmt)
    assert code == 1
    assert "LC808" in out
    assert not _RAW_CONTROL.search(out), repr(out)
    assert "\\x1b]52;c;" in out and "\\x9b" in out and "\\u202e" in out


def test_control_characters_in_file_names_and_source_lines_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;title\x07.xml"
    # A bidi override is legal XML, so it reaches the excerpt of the source line.
    path.write_text('<View>\n  <Text name="t" value="$t" zooom="\u202e1"/>\n</View>\n', encoding="utf-8")
    code, out, _ = cli("check", str(path))
    assert code == 0 and "LC201" in out
    assert not _RAW_CONTROL.search(out), repr(out)
    assert "evil\\x1b]0;title\\x07.xml:2:" in out
    # The caret still sits under the attribute, counted on the escaped line.
    lines = out.splitlines()
    source = next(i for i, line in enumerate(lines) if "zooom" in line and "|" in line)
    assert lines[source + 1].index("^") == lines[source].index("zooom")


def test_junit_survives_characters_xml_cannot_hold(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "preds.jsonl"
    payload.write_text(_bad("bad\x01\x0b\ufffelabel") + "\n")
    code, out, _ = cli("check", cfg, "--predictions", str(payload), "--format", "junit")
    assert code == 1
    root = etree.fromstring(out.encode())
    [failure] = root.iter("failure")
    assert "bad\\x01\\x0b\\ufffelabel" in failure.get("message", "")


# ================================================================ 10: bounded, streaming output


def _all_bad(tmp_path: Path, n: int) -> str:
    payload = tmp_path / "bad.jsonl"
    payload.write_text(
        "".join(json.dumps({"result": [_choice("nope")], "score": 87}) + "\n" for _ in range(n))
    )
    return str(payload)


def test_max_diagnostics_bounds_output_but_not_counts(cfg: str, tmp_path: Path) -> None:
    payload = _all_bad(tmp_path, 20)
    code, out, _ = cli("check", cfg, "--predictions", payload, "--max-diagnostics", "3")
    assert code == 1
    assert out.count("LC808") + out.count("LC903") == 3
    assert "Found 40 errors in 2 files." in out
    assert "37 more diagnostics not shown" in out
    code, out, _ = cli("check", cfg, "--predictions", payload, "--max-per-code", "2", "--format", "json")
    data = json.loads(out)
    assert [d["code"] for d in data["diagnostics"]] == ["LC903", "LC808", "LC903", "LC808"]
    assert data["summary"]["errors"] == 40 and data["summary"]["omitted"] == 36
    code, out, _ = cli("check", cfg, "--predictions", payload, "--max-diagnostics", "0", "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert code == 1 and run["results"] == [] and run["properties"]["omitted"] == 40


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_reports_write_diagnostics_as_they_arrive(fmt: str) -> None:
    import labelconfig

    [d] = labelconfig.parse(CONFIG).check_prediction({"result": [_choice("nope")]})
    out = io.StringIO()
    report = FORMATS[fmt](out, Limits(), NO_TOOL)
    report.begin_file("p.jsonl")
    for _ in range(3):
        report.add(d)
    # JUnit holds the cases of the open suite until the file ends (its counts come first), on disk
    # past a megabyte; everything else is written at once.
    if fmt != "junit":
        assert out.getvalue().count("is not a label of") == 3
    report.end_file()
    summary = report.finish()
    assert summary["errors"] == 3
    assert out.getvalue().count("is not a label of") >= 3


def test_memory_bench_exists_and_runs() -> None:
    bench = Path(__file__).resolve().parents[1] / "bench" / "bench_memory.py"
    result = subprocess.run(
        [sys.executable, str(bench), "--mb", "0.05", "--formats", "text", "json", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout)
    assert set(figures["runs"]) == {"text", "json"}
    assert all(r["exit"] == 1 and r["peak_rss_mb"] > 0 for r in figures["runs"].values())


# ================================================================ 12: telling JSON Lines from one document


def _found(cfg: str, payload: Path) -> list[tuple[str, int | None, int]]:
    _code, out, _ = cli("check", cfg, "--predictions", str(payload), "--format", "json")
    return [
        (d["code"], d["item"], d["line"]) for d in json.loads(out)["diagnostics"] if d["file"] == str(payload)
    ]


def test_broken_first_lines_do_not_hide_later_findings(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "preds.jsonl"
    broken = ['{"result": [', '{"result": [}', '{"result": "x"', "{oops"] * 3
    payload.write_text("\n".join([*broken, _bad(), _bad("Positive"), _bad()]) + "\n")
    found = _found(cfg, payload)
    assert found == [("LC901", i, i + 1) for i in range(12)] + [("LC808", 12, 13), ("LC808", 14, 15)]


def test_pretty_printed_object_is_still_one_record(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "pred.json"
    payload.write_text(json.dumps({"result": [_choice("nope")], "score": 0.5}, indent=2))
    assert _found(cfg, payload) == [("LC808", None, 1)]
    payload.write_text(json.dumps({"result": [_choice("nope")]}, indent=2)[:-2])  # cut short
    [(code, item, _line)] = _found(cfg, payload)
    assert (code, item) == ("LC901", None)


def test_objects_after_a_complete_first_value_are_json_lines(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "preds.jsonl"
    first = json.dumps({"result": [_choice("nope")]}, indent=2)  # one record over several lines
    payload.write_text(first + "\n" + _bad() + "\n")
    found = _found(cfg, payload)
    after = first.count("\n") + 1
    assert found[-1] == ("LC808", after, after + 1)  # the record after the broken-up one, on its own line
    assert [line for _, _, line in found] == list(range(1, after + 2))  # every line reported


def test_utf8_bom_is_accepted_in_every_layout(cfg: str, tmp_path: Path) -> None:
    bom = "\ufeff"
    layouts = {
        "lines.jsonl": bom + _bad() + "\n" + _bad() + "\n",
        "array.json": bom + json.dumps([{"result": [_choice("nope")]}]),
        "object.json": bom + json.dumps({"result": [_choice("nope")]}, indent=2),
    }
    for name, text in layouts.items():
        payload = tmp_path / name
        payload.write_text(text, encoding="utf-8")
        found = _found(cfg, payload)
        assert found and {code for code, _, _ in found} == {"LC808"}, (name, found)


# ================================================================ 13: positions and names


def test_bad_encoding_and_size_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.xml"
    bad.write_bytes("<View><Header value='caf\xe9'/></View>".encode("latin-1"))
    big = tmp_path / "big.xml"
    big.write_bytes(b"<View>" + b" " * (3 * 1024 * 1024) + b"</View>")
    for path, code in ((bad, "LC003"), (big, "LC004")):
        _, out, _ = cli("check", str(path), "--format", "json")
        [d] = json.loads(out)["diagnostics"]
        assert (d["code"], d["file"]) == (code, str(path))
        _, out, _ = cli("check", str(path))
        assert out.startswith(f"{path}:1:")
        _, out, _ = cli("check", str(path), "--format", "github")
        assert f"file={path}" in out.replace("%3A", ":")
        _, out, _ = cli("check", str(path), "--format", "sarif")
        [result] = json.loads(out)["runs"][0]["results"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path.as_uri()
    _, out, _ = cli("check", str(big), "--format", "json")
    message = json.loads(out)["diagnostics"][0]["message"]
    assert f"{big.stat().st_size:,} bytes" in message and "2,097,152" in message


@pytest.mark.parametrize(
    ("yaml", "where"),
    [
        (
            'config: >\n  <View>\n    <Text name="text" value="$t"/>\n    <Choices name="c" toName="txt">\n'
            '      <Choice value="A"/>\n    </Choices>\n  </View>\n',
            (5, 31),
        ),
        (
            'config: \'<View><Text name="text" value="$t"/>\n'
            '  <Choices name="c" toName="txt"><Choice value="A"/></Choices></View>\'\n',
            (3, 29),
        ),
        (
            'config: <View><Text name="text" value="$t"/><Choices name="c" toName="txt"><Choice value="A"/>'
            "</Choices></View>\n",
            (2, 71),
        ),
        (
            'config: "<View><Text name=\\"text\\" value=\\"$t\\"/><Choices name=\\"c\\" toName=\\"txt\\">'
            '<Choice value=\\"A\\"/></Choices></View>"\n',
            (2, 79),
        ),
    ],
    ids=["folded", "single-quoted", "plain", "double-quoted"],
)
def test_yaml_configs_in_any_style_point_into_the_file(
    tmp_path: Path, yaml: str, where: tuple[int, int]
) -> None:
    template = tmp_path / "config.yml"
    template.write_text("title: x\n" + yaml)
    _, out, _ = cli("check", "--format", "json", str(template))
    [d] = json.loads(out)["diagnostics"]
    assert (d["code"], d["line"], d["column"]) == ("LC302", *where)
    line = template.read_text().splitlines()[d["line"] - 1]
    assert line[d["column"] - 1 :].startswith("txt")


def test_yaml_config_with_escapes_points_at_the_config_key(tmp_path: Path) -> None:
    template = tmp_path / "config.yml"
    template.write_text(
        'title: x\nconfig: "<View><Text name=\\"text\\" value=\\"$t\\"/>\\n<Choices name=\\"c\\" '
        'toName=\\"txt\\"><Choice value=\\"A\\"/></Choices></View>"\n'
    )
    _, out, _ = cli("check", "--format", "json", str(template))
    [d] = json.loads(out)["diagnostics"]
    assert (d["code"], d["line"], d["column"]) == ("LC302", 2, 1)


def test_records_of_a_pretty_printed_array_have_their_line(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "preds.json"
    records = [{"result": [_choice("Positive")]}, {"result": [_choice("nope")]}, {"result": [_choice("x")]}]
    text = json.dumps(records, indent=2)
    payload.write_text(text)
    found = _found(cfg, payload)
    lines = text.splitlines()
    assert [item for _, item, _ in found] == [1, 2]
    for _, item, line in found:
        assert lines[line - 1].strip() == "{"
        assert sum(1 for x in lines[:line] if x == "  {") == item + 1
    _, out, _ = cli("check", cfg, "--predictions", str(payload))
    assert f"{payload}:{found[0][2]}:3: LC808" in out


def test_junit_test_names_are_unique_and_say_where(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "preds.jsonl"
    payload.write_text(
        json.dumps({"result": [_choice("nope"), _choice("nope")]}) + "\n" + _bad("nope") + "\n"
    )
    _, out, _ = cli("check", cfg, "--predictions", str(payload), "--format", "junit")
    names = [case.get("name") for case in etree.fromstring(out.encode()).iter("testcase")]
    failing = [n for n in names if n and n.startswith("LC808")]
    assert len(failing) == 3 == len(set(failing))
    assert f"LC808 unknown-label: {payload} item 1 $[1].result[0].value.choices[0] (line 2)" in failing


def test_sarif_uris_are_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my configs"
    folder.mkdir()
    (folder / "a#1 é.xml").write_text("<View><Choise/></View>")
    monkeypatch.chdir(tmp_path)
    _, out, _ = cli("check", "--format", "sarif", "my configs/a#1 é.xml")
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(out)["runs"][0]["results"]
    }
    assert uris == {"my%20configs/a%231%20%C3%A9.xml"}


# ================================================================ 14: stdin, unreadable payload files


@pytest.mark.parametrize("option", ["--predictions", "--annotations", "--tasks"])
def test_payload_from_stdin(cfg: str, option: str) -> None:
    records = [{"data": {"text": "x"}, "predictions": [{"result": [_choice("nope")]}]}] * 2
    code, out, _ = cli(
        "check", cfg, option, "-", "--format", "json", stdin="\n".join(map(json.dumps, records))
    )
    found = [(d["file"], d["code"], d["item"]) for d in json.loads(out)["diagnostics"]]
    assert code == 1
    assert found == [("<stdin>", "LC808", 0), ("<stdin>", "LC808", 1)]


def test_stdin_is_read_once(cfg: str) -> None:
    code, _, err = cli("check", cfg, "--predictions", "-", "--tasks", "-", stdin="{}")
    assert code == 2 and "once" in err


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_missing_payload_file_is_an_error_not_a_clean_run(cfg: str, tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "missing.jsonl"
    code, out, err = cli("check", cfg, "--predictions", str(missing), "--format", fmt)
    assert code == 2
    assert str(missing) in err and "No such file" in err
    assert "All checks passed" not in out
    if fmt == "text":
        assert "could not be checked" in out
    elif fmt == "json":
        assert json.loads(out)["summary"]["unreadable"] == 1
    elif fmt == "sarif":
        [invocation] = json.loads(out)["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
    elif fmt == "junit":
        assert etree.fromstring(out.encode()).find(".//error") is not None
    else:
        assert out.startswith("::error file=") and "missing.jsonl" in out


# ================================================================ 16: help and edges


def test_help_texts() -> None:
    _, out, _ = cli("--help")
    assert "soon" not in out and "tasks, predictions and annotations" in out
    _, out, _ = cli("check", "--help")
    assert "Exit status" in out and "130" in out
    assert "labelconfig: ignore LC201" in out and "ignore-file" in out


def test_rules_lists_a_prefix() -> None:
    code, out, _ = cli("rules", "LC3")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        r.code for r in RULES if r.code.startswith("LC3")
    ]
    code, out, _ = cli("rules", "lc90", "--format", "json")
    assert code == 0 and [r["code"] for r in json.loads(out)] == ["LC901", "LC902", "LC903"]
    assert cli("rules", "LC999")[0] == 2


def test_misspelt_ignore_file_no_longer_silences_the_next_element() -> None:
    import labelconfig

    text = (
        '<View>\n  <!-- labelconfig: ignore-files LC2 -->\n  <Text name="t" value="$t" zooom="1"/>\n</View>'
    )
    assert [d.code for d in labelconfig.check_config(text)] == ["LC111", "LC007", "LC201"]


# Runs `check` with each worker sending Ctrl-C to the process group as its first range starts: the
# signal always lands while the workers and the parent are busy, however fast or loaded the machine
# (a signal sent from outside after a delay could come before the workers exist or after the end).
_INTERRUPTED_CHECK = """
import os, signal, sys
from labelconfig.payloads import run
check_range = run._check_range
def interrupting(path, start, *rest):
    if start == 0:
        os.killpg(0, signal.SIGINT)
    return check_range(path, start, *rest)
run._check_range = interrupting
from labelconfig.cli import main
sys.argv = ["labelconfig", "check", *sys.argv[1:]]
main()
"""


def test_ctrl_c_exits_130_without_worker_tracebacks(cfg: str, tmp_path: Path) -> None:
    payload = tmp_path / "big.jsonl"
    line = json.dumps({"result": [_choice("nope")], "score": 87, "model_version": "x" * 200}) + "\n"
    payload.write_text(line * 20_000)  # several ranges for two workers
    proc = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED_CHECK, cfg, "--predictions", str(payload), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the signal reaches no one else
    )
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert b"interrupted" in err


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.recursive(
            st.none() | st.integers() | st.text(alphabet='[]{},"\\\n :é\x1b'),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
            ),
            max_leaves=6,
        ),
        max_size=6,
    ),
    st.sampled_from([None, 0, 2]),
    st.integers(1, 7),
)
def test_array_element_starts_survive_strings_escapes_and_chunk_edges(
    values: list[Any], indent: int | None, chunk: int
) -> None:
    from labelconfig.payloads import reader

    data = json.dumps(values, indent=indent, ensure_ascii=False).encode()
    found: list[tuple[int, int]] = []
    old = reader.SCAN_CHUNK
    reader.SCAN_CHUNK = chunk
    try:
        scanner = reader._Scanner(io.BytesIO(data), lambda line, col: found.append((line, col)))
        while scanner.feed():
            pass
    finally:
        reader.SCAN_CHUNK = old
    assert len(found) == len(values)
    rows = data.split(b"\n")
    for (line, column), value in zip(found, values, strict=True):
        offset = sum(len(r) + 1 for r in rows[: line - 1]) + column - 1
        # The element found is exactly the value there: decoding from its start gives it back.
        assert json.JSONDecoder().raw_decode(data[offset:].decode())[0] == value


_JSON_VALUES = st.recursive(
    # orjson refuses integers beyond 64 bits as invalid JSON, and ijson (read after a refused cut) -2**63
    st.none() | st.integers(-(2**63) + 1, 2**63 - 1) | st.text(alphabet='[]{},"\\\n :é\x1b'),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(alphabet="{}ab,", max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_JSON_VALUES, max_size=6), st.sampled_from([None, 0, 2]), st.integers(1, 9))
def test_array_runs_give_back_every_element_whatever_the_strings_hold(
    values: list[Any], indent: int | None, chunk: int
) -> None:
    """Cuts are guessed from brace counts, which strings full of braces make wrong; every element still
    comes back once and in order, as raw text or (after a refused guess) parsed."""
    from labelconfig.payloads import reader

    data = json.dumps(values, indent=indent, ensure_ascii=False).encode()
    old = reader.ARRAY_CHUNK
    reader.ARRAY_CHUNK = chunk
    try:
        found = reader.elements(io.BytesIO(data))
        got = [json.loads(bytes(raw)) if raw is not None else v for raw, v in found]
    finally:
        reader.ARRAY_CHUNK = old
    assert got == values


@pytest.mark.parametrize(
    ("text", "kept", "message"),
    [
        (b'[{"a": 1},]', 1, "unallowed token"),  # a trailing comma
        (b'[{"a": 1} {"b": 2}]', 1, "expect ',' or ']'"),  # a missing comma
        (b'[,{"a": 1}]', 0, "unallowed token"),
        (b'[{"a": 1}, {"b": 2}', 2, "premature EOF"),  # cut short after a whole element
        (b'[{"a": 1}, {"b": ', 1, "premature EOF"),
        (b'[{"a": 1}] x', 1, "trailing garbage"),
    ],
)
def test_array_runs_refuse_what_is_not_json(text: bytes, kept: int, message: str) -> None:
    """Broken arrays are reported where they break, with only the elements before it read: the run
    reader never makes a broken file look whole (a stand-in element must not appear either)."""
    from labelconfig.payloads import reader

    for chunk in (1, 4, 1024):
        old = reader.ARRAY_CHUNK
        reader.ARRAY_CHUNK = chunk
        got: list[Any] = []
        try:
            with pytest.raises(reader.JSONError, match=re.escape(message)) as info:
                for raw, v in reader.elements(io.BytesIO(text)):
                    got.append(json.loads(bytes(raw)) if raw is not None else v)
        finally:
            reader.ARRAY_CHUNK = old
        assert got == [{"a": 1}, {"b": 2}][:kept] and "null" not in str(info.value), chunk
