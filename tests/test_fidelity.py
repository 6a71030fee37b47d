"""Regression tests for issue 18's fidelity findings: severities as Label Studio has them, samples
that pass `check`, render refusing only what Label Studio cannot load, and XML hints that fit."""

from __future__ import annotations

import labelconfig

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
