"""Generated config edits and results valid under a config, for the properties of `diff` and
`migrate` (tests/test_diff_property.py, tests/test_migrate.py).

The results cover the config's value space at its edges, read from the payload model: every label,
every accepted Taxonomy path, all labels at once where several are allowed, an empty label list where
allowed, each range the config sets at both of its ends, each relation label, and each optional
control left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

from labelconfig.config import Config
from labelconfig.payloads.model import ControlModel, ResultModel
from labelconfig.payloads.sample import sample_prediction
from labelconfig.payloads.space import accepted_paths
from labelconfig.tags.model import F


@dataclass(frozen=True)
class Spec:
    """The editable facts of a generated config."""

    obj: str = "Text"
    variable: str = "text"
    choices_name: str = "sent"
    choice: str = "single"
    choices: tuple[str, ...] = ("Pos", "Neg")
    aliases: tuple[str | None, ...] = (None, None)
    labels: tuple[str, ...] = ("PER", "ORG")
    allow_empty: bool = False
    max_rating: int = 5
    number: tuple[int | None, int | None] = (None, None)
    tree: tuple[tuple[str, tuple[str, ...]], ...] = (("Animal", ("Cat", "Dog")), ("Plant", ()))
    leafs_only: bool = False
    only: str | None = None
    per_region: bool = False
    required: bool = False
    relations: tuple[str, ...] = ("works_for",)
    hotkey: str | None = None


def render(s: Spec) -> str:
    def a(name: str, value: object) -> str:
        return (
            ""
            if value is None or value is False
            else f" {name}={quoteattr(str(value).lower() if value is True else str(value))}"
        )

    choices = "".join(
        f"<Choice value={quoteattr(v)}{a('alias', al)}{a('hotkey', s.hotkey if i == 0 else None)}/>"
        for i, (v, al) in enumerate(zip(s.choices, s.aliases, strict=True))
    )
    labels = "".join(f"<Label value={quoteattr(v)}/>" for v in s.labels)
    tree = "".join(
        f"<Choice value={quoteattr(top)}>"
        + "".join(f"<Choice value={quoteattr(x)}/>" for x in kids)
        + "</Choice>"
        for top, kids in s.tree
    )
    relations = "".join(f"<Relation value={quoteattr(v)}/>" for v in s.relations)
    lo, hi = s.number
    return f"""<View>
  <{s.obj} name="text" value="${s.variable}"/>
  <Choices name="{s.choices_name}" toName="text" choice="{s.choice}">{choices}</Choices>
  <Labels name="ner" toName="text"{a("allowEmpty", s.allow_empty)}>{labels}</Labels>
  <Rating name="stars" toName="text" maxRating="{s.max_rating}"/>
  <Number name="score" toName="text"{a("min", lo)}{a("max", hi)}/>
  <Taxonomy name="tax" toName="text"{a("leafsOnly", s.leafs_only)}>{tree}</Taxonomy>
  <DateTime name="when" toName="text"{a("only", s.only)}/>
  <TextArea name="note" toName="text"{a("perRegion", s.per_region)}{a("required", s.required)}/>
  <Relations>{relations}</Relations>
</View>"""


NAMES = st.sampled_from(["Pos", "Neg", "Mixed", "Good", "PER", "ORG", "LOC", "Cat", "Dog", "Cow"])


@st.composite
def edits(draw: st.DrawFn, s: Spec) -> Spec:
    """`s` with a few of its facts changed; each change may widen, narrow or only restyle."""
    options: dict[str, st.SearchStrategy[Any]] = {
        "obj": st.sampled_from(["Text", "HyperText"]),
        "variable": st.sampled_from(["text", "body"]),
        "choices_name": st.sampled_from(["sent", "mood"]),
        "choice": st.sampled_from(["single", "multiple"]),
        "choices": st.lists(NAMES, min_size=2, max_size=2, unique=True).map(tuple),
        "aliases": st.tuples(st.sampled_from([None, "p", "P"]), st.sampled_from([None, "n"])),
        "labels": st.lists(NAMES, min_size=1, max_size=3, unique=True).map(tuple),
        "allow_empty": st.booleans(),
        "max_rating": st.integers(3, 10),
        "number": st.tuples(st.sampled_from([None, -5, 0, 2]), st.sampled_from([None, 5, 10, 100])),
        "tree": st.sampled_from(
            [
                (("Animal", ("Cat", "Dog")), ("Plant", ())),
                (("Animal", ("Cat",)), ("Plant", ("Dog",))),
                (("Animal", ()), ("Plant", ("Cat",))),
                (("Animal", ("Cat", "Dog", "Cow")), ("Plant", ())),
                (("Beast", ("Cat", "Dog")), ("Plant", ())),
            ]
        ),
        "leafs_only": st.booleans(),
        "only": st.sampled_from([None, "date", "year", "month"]),
        "per_region": st.booleans(),
        "required": st.booleans(),
        "relations": st.lists(
            st.sampled_from(["works_for", "employs", "knows"]), max_size=2, unique=True
        ).map(tuple),
        "hotkey": st.sampled_from([None, "p", "q"]),
    }
    keys = draw(st.lists(st.sampled_from(sorted(options)), min_size=1, max_size=3, unique=True))
    return replace(s, **{k: draw(options[k]) for k in keys})


# --- results valid under OLD, covering its value space ----------------------------------------------


def _variants(c: ControlModel, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Values at the edges of what `c` accepts, each as a copy of `result`."""
    out = []
    value = result["value"]
    shape = c.shape_for(c.targets.get(result["to_name"], "*"), value)
    key = shape.labels_key
    if key is not None and not c.dynamic:
        if c.type == "taxonomy" or c.nested:
            answers = [[list(p)] for p in sorted(accepted_paths(c))]
            everything = [list(p) for p in sorted(accepted_paths(c))]
        else:
            answers = [[label] for label in c.label_order]
            everything = list(c.label_order)
        if not c.single and len(everything) > 1:
            answers.append(everything)
        if c.allow_empty:
            answers.append([])
        out.extend({**result, "value": {**value, key: answer}} for answer in answers)
    for f in (f for f in shape.fields if f.bounds_from != (None, None)):  # ranges the config sets
        # An open end is witnessed by a value far out on that side.
        for end in (-1e6 if f.min is None else f.min, 1e6 if f.max is None else f.max):
            if f.type in (F.INTEGER, F.NUMBER) and f.key in value:
                number = int(end) if f.type is F.INTEGER else float(end)
                out.append({**result, "value": {**value, f.key: number}})
    return out


def annotations(cfg: Config, data: dict[str, Any]) -> list[dict[str, Any]]:
    base = sample_prediction(cfg, data)["result"]
    model = ResultModel(cfg)
    found = [{"result": base}]
    for i, r in enumerate(base):
        if r.get("type") == "relation":
            for label in model.relation_labels:
                found.append({"result": [*base[:i], {**r, "labels": [label]}, *base[i + 1 :]]})
            continue
        c = model.controls.get(r.get("from_name", ""))
        if c is None:
            continue
        for variant in _variants(c, r):
            found.append({"result": [*base[:i], variant, *base[i + 1 :]]})
        if not c.must_answer and not c.makes_regions:  # (a region may be what a relation joins)
            found.append({"result": [*base[:i], *base[i + 1 :]]})  # the control left unanswered
    return found
