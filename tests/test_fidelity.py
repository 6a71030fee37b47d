"""Regression tests for issue 18's fidelity findings: severities as Label Studio has them, samples
that pass `check`, render refusing only what Label Studio cannot load, and XML hints that fit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import labelconfig
from labelconfig.cli import main
from labelconfig.payloads.sample import sample, sample_conflicts
from labelconfig.render import render_html
from labelconfig.rules import RULES

# repro/quality/lc001-ampersand-hint
AMPERSAND = """<View>
  <Header value="Cats & Dogs"/>
</View>
"""


def test_raw_ampersand_is_told_to_become_amp() -> None:
    [d] = labelconfig.check_config(AMPERSAND)
    assert d.code == "LC001"
    assert d.help == "write a literal `&` as `&amp;`"
    assert (d.line, d.column) == (2, 23)


def test_raw_less_than_keeps_its_own_hint() -> None:
    [d] = labelconfig.check_config("<View>a < b</View>")
    assert "`&lt;`" in d.help


def test_text_spacer_with_empty_value_is_a_warning() -> None:
    # Label Studio's schema only asks that `value` be present, and the editor shows an empty object.
    config = """<View>
  <Text name="spacer" value=""/>
  <Text name="text" value="$text"/>
  <Choices name="c" toName="text"><Choice value="a"/></Choices>
</View>"""
    [d] = labelconfig.check_config(config)
    assert (d.code, d.severity) == ("LC211", labelconfig.Severity.WARNING)
    assert labelconfig.parse(config).ok


# repro/forms/render-refuses-ls-gallery-templates: Label Studio's own gallery loads these.
GALLERY = Path(__file__).parent / "fixtures" / "render_findings"


@pytest.mark.parametrize(
    ("name", "code", "control"),
    [
        ("ls-pairwise-regression.xml", "LC306", "rating"),
        ("ls-document-retrieval.yml", "LC402", "selection"),
        ("mammogram.xml", "LC306", "notes"),
    ],
)
def test_render_draws_what_label_studio_loads_with_a_banner(
    tmp_path: Path, name: str, code: str, control: str
) -> None:
    out = tmp_path / "form.html"
    result = CliRunner().invoke(main, ["render", str(GALLERY / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert code in result.stderr  # the findings are reported, not hidden
    page = out.read_text(encoding="utf-8")
    banner = page[page.index('<section class="lc-findings"') :]
    banner = banner[: banner.index("</section>")]
    assert f"<code>{code}</code>" in banner
    assert f'data-lc-control="{control}"' in page


def test_render_refuses_what_label_studio_cannot_load(tmp_path: Path) -> None:
    config = tmp_path / "unknown.xml"
    config.write_text('<View><Foo/><Text name="t" value="$t"/><TextArea name="a" toName="t"/></View>')
    result = CliRunner().invoke(main, ["render", str(config), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "LC102" in result.stderr
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(ValueError, match="LC102"):
        render_html(labelconfig.parse(config.read_text()))


def test_clean_config_has_no_banner() -> None:
    page = render_html(
        labelconfig.parse('<View><Text name="t" value="$t"/><TextArea name="a" toName="t"/></View>')
    )
    assert "lc-findings" not in page


def test_refused_rules_are_errors_that_say_label_studio_cannot_load_them() -> None:
    refused = [r for r in RULES if r.refused]
    assert {"LC102", "LC301", "LC302"} <= {r.code for r in refused}
    for rule in refused:
        assert rule.severity is labelconfig.Severity.ERROR, rule.code
        said = re.search(r"refuse|cannot be (saved|labeled)|not shown|cannot check", rule.behaviour)
        assert said, rule.code
    assert not any(r.refused for r in RULES if r.code in ("LC306", "LC402"))


# Item 2: `sample` prints a task and a prediction that pass `check`, on every config without errors.
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"


def _clean_configs() -> list[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*.xml")):
        cfg = labelconfig.parse(path.read_bytes(), filename=path.name)
        if cfg.root is not None and cfg.ok:
            found.append(path)
    return found


CLEAN = _clean_configs()


def test_the_corpus_holds_the_hard_cases() -> None:
    assert len(CLEAN) >= 100
    assert {p.name for p in SAMPLES.glob("*.xml")} <= {p.name for p in CLEAN}


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_sample_passes_check(path: Path) -> None:
    cfg = labelconfig.parse(path.read_bytes(), filename=path.name)
    task = sample(cfg)
    found = cfg.check_task(task)
    found += [d for p in task["predictions"] for d in cfg.check_prediction(p, task)]
    if sample_conflicts(cfg):  # no value fits every tag reading one field: only that is reported
        assert {d.code for d in found} == {"LC702"}, found
    else:
        assert found == [], [(d.code, d.path, d.message) for d in found]


def test_sample_of_the_hard_cases() -> None:
    def made(name: str) -> dict[str, Any]:
        return sample(labelconfig.parse((SAMPLES / name).read_text(encoding="utf-8")))

    [taxonomy] = made("taxonomy_api_url.xml")["predictions"][0]["result"]
    assert taxonomy["value"]["taxonomy"] == [["Option A"]]  # paths, as loaded from apiUrl
    results = made("relations_without_relation.xml")["predictions"][0]["result"]
    assert [r["type"] for r in results] == ["labels", "labels", "relation"]  # no result for <Relations>
    nested = made("nested_repeaters.xml")
    assert nested["data"]["a"][1]["b"][1]["text"]
    assert nested["predictions"][0]["result"][0]["from_name"] == "c_0_0"
    assert isinstance(made("textarea_prefilled.xml")["data"]["draft"], str)  # TextArea pre-fills text
    assert made("one_field_image_and_text.xml")["data"]["x"].startswith("https://")  # both accept a URL


def test_sample_says_why_no_task_fits(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sample", str(SAMPLES / "one_field_text_and_paragraphs.xml")])
    assert result.exit_code == 0
    assert "no value of `$x` fits every tag that reads it" in result.stderr
    assert '`<Paragraphs name="p">` `value` wants a list of objects' in result.stderr
    assert json.loads(result.stdout)["predictions"]


def test_nested_repeater_copies_are_checked_per_item() -> None:
    cfg = labelconfig.parse((SAMPLES / "nested_repeaters.xml").read_text(encoding="utf-8"))
    data = {"a": [{"b": [{"text": "x"}]}, {"b": [{"text": 3}, {"text": "y"}]}]}
    [d] = cfg.check_task({"data": data})
    assert (d.code, d.path) == ("LC702", '$.data["a[1].b[0].text"]')
    answer = {"from_name": "c_1_1", "to_name": "t_1_1", "type": "choices", "value": {"choices": ["Y"]}}
    assert cfg.check_prediction({"result": [answer]}, {"data": data}) == []
    past = {**answer, "from_name": "c_0_1", "to_name": "t_0_1"}
    assert [d.code for d in cfg.check_prediction({"result": [past]}, {"data": data})] == ["LC802"]


def test_readme_lists_the_refused_rules() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"\(`Rule\.refused`: ([^)]*)\)", readme.replace("\n", " "))
    assert listed is not None
    named: set[str] = set()
    for part in listed.group(1).split(", "):
        first, _, last = part.partition("-")
        codes = [r.code for r in RULES if first <= r.code <= (last or first)]
        named.update(codes)
    assert named == {r.code for r in RULES if r.refused}
