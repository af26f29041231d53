"""Compiled calculation plans (footprint::plan).

``Plan.bind(methodology, factors, catalog, gwp="AR6", overrides={...})``
binds a methodology to a factor set (or a stack of sets), the packaging
catalog and its fixed parameters: names resolved, dimensions checked,
constants and factor look-ups folded. What is left per shipment is a short
program over the monitored columns, run column-wise by ``compute``.
"""

from __future__ import annotations

import datetime as _dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._data import PathLike
from ._errors import Error, Problem, error
from ._html import escape, html_table
from .factors import FactorSet, FactorsLike, FactorStack, as_stack
from .methodology import Catalog, Methodology

__all__ = ["Plan", "MethodologyLike", "PlanSpec", "bind_count"]

MethodologyLike = Union[Methodology, str, PathLike]


class Plan:
    """A methodology bound to factors, catalog, a GWP set and scenario overrides."""

    def __init__(self, core: "_core.engine.plan", methodology: Methodology, factors: FactorStack, catalog: Catalog):
        self._core = core
        self.methodology = methodology
        self.factors = factors
        self.catalog = catalog

    @classmethod
    def bind(cls, methodology: MethodologyLike = "reusable-packaging-reduction", factors: FactorsLike = None,
             catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
             overrides: Optional[Mapping[str, float]] = None, *, data: Optional[PathLike] = None) -> "Plan":
        """Binds and compiles (footprint::plan::bind).

        methodology: a Methodology, a bundled id, ``id@version`` (an archived
            version, e.g. ``"reusable-packaging-reduction@1.0.0"``) or a .yaml file.
        factors: a FactorSet, a FactorStack, a list of sets (base first, then
            overlays) or a path; default the bundled set.
        catalog: a Catalog or a directory; default the bundled catalog.
        gwp: "AR4", "AR5" or "AR6"; default the base factor set's default (as the command).
        overrides: scenario values of fixed parameters, in each parameter's
            declared unit, e.g. ``{"annual_loss": 0.15, "cycles_per_year": 5}``.

        Raises footprint.Error listing every problem (unknown names, dimension
        errors, factors that cannot resolve, unknown overrides).
        """
        m = Methodology.find(methodology, data) if not isinstance(methodology, Methodology) else methodology
        stack = as_stack(factors)
        if isinstance(catalog, Catalog):
            cat = catalog
        else:
            cat = Catalog.open(catalog, stack)
        chosen_gwp = gwp if gwp is not None else stack.default_gwp
        ov = _override_values(overrides)
        core = _core.engine.plan.bind(m.core, stack._library, cat.core, chosen_gwp, ov)
        return cls(core, m, stack, cat)

    def rebind(self, *, gwp: Optional[str] = None, overrides: Optional[Mapping[str, float]] = None,
               **more_overrides: float) -> "Plan":
        """The same methodology, factors and catalog with another GWP set or more
        overrides (added to this plan's): ``plan.rebind(cycles_per_year=8)``."""
        ov = dict(self.overrides)
        ov.update(overrides or {})
        ov.update(more_overrides)
        return Plan.bind(self.methodology, self.factors, self.catalog, gwp or self.gwp, ov)

    # ---- what it is ------------------------------------------------------------------
    @property
    def core(self) -> "_core.engine.plan":
        """The compiled footprint::plan (the private core object)."""
        return self._core

    @property
    def gwp(self) -> str:
        """The GWP set the plan is bound with: "AR4", "AR5" or "AR6"."""
        return self._core.gwp

    @property
    def overrides(self) -> Dict[str, float]:
        """The scenario overrides of fixed parameters, in their declared units."""
        return dict(self._core.overrides)

    @property
    def factor_sets(self) -> List[FactorSet]:
        """Base set first, then overlays: what a statement records."""
        return self.factors.sets

    def inputs(self) -> List["_core.methodology.monitored_parameter"]:
        """The monitored parameters, in the order batch columns are expected."""
        return list(self._core.inputs())

    def schema(self) -> List[dict]:
        """The shipment columns: shipment_id, customer_id, date, then the monitored parameters."""
        return list(self._core.schema())

    def components(self) -> List[dict]:
        """Components of BE, PE and LE: name, term, stage, credit, rounding."""
        return list(self._core.components())

    def constants(self) -> List[dict]:
        """Values folded at binding (fixed parameters, overrides, catalog data, factors) with their sources."""
        return list(self._core.constants())

    def derivation(self) -> List[Tuple[str, str]]:
        """Each equation in its folded form, e.g. ``BE_units := units * 4.8077``."""
        return list(self._core.derivation())

    def program_size(self) -> int:
        """Instructions per row after folding."""
        return self._core.program_size()

    def explain(self, row: Mapping[str, Any]) -> str:
        """One shipment's full derivation down to the integer grams. `row` maps
        each monitored parameter to its value (numbers in the declared unit,
        dates as date or YYYY-MM-DD)."""
        return self._core.explain(_row_texts(row))

    def evaluate_row(self, row: Mapping[str, Any]) -> Dict[str, float]:
        """One row evaluated by walking the bound tree (a second route to the same numbers)."""
        return dict(self._core.evaluate_row(_row_texts(row)))

    # ---- travelling -------------------------------------------------------------------
    def spec(self) -> "PlanSpec":
        """A small picklable description of this plan (methodology, factor sets,
        catalog, GWP, overrides, with their digests) from which a Dask worker
        rebinds it once."""
        return PlanSpec.of(self)

    def __repr__(self) -> str:
        ov = ", ".join(f"{k}={v:g}" for k, v in sorted(self.overrides.items()))
        sets = " + ".join(f"{s.name} {s.version}" for s in self.factor_sets)
        return (f"<Plan {self.methodology.id} {self.methodology.version} | {sets} | {self.gwp}"
                + (f" | {ov}" if ov else "") + f" | {self.program_size()} instructions per row>")

    def _repr_html_(self) -> str:
        sets = ", ".join(f"{escape(s.name)} {escape(s.version)}" for s in self.factor_sets)
        head = (f"<p><b>Plan</b> {escape(self.methodology.id)} {escape(self.methodology.version)} — factors {sets}, "
                f"GWP {escape(self.gwp)}, overrides {escape(self.overrides or 'none')}, "
                f"{self.program_size()} instructions per row</p>")
        return head + html_table(("equation", "folded form"), self.derivation())


def _override_values(overrides: Optional[Mapping[str, Any]]) -> Dict[str, float]:
    """The overrides as numbers, or footprint.Error `footprint.plan.override-value`
    naming every one that is not a number (a str is read as a number, as the
    command reads ``--set NAME=VALUE``). Ranges, and NaN or infinity, are the
    library's to refuse (`footprint.plan.override-range`)."""
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise TypeError("overrides: expected a dict of fixed parameter names to numbers in their declared units, "
                        f"e.g. {{'annual_loss': 0.15}}, not {type(overrides).__name__}")
    out: Dict[str, float] = {}
    problems = []
    for k, v in overrides.items():
        number: Optional[float] = None
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
            number = float(v)
        elif isinstance(v, str):
            try:
                number = float(v)
            except ValueError:
                number = None
        if number is None:
            shown = repr(v)
            problems.append(Problem(
                id="footprint.plan.override-value", file="<overrides>", field=str(k),
                message=f"override {k}={shown[:60]} is not a number",
                expected=f"a number for {k}, in the parameter's declared unit (e.g. overrides={{'{k}': 0.15}})",
                found=str(v)[:60]))
            continue
        out[str(k)] = number
    if problems:
        raise Error(problems)
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return _core.data.shortest_text(value)
    if isinstance(value, (_dt.datetime,)):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "isoformat") and hasattr(value, "date"):  # pandas.Timestamp, numpy datetime
        return value.date().isoformat()
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[D]"))
    if isinstance(value, np.bool_):
        return "1" if value else "0"
    if isinstance(value, np.floating):
        return _core.data.shortest_text(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def _row_texts(row: Mapping[str, Any]) -> Dict[str, str]:
    return {str(k): _text(v) for k, v in row.items()}


# ---- a plan as a description (what Dask sends to its workers) --------------------------------

@dataclass(frozen=True)
class PlanSpec:
    """What a worker needs to rebind a plan: paths and the digests they must have."""

    methodology_file: str
    methodology_id: str
    methodology_digest: str
    factor_sets: Tuple[str, ...]
    factor_set_digests: Tuple[str, ...]
    catalog: str
    gwp: str
    overrides: Tuple[Tuple[str, float], ...] = ()

    @classmethod
    def of(cls, plan: Plan) -> "PlanSpec":
        """The spec of a bound plan; raises footprint.Error `footprint.dask.spec` when its methodology or catalog was not read from files."""
        m = plan.methodology
        if not m.file or not Path(m.file).is_file():
            raise error("footprint.dask.spec", "the plan's methodology was not loaded from a file",
                        expected="a methodology loaded with Methodology.load or find (workers read the file)",
                        found=m.id, field="methodology")
        if plan.catalog.directory is None:
            raise error("footprint.dask.spec", "the plan's catalog was not opened from a directory",
                        expected="a Catalog opened with Catalog.open", field="catalog")
        return cls(methodology_file=str(Path(m.file).resolve()), methodology_id=m.id, methodology_digest=m.digest,
                   factor_sets=tuple(str(s.file.resolve()) for s in plan.factor_sets),
                   factor_set_digests=tuple(s.digest for s in plan.factor_sets),
                   catalog=str(Path(plan.catalog.directory).resolve()), gwp=plan.gwp,
                   overrides=tuple(sorted(plan.overrides.items())))

    def plan(self) -> Plan:
        """The plan, bound once per process and cached; refuses files whose
        digests differ from the ones the spec was made with."""
        with _cache_lock:
            hit = _cache.get(self)
        if hit is not None:
            return hit
        m = Methodology.load(self.methodology_file)
        sets = [FactorSet.open(p) for p in self.factor_sets]
        problems = []
        if m.digest != self.methodology_digest:
            problems.append(Problem(id="footprint.verify.methodology", file=self.methodology_file,
                                    field="/methodology",
                                    message=f"the methodology {self.methodology_id} on this worker is not the "
                                            f"one the client bound",
                                    expected=f"digest {self.methodology_digest}", found=f"digest {m.digest}"))
        digests = tuple(s.digest for s in sets)
        if digests != self.factor_set_digests:
            problems.append(Problem(id="footprint.verify.factor-set", file=", ".join(self.factor_sets),
                                    field="/factor_sets",
                                    message="the factor set on this worker is not the one the client bound",
                                    expected=", ".join(self.factor_set_digests), found=", ".join(digests)))
        if problems:
            raise Error(problems)
        stack = FactorStack(sets)
        p = Plan.bind(m, stack, Catalog.open(self.catalog, stack), self.gwp, dict(self.overrides))
        with _cache_lock:
            global _binds
            _cache.setdefault(self, p)
            _binds += 1
            return _cache[self]


_cache_lock = threading.Lock()
_cache: Dict[PlanSpec, Plan] = {}
_binds = 0


def bind_count() -> int:
    """How many plans this process has bound from specs (for tests: one per worker and plan)."""
    return _binds
