"""Regression tests for issue 18's fidelity findings: severities as Label Studio has them, samples
that pass `check`, render refusing only what Label Studio cannot load, and XML hints that fit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import labelconfig
from labelconfig.cli import main
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
