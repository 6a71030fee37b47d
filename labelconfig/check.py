"""Stage 3: run the rules over a bound config, then apply suppressions and code selection."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from . import suggest
from .bind import Bound, bind
from .diagnostics import Diagnostic, sort_key
from .parse import Parsed, parse_source
from .rules import BY_CODE, CHECKS
from .source import Source
from .syntax import INVALID_SUPPRESSION
from .view import Config


def codes_of(values: Iterable[str]) -> tuple[str, ...]:
    """Rule codes or prefixes as flags and settings give them: `LC2,lc301` and `LC2 LC301` alike."""
    out: list[str] = []
    for value in values:
        out += [p.strip().upper() for p in value.replace(",", " ").split()]
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Layer:
    """The codes one source names (the settings file, then the command line), combined as ruff does:
    a `select` replaces what the sources before chose, `extend_select` and `ignore` adjust it, and
    within a source the most specific selector naming a code wins (`ignore` on a tie)."""

    select: tuple[str, ...] = ()  # empty: keep what came before
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def decide(self, code: str) -> bool | None:
        """Whether this source turns `code` on or off; None when it names no prefix of it."""
        best: tuple[int, bool] | None = None
        for prefix in (*self.select, *self.extend_select):
            if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), True)
        for prefix in self.ignore:
            if code.startswith(prefix) and (best is None or len(prefix) >= best[0]):
                best = (len(prefix), False)
        return None if best is None else best[1]


@dataclass(frozen=True, slots=True)
class Selection:
    """Which codes to report: every code, then each layer's adjustments in order (see `Layer`)."""

    layers: tuple[Layer, ...] = ()

    def wants(self, code: str) -> bool:
        on = True
        for layer in self.layers:
            decided = layer.decide(code)
            if decided is not None:
                on = decided
            elif layer.select:
                on = False
        return on

    def unknown(self) -> list[str]:
        """The codes and prefixes that name no rule (`LC999`): they would select or silence nothing."""
        named = (c for layer in self.layers for c in (*layer.select, *layer.extend_select, *layer.ignore))
        return [p for p in named if not any(c.startswith(p) for c in BY_CODE)]

    def then(self, layer: Layer) -> Selection:
        return Selection((*self.layers, layer)) if layer != Layer() else self

    @classmethod
    def of(
        cls, select: Iterable[str] = (), ignore: Iterable[str] = (), extend_select: Iterable[str] = ()
    ) -> Selection:
        """One source's choice: `select` (empty means everything), plus `extend_select`, minus `ignore`."""
        return cls().then(Layer(codes_of(select), codes_of(extend_select), codes_of(ignore)))


EVERYTHING = Selection()


def run(source: Source, selection: Selection = EVERYTHING) -> tuple[Parsed, Bound | None, list[Diagnostic]]:
    parsed = parse_source(source)
    found: list[Diagnostic] = list(parsed.diagnostics)
    bound = None
    found.extend(unknown_codes(parsed))
    if parsed.root is not None:
        bound = bind(source, parsed.root)
        with suggest.budget():
            for check in CHECKS:
                found.extend(check(bound))
    return parsed, bound, finish(found, source, parsed, selection)


def unknown_codes(parsed: Parsed) -> Iterator[Diagnostic]:
    """Codes in `labelconfig:` comments that name no rule and no prefix of one: they silence nothing."""
    for d in parsed.directives:
        upper = d.code.upper()
        if not re.fullmatch(r"LC[0-9]{0,3}", upper) or not any(c.startswith(upper) for c in BY_CODE):
            yield INVALID_SUPPRESSION.diag(
                d.span,
                f"`{d.code}` in `labelconfig: {d.keyword}` is not a rule code or prefix",
                help="name codes like `LC201` or prefixes like `LC2`, separated by commas or spaces "
                "(`labelconfig rules` lists them)",
                path="/",
            )


C = TypeVar("C", bound=Config)


def check_source(source: Source, selection: Selection, factory: type[C]) -> C:
    """Parse, bind and check `source` into a `factory` (`Config` or the public subclass with payloads)."""
    _, bound, found = run(source, selection)
    return factory(bound, found, source.text)


def finish(
    found: Sequence[Diagnostic], source: Source, parsed: Parsed, selection: Selection
) -> list[Diagnostic]:
    suppressions = _suppressions(parsed)
    out = []
    for d in found:
        if not selection.wants(d.code):
            continue
        if "*" in parsed.file_ignores or _matches(d.code, parsed.file_ignores):
            continue
        if any(
            _covers(path, d.path) and (_matches(d.code, codes) or "*" in codes)
            for path, codes in suppressions
        ):
            continue
        out.append(d if d.file == source.file else replace(d, file=source.file))
    out.sort(key=sort_key)
    return out


def _suppressions(parsed: Parsed) -> list[tuple[str, frozenset[str]]]:
    if parsed.root is None:
        return []
    return [(el.path, el.ignores) for el in parsed.root.iter() if el.ignores]


def _covers(element_path: str, diagnostic_path: str) -> bool:
    if not diagnostic_path.startswith(element_path):
        return False
    rest = diagnostic_path[len(element_path) :]
    return not rest or rest[0] == "/"


def _matches(code: str, codes: Iterable[str]) -> bool:
    return any(code.startswith(c) for c in codes if c != "*")
