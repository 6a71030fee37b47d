"""`labelconfig diff`: changes classified breaking or cosmetic, orphaned results counted."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.cli import main
from labelconfig.diff import count_orphans, diff
from labelconfig.fmt import format_config

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = sorted([*(FIXTURES / "valid").glob("*.xml"), *(FIXTURES / "realworld").glob("*.xml")])

BASE = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
  <Labels name="ner" toName="text">
    <Label value="PER"/>
    <Label value="ORG"/>
  </Labels>
</View>"""


def _kinds(old: str, new: str) -> list[tuple[str, bool]]:
    return [(c.kind, c.breaking) for c in diff(labelconfig.parse(old), labelconfig.parse(new))]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("Positive", "Good"), [("label-renamed", True)]),
        (('    <Label value="ORG"/>\n', ""), [("label-removed", True)]),
        (('<Label value="ORG"/>', '<Label value="ORG"/><Label value="LOC"/>'), [("label-added", False)]),
        (('name="sentiment"', 'name="mood"'), [("control-renamed", True)]),
        (('name="ner"', 'name="entities"'), [("control-renamed", True)]),
        (("Labels", "HyperTextLabels"), [("result-type-changed", True)]),
        (("$text", "$review"), [("variable-renamed", True)]),
        (
            ('<Choice value="Negative"/>', '<Choice value="Negative" hotkey="n"/>'),
            [("layout-changed", False)],
        ),
        (
            ('toName="text">\n    <Choice', 'toName="text" choice="multiple">\n    <Choice'),
            [("attributes-changed", False)],
        ),
    ],
)
def test_each_kind_of_change(edit: tuple[str, str], expected: list[tuple[str, bool]]) -> None:
    assert _kinds(BASE, BASE.replace(*edit)) == expected


def test_removed_control_and_changed_target() -> None:
    new = BASE.replace('<Labels name="ner" toName="text">', '<Labels name="ner" toName="other">')
    new = new.replace('<Text name="text" value="$text"/>', '<Text name="other" value="$text"/>')
    # `text` became `other` (same tag, same `$text`): an object renamed; `sentiment` still names `text`.
    assert sorted(_kinds(BASE, new)) == [("object-renamed", True), ("to-name-changed", True)]
    gone = BASE.replace(BASE[BASE.index("  <Labels") : BASE.index("</View>")], "")
    assert _kinds(BASE, gone) == [("control-removed", True)]


def _result(name: str, kind: str, key: str, labels: list[str]) -> dict[str, object]:
    return {"from_name": name, "to_name": "text", "type": kind, "value": {key: labels}}


def test_orphaned_results_are_counted() -> None:
    tasks = [
        {
            "data": {"text": "x"},
            "annotations": [
                {
                    "result": [
                        _result("sentiment", "choices", "choices", ["Positive"]),
                        _result("sentiment", "choices", "choices", ["Negative"]),
                        _result("ner", "labels", "labels", ["ORG"]),
                        _result("ner", "labels", "labels", ["PER"]),
                    ]
                }
            ],
        },
        {"data": {"text": "y"}, "completions": [{"result": [_result("ner", "labels", "labels", ["PER"])]}]},
    ]
    new = BASE.replace("Positive", "Good").replace('name="ner"', 'name="entities"').replace("$text", "$body")
    changes = diff(labelconfig.parse(BASE), labelconfig.parse(new))
    counted = {changes[i].kind: n for i, n in count_orphans(changes, tasks).items()}
    assert counted == {"label-renamed": 1, "control-renamed": 3, "variable-renamed": 2}


def test_command_line(tmp_path: Path) -> None:
    old, new, export = tmp_path / "old.xml", tmp_path / "new.xml", tmp_path / "export.json"
    old.write_text(BASE)
    new.write_text(BASE.replace("Positive", "Good"))
    export.write_text(
        json.dumps(
            [
                {
                    "data": {},
                    "annotations": [{"result": [_result("sentiment", "choices", "choices", ["Positive"])]}],
                }
            ]
        )
    )
    run = CliRunner().invoke(main, ["diff", str(old), str(new), "--annotations", str(export)])
    assert run.exit_code == 1
    assert (
        'label-renamed        `sentiment`: label "Positive" renamed to "Good"  [1 result(s) orphaned]'
        in run.output
    )
    same = CliRunner().invoke(main, ["diff", str(old), str(old), "--format", "json"])
    assert same.exit_code == 0 and json.loads(same.output) == {"changes": []}
    (tmp_path / "bad.xml").write_text("<View>\n<Text")
    broken = CliRunner().invoke(main, ["diff", str(old), str(tmp_path / "bad.xml")])
    assert broken.exit_code == 2 and "bad.xml:2:" in broken.output and "Traceback" not in broken.output
    export.write_text("[{\n")
    bad_export = CliRunner().invoke(main, ["diff", str(old), str(new), "--annotations", str(export)])
    assert bad_export.exit_code == 2 and "export.json:2:" in bad_export.output


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_a_config_has_no_changes_from_itself_or_its_formatting(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert diff(labelconfig.parse(text), labelconfig.parse(text)) == []
    assert diff(labelconfig.parse(text), labelconfig.parse(format_config(text))) == []


# --- properties over generated configs ------------------------------------------------------------

LABEL = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x24F, exclude_characters='"<&'), min_size=1, max_size=8
)
OWNERS = {"Choices": "Choice", "Labels": "Label", "Taxonomy": "Choice", "HyperTextLabels": "Label"}


@st.composite
def configs(draw: st.DrawFn) -> list[tuple[str, str, list[str]]]:
    """Controls as (tag, name, labels); all read one Text (or HyperText) object named `obj`."""
    count = draw(st.integers(1, 4))
    names = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), min_size=count, max_size=count, unique=True
        )
    )
    tags = draw(st.lists(st.sampled_from(["Choices", "Labels", "Taxonomy"]), min_size=count, max_size=count))
    return [
        (t, n, draw(st.lists(LABEL.map(str.strip).filter(bool), min_size=1, max_size=5, unique=True)))
        for t, n in zip(tags, names, strict=True)
    ]


def render(controls: list[tuple[str, str, list[str]]], indent: str = "  ") -> str:
    body = [f'{indent}<Text name="obj" value="$text"/>']
    for tag, name, labels in controls:
        options = "".join(f"\n{indent * 2}<{OWNERS[tag]} value={quoteattr(x)}/>" for x in labels)
        body.append(f'{indent}<{tag} name="{name}" toName="obj">{options}\n{indent}</{tag}>')
    return "<View>\n" + "\n".join(body) + "\n</View>"


@settings(max_examples=60, deadline=None)
@given(configs(), st.sampled_from(["  ", "    ", "\t"]))
def test_diff_of_a_config_with_itself_is_empty(
    controls: list[tuple[str, str, list[str]]], indent: str
) -> None:
    # Reindented, too: formatting is no change.
    assert diff(labelconfig.parse(render(controls)), labelconfig.parse(render(controls, indent))) == []


@settings(max_examples=60, deadline=None)
@given(configs(), st.data())
def test_renaming_one_label_is_exactly_one_breaking_change(
    controls: list[tuple[str, str, list[str]]], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(controls) - 1))
    tag, name, labels = controls[i]
    j = data.draw(st.integers(0, len(labels) - 1))
    fresh = data.draw(LABEL.map(str.strip).filter(lambda x: bool(x) and x not in labels))
    renamed = [*controls[:i], (tag, name, [*labels[:j], fresh, *labels[j + 1 :]]), *controls[i + 1 :]]
    changes = diff(labelconfig.parse(render(controls)), labelconfig.parse(render(renamed)))
    assert [(c.kind, c.breaking, c.subject) for c in changes] == [("label-renamed", True, name)]
    assert f'"{labels[j]}" renamed to "{fresh}"' in changes[0].message


REPRO = Path(__file__).resolve().parent / "fixtures" / "quality" / "diff-missed-breaking"


def test_every_change_that_fails_old_results_is_breaking() -> None:
    """Reproducer diff-missed-breaking: Choices multiple -> single, maxRating 10 -> 5, a Taxonomy leaf
    moved, a relation label renamed and `<Text>` -> `<HyperText>` under Labels all break results the
    linter accepted under old.xml; each is listed and counts exactly the results it breaks."""
    old, new = labelconfig.load(REPRO / "old.xml"), labelconfig.load(REPRO / "new.xml")
    tasks = json.loads((REPRO / "export.json").read_text(encoding="utf-8"))
    assert [d for d in old.check_task(tasks[0]) if d.is_error] == []
    errors = [d.path for d in new.check_task(tasks[0]) if d.is_error]
    failing = sorted({path.split(".value")[0].split(".labels")[0] for path in errors})
    assert failing == [f"$.annotations[0].result[{i}]" for i in range(6)]
    changes = diff(old, new)
    counts = count_orphans(changes, tasks)
    found = [(c.kind, c.breaking, c.subject, counts.get(i)) for i, c in enumerate(changes)]
    assert found == [
        ("choice-single", True, "sent", 1),
        ("value-shape-changed", True, "ner", 2),
        ("range-narrowed", True, "stars", 1),
        ("path-moved", True, "tax", 1),
        ("relation-label-renamed", True, "relations", 1),
        ("object-kind-changed", False, "text", None),
    ]
    assert sum(n for _, _, _, n in found if n) == len(failing)
    run = CliRunner().invoke(main, ["diff", str(REPRO / "old.xml"), str(REPRO / "new.xml")])
    assert run.exit_code == 1
    assert "`stars` accepts a narrower range: `rating` 0..5, was 0..10" in run.output
    assert "`tax`: Animal / Cat moved to Plant / Cat" in run.output


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (('choice="multiple"', 'choice="single"'), [("choice-single", True)]),
        (('<Choice value="Negative"/>', '<Choice value="Negative" alias="neg"/>'), [("label-renamed", True)]),
        (
            ('<Labels name="ner" toName="text">', '<Labels name="ner" toName="text" allowEmpty="true">'),
            [("attributes-changed", False)],
        ),
        (
            ('<Text name="text"', '<HyperText name="text"'),
            [
                ("value-shape-changed", True),
                ("object-kind-changed", False),
            ],
        ),
    ],
)
def test_facets_of_the_value_space(edit: tuple[str, str], expected: list[tuple[str, bool]]) -> None:
    base = BASE.replace('toName="text">\n    <Choice', 'toName="text" choice="multiple">\n    <Choice')
    assert _kinds(base, base.replace(*edit)) == expected
