"""The rule catalogue. Each family module declares its rules next to the checks that emit them;
this module only lists the families in order. Checks are plain generators over a bound config."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType

from .. import syntax
from ..backend import codes as backend_codes  # declarations only, like the payload codes
from ..bind import Bound
from ..diagnostics import Diagnostic, Rule
from ..payloads import codes as payload_codes  # declarations only: light, and below the checkers
from . import attributes, conditions, options, references, structure, variables

Check = Callable[[Bound], Iterator[Diagnostic]]

_FAMILIES = (syntax, structure, attributes, references, options, conditions, variables)

CONFIG_RULES: tuple[Rule, ...] = tuple(r for f in _FAMILIES for r in f.RULES)
CHECKS: tuple[Check, ...] = tuple(c for f in _FAMILIES for c in f.CHECKS)

# Payload rules (task data LC7xx, results LC8xx, records LC9xx) are checked by `labelconfig.payloads`.
PAYLOAD_RULES: tuple[Rule, ...] = payload_codes.RULES
# ML-backend contract rules (LC95x, LC96x) are checked by `labelconfig.backend` against a running server.
BACKEND_RULES: tuple[Rule, ...] = backend_codes.RULES
RULES: tuple[Rule, ...] = CONFIG_RULES + PAYLOAD_RULES + BACKEND_RULES
BY_CODE: Mapping[str, Rule] = MappingProxyType({r.code: r for r in RULES})
assert len(BY_CODE) == len(RULES), "a rule code is declared twice"
assert len({r.name for r in RULES}) == len(RULES), "a rule name is declared twice"

__all__ = ["BY_CODE", "CHECKS", "RULES", "Check"]
