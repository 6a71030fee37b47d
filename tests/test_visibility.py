"""`required` under `visibleWhen`: owed exactly when the editor shows the control (checker side)."""

from __future__ import annotations

from typing import Any

from render_support import codes

import labelconfig

CONFIG = """
<View>
  <Text name="t" value="$t"/>
  <Choices name="kind" toName="t"><Choice value="A"/><Choice value="B"/><Choice value="C"/></Choices>
  <View visibleWhen="choice-selected" whenTagName="kind" whenChoiceValue="B, C">
    <View>
      <Choices name="deep" toName="t" required="true"><Choice value="x"/></Choices>
    </View>
  </View>
  <Choices name="unless" toName="t" required="true" visibleWhen="choice-unselected" whenTagName="kind">
    <Choice value="y"/>
  </Choices>
  <Choices name="anyone" toName="t" required="true" visibleWhen="choice-selected">
    <Choice value="z"/>
  </Choices>
  <Choices name="on_region" toName="t" required="true" visibleWhen="region-selected">
    <Choice value="w"/>
  </Choices>
</View>"""


def _owed(*answers: tuple[str, str]) -> list[str]:
    cfg = labelconfig.parse(CONFIG)
    result: list[dict[str, Any]] = [
        {"id": f"r{i}", "from_name": name, "to_name": "t", "type": "choices", "value": {"choices": [v]}}
        for i, (name, v) in enumerate(answers)
    ]
    return sorted(c.split("`")[1] for c in codes(cfg.check_annotation({"result": result}, {"t": "x"})))


def test_required_only_where_shown() -> None:
    assert _owed() == ["unless"]  # nothing chosen: only the choice-unselected control shows
    assert _owed(("kind", "A")) == ["anyone"]  # any choice shows `anyone`; A does not show `deep`
    assert _owed(("kind", "C")) == ["anyone", "deep"]  # shown through the outer View, two levels up
    assert _owed(("kind", "C"), ("deep", "x"), ("anyone", "z")) == []
    # `on_region` shows only while a region is selected, which no annotation records: never owed.


def test_check_annotations_accepts_what_the_page_submitted(tmp_path: Any) -> None:
    """The reproducer: the page submitted `sentiment` only, its reasons hidden; the CLI agrees."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from labelconfig.cli import main

    folder = Path(__file__).parent / "fixtures" / "forms" / "hidden-required-fails-lint"
    args = ["check", str(folder / "config.xml"), "--annotations", str(folder / "annotation.json")]
    assert CliRunner().invoke(main, args).exit_code == 0
    shown = json.loads((folder / "annotation.json").read_text(encoding="utf-8"))
    shown["result"][0]["value"]["choices"] = ["Negative"]  # now the reasons show, and are owed
    (tmp_path / "a.json").write_text(json.dumps(shown), encoding="utf-8")
    result = CliRunner().invoke(main, [*args[:3], str(tmp_path / "a.json")])
    assert result.exit_code == 1 and "LC819" in result.output and "`reason`" in result.output
