"""Names kept for one release after they moved (docs/python.md, "Deprecated names").

Each one warns (``DeprecationWarning``) and forwards to its new home; all go
in the next release. This is the package's top layer: the methods below
belonged to classes of lower layers (``Methodology``, ``Plan``) but did the
work of higher ones (binding, ``compute``, statements), so they cannot stay
in their classes without an import against the layers. They are attached
here, where every layer is importable, and nowhere else.
"""

from __future__ import annotations

from typing import Any, Tuple

from ._data import PathLike
from ._errors import deprecated
from .factors import FactorsLike
from .frame import compute
from .methodology import Catalog, Methodology
from .plan import Plan
from .statement import Statement

__all__: list = []


def _warn(old: str, new: str) -> None:
    deprecated(old, new, stacklevel=4)


def _methodology_check(self: Methodology, factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None,
                       gwp: str = "AR6") -> Plan:
    """Deprecated: ``footprint.Plan.bind(methodology, factors, catalog, gwp)`` binds and checks."""
    _warn("Methodology.check()", "footprint.Plan.bind(methodology, factors=..., catalog=..., gwp=...)")
    return Plan.bind(self, factors=factors, catalog=catalog, gwp=gwp)


def _plan_compute(self: Plan, data: Any, **kwargs: Any) -> Any:
    """Deprecated: ``footprint.compute(data, plan=plan, ...)``."""
    _warn("Plan.compute()", "footprint.compute(data, plan=plan, ...)")
    return compute(data, plan=self, **kwargs)


def _plan_statement(self: Plan, shipments: Any, customer: str, period: Tuple[Any, Any]) -> Statement:
    """Deprecated: ``footprint.Statement.build(plan, shipments, customer=..., period=...)``."""
    _warn("Plan.statement()", "footprint.Statement.build(plan, shipments, customer=..., period=...)")
    return Statement.build(self, shipments, customer=customer, period=period)


Methodology.check = _methodology_check  # type: ignore[attr-defined]
Plan.compute = _plan_compute  # type: ignore[attr-defined]
Plan.statement = _plan_statement  # type: ignore[attr-defined]
