"""Developer check: compare the package registry with the shared spec (`../shared/spec/tags.yaml`).

Not a test (tests must not depend on ../shared). Run it after editing the registry:

    python scripts/compare_spec.py [path/to/tags.yaml]

Prints every disagreement and exits 1 when there is any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from labelconfig.tags import REGISTRY
from labelconfig.tags.model import ANY_OBJECT, UNSET, Children, Need

DEFAULT_SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "tags.yaml"


def _range(text: str | None) -> tuple[float | None, float | None]:
    if not text:
        return None, None
    m = re.fullmatch(r"\s*([-\d.]+)\s*\.\.\s*([-\d.]+)\s*", str(text))
    if m:
        return float(m.group(1)), float(m.group(2))
    return None, None


def compare(spec_path: Path) -> list[str]:
    spec = yaml.safe_load(spec_path.read_text())["tags"]
    problems: list[str] = []
    for name in sorted(set(spec) - set(REGISTRY)):
        problems.append(f"{name}: missing from the registry")
    for name in sorted(set(REGISTRY) - set(spec)):
        problems.append(f"{name}: in the registry but not in the spec")
    for name, want in spec.items():
        got = REGISTRY.get(name)
        if got is None:
            continue
        out = problems.append
        if got.kind != want["kind"]:
            out(f"{name}: kind {got.kind} != {want['kind']}")
        if got.status != want["status"]:
            out(f"{name}: status {got.status} != {want['status']}")
        want_parents = () if want.get("parents") == "any" else tuple(want.get("parents") or ())
        if set(got.parents) != set(want_parents):
            out(f"{name}: parents {got.parents} != {want_parents}")
        wc = want.get("children")
        gc = got.children
        gcs = str(gc) if isinstance(gc, Children) else sorted(gc)
        wcs = wc if isinstance(wc, str) else sorted(wc)
        if gcs != wcs:
            out(f"{name}: children {gcs} != {wcs}")
        if (got.editor_name or None) != (want.get("editor_type") or None):
            out(f"{name}: editor_name {got.editor_name} != {want.get('editor_type')}")
        want_attrs = {a["name"]: a for a in want.get("attributes") or []}
        got_attrs = {a.name: a for a in got.attrs}
        for a in sorted(set(want_attrs) - set(got_attrs)):
            out(f"{name}.{a}: missing attribute")
        for a in sorted(set(got_attrs) - set(want_attrs)):
            out(f"{name}.{a}: extra attribute")
        for a, w in want_attrs.items():
            g = got_attrs.get(a)
            if g is None:
                continue
            if g.type != w["type"]:
                out(f"{name}.{a}: type {g.type} != {w['type']}")
            if tuple(w.get("values") or ()) != g.values:
                out(f"{name}.{a}: values {g.values} != {w.get('values')}")
            if (w.get("default") if w.get("default") is not None else None) != g.default:
                out(f"{name}.{a}: default {g.default!r} != {w.get('default')!r}")
            wed = w.get("editor_default", UNSET)
            if wed != g.editor_default:
                out(f"{name}.{a}: editor_default {g.editor_default!r} != {wed!r}")
            if bool(w.get("required")) != (g.need is not Need.OPTIONAL):
                out(f"{name}.{a}: need {g.need} != required={w.get('required')}")
            if g.origin != w.get("source"):
                out(f"{name}.{a}: origin {g.origin} != {w.get('source')}")
            lo, hi = _range(w.get("range"))
            if (lo, hi) != (None, None) and (g.min, g.max) != (lo, hi):
                out(f"{name}.{a}: range {(g.min, g.max)} != {(lo, hi)}")
        ignored = {i["attribute"] for i in want.get("seen_in_real_configs_but_ignored") or []}
        if ignored != set(got.ignored):
            out(f"{name}: ignored {sorted(got.ignored)} != {sorted(ignored)}")
        data = want.get("data")
        if data and got.kind == "object" and got.data is None:
            out(f"{name}: data spec missing")
        control = want.get("control")
        if control:
            r = got.result
            if r is None:
                out(f"{name}: result spec missing")
                continue
            if r.type != control.get("result_type"):
                out(f"{name}: result type {r.type} != {control.get('result_type')}")
            targets = control.get("targets")
            if isinstance(targets, list) and not any("itself" in t or "any" in t for t in targets):
                if set(r.targets) != set(targets):
                    out(f"{name}: targets {r.targets} != {targets}")
            elif isinstance(targets, str) and targets.startswith("any object") and r.targets != (ANY_OBJECT,):
                out(f"{name}: targets {r.targets} != any object")
            enforced = bool(control.get("targets_enforced_by_editor"))
            if r.enforced != enforced:
                out(f"{name}: enforced {r.enforced} != {enforced}")
            if r.multiple_to_name != bool(control.get("multiple_to_name")):
                out(f"{name}: multiple_to_name {r.multiple_to_name} != {control.get('multiple_to_name')}")
            if bool(control.get("per_region")) != r.per_region:
                out(f"{name}: per_region {r.per_region} != {bool(control.get('per_region'))}")
            value = control.get("value")
            if isinstance(value, dict):
                want_keys = {k: bool(v.get("required")) for k, v in value.items()}
                got_keys = {f.key: f.required for f in r.value}
                if want_keys != got_keys:
                    out(f"{name}: value fields {got_keys} != {want_keys}")
            by_target = control.get("value_by_target") or {}
            for target, fields in by_target.items():
                if isinstance(fields, dict):
                    got_fields = {f.key: f.required for f in r.by_target.get(target, ())}
                    want_fields = {k: bool(v.get("required")) for k, v in fields.items()}
                    if got_fields != want_fields:
                        out(f"{name}: value fields on {target} {got_fields} != {want_fields}")
    return problems


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SPEC
    problems = compare(path)
    for p in problems:
        print(p)
    print(f"{len(problems)} disagreements across {len(REGISTRY)} registered tags")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
