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
