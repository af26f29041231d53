"""Seeded Monte Carlo on one customer's statement: how sure is its reduction,
and which input matters (docs/uncertainty.md).

A statement's totals are linear in the factors' multipliers (the library checks
it): ``ER(m) = ER0 + Σ_f c_f (m_f − 1)``. ``statement_uncertainty`` builds the
statement, measures every coefficient c_f in one more reading of the shipments
(a ``StatementModel``), draws the multipliers (one draw per factor and
iteration, shared by every shipment that uses it) and summarises the draws, as
``footprint uncertainty --json`` does: the same seed and iterations give the
same numbers, to the bit, as the command and as any split of the iterations
over threads or Dask workers (``footprint.dask.statement_uncertainty``).
"""

from __future__ import annotations

import html as _html
import os
from statistics import NormalDist
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

import pandas as pd

from . import _core
from ._data import PathLike
from .factors import FactorsLike
from .frame import _frame_specs, _resolve_plan
from .methodology import Catalog
from .plan import MethodologyLike, Plan
from .statement import DateLike, Statement, _day

__all__ = ["StatementModel", "StatementUncertainty", "statement_uncertainty", "statement_model", "summarise_draws",
           "TOTALS", "SUMMARY_COLUMNS"]

#: The totals drawn, as the summary's rows name them, with their key in the core's result.
TOTALS: Tuple[Tuple[str, str], ...] = (("BE", "baseline_t"), ("PE", "project_t"), ("ER", "reduction_t"))
#: The summary's columns (tonnes CO2e).
SUMMARY_COLUMNS: Tuple[str, ...] = ("deterministic_t", "mean", "sd", "p2_5", "p5", "median", "p95", "p97_5")

_LOW, _HIGH = 0.025, 0.975


class StatementModel:
    """The linear model of one customer's statement: its deterministic totals
    (grams), one term per factor the statement uses (its distribution and
    grams of BE, PE, LE, ER per unit of its multiplier) and the linearity check.
    Draw it with ``draw(seed, first, last)``; it pickles through its JSON
    (``footprint-statement-model/1``), which reads back to the same bits, so a
    Dask worker draws exactly what this process would."""

    def __init__(self, core: Any):
        self._core = core

    @classmethod
    def from_json(cls, text: str) -> "StatementModel":
        """The model from its JSON text (``to_json()``)."""
        return cls(_core.uncertainty.statement_model_from_json(text))

    def to_json(self) -> str:
        """The model as JSON text (footprint-statement-model/1); every number reads back to the same bits."""
        return _core.uncertainty.statement_model_json(self._core)

    @property
    def customer(self) -> str:
        """The customer id."""
        return self._core.customer

    @property
    def shipments(self) -> int:
        """Shipments the statement counts."""
        return int(self._core.shipments)

    @property
    def deterministic_g(self) -> Dict[str, int]:
        """Totals at every multiplier 1, grams CO2e: baseline, project, leakage, reduction (the statement's)."""
        return dict(self._core.deterministic_g)

    @property
    def linearity(self) -> Dict[str, int]:
        """ER measured with every factor moved at once minus the linear prediction (residual_g), and what
        rounding of grams per shipment allows (bound_g)."""
        return {"residual_g": int(self._core.linearity_residual_g), "bound_g": int(self._core.linearity_bound_g)}

    def terms(self) -> pd.DataFrame:
        """One row per factor (sorted by id): distribution, multiplier mean and sd, grams per unit of multiplier."""
        return pd.DataFrame(self._core.terms)

    def multiplier_quantile(self, term: int, q: float) -> float:
        """The q-quantile (0 < q < 1) of term `term`'s multiplier (the draws are monotone in their normal or
        uniform number, so this is the draw at that number's q-quantile)."""
        if not 0 < q < 1:
            raise ValueError(f"q must be in (0, 1), not {q!r}")
        return float(self._core.multiplier_at(term, NormalDist().inv_cdf(q), q))

    def draw(self, seed: int, first: int, last: int, threads: int = 1) -> Any:
        """Iterations [first, last) drawn with `seed` (core statement_draws; the same bits on any thread count)."""
        return _core.uncertainty.draw_statement(self._core, seed, first, last, threads)

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (StatementModel.from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StatementModel) and other.to_json() == self.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        er = self.deterministic_g["reduction"]
        return (f"<StatementModel {self.customer}: {self.shipments} shipments, ER {er} g CO2e, "
                f"{len(self._core.terms)} factors>")


class StatementUncertainty:
    """The Monte Carlo of one customer's statement.

    summary: rows BE, PE, ER; columns deterministic_t, mean, sd, p2_5, p5,
        median, p95, p97_5 (tonnes CO2e).
    factors: one row per factor, largest first-order Sobol index first (as
        the command lists them): factor_id, distribution, multiplier mean/sd,
        BE_t/PE_t/ER_t per unit multiplier (the coefficients), spearman (ρ with
        ER), variance_share (ρ² / Σρ²), sobol (c² Var(m) / Σ c² Var(m), exact
        for the linear model), and ER_low_t / ER_high_t: ER with only that
        factor at its multiplier's 2.5 % and 97.5 % quantiles (one at a time).
    draws: one row per iteration: BE_t, PE_t, ER_t and each factor's multiplier.
    model: the StatementModel drawn.
    probability_positive, reduction_at_quantile_t, issuable_at_quantile_t: P(ER > 0),
        the `quantile` of ER and its whole tonnes (0 when not above zero).
    """

    def __init__(self, model: StatementModel, result: Mapping[str, Any], draws: pd.DataFrame,
                 statement: Optional[Statement] = None):
        self.model = model
        self.statement = statement
        self.customer: str = result["customer"]
        self.iterations: int = int(result["iterations"])
        self.seed: int = int(result["seed"])
        self.quantile: float = float(result["quantile"])
        self.probability_positive: float = float(result["probability_reduction_positive"])
        self.reduction_at_quantile_t: float = float(result["reduction_at_quantile_t"])
        self.issuable_at_quantile_t: int = int(result["issuable_at_quantile_t"])
        self.linearity: Dict[str, int] = dict(result["linearity"])
        self.result: Dict[str, Any] = dict(result)
        self.summary = pd.DataFrame(
            [[result[key]["deterministic"], *(result[key][c] for c in SUMMARY_COLUMNS[1:])] for _, key in TOTALS],
            index=pd.Index([name for name, _ in TOTALS], name="total"), columns=list(SUMMARY_COLUMNS))
        self.factors = _factors_frame(model, result["factors"])
        self.draws = draws

    @property
    def er0_t(self) -> float:
        """ER at every multiplier 1 (the statement's), tonnes."""
        return float(self.summary.loc["ER", "deterministic_t"])

    def __repr__(self) -> str:
        er = self.summary.loc["ER"]
        return (f"<StatementUncertainty {self.customer}: {self.iterations} iterations, seed {self.seed}; ER "
                f"{er['deterministic_t']:.3f} t, mean {er['mean']:.3f}, 95 % [{er['p2_5']:.3f}, {er['p97_5']:.3f}]; "
                f"P(ER>0) {self.probability_positive:.4f}; issuable at {self.quantile:g}: "
                f"{self.issuable_at_quantile_t} t>")

    def _repr_html_(self) -> str:
        head = (f"<p><b>{_html.escape(self.customer)}</b>: {self.iterations} iterations, seed {self.seed}. "
                f"P(ER&nbsp;&gt;&nbsp;0) = {self.probability_positive:.4f}; ER at the {self.quantile:g} quantile "
                f"{self.reduction_at_quantile_t:,.3f} t: issuable {self.issuable_at_quantile_t:,} t "
                f"(whole tonnes, rounded down).</p>")
        cols = ["factor_id", "distribution", "ER_t_per_unit", "spearman", "sobol", "ER_low_t", "ER_high_t"]
        return head + self.summary._repr_html_() + self.factors[cols].head(10)._repr_html_()


def _bar_ends(f: Mapping[str, Any], er0: float, c: float, low: float, high: float) -> dict:
    """ER one at a time at the multiplier's 2.5 % and 97.5 % quantiles: linear for a factor, the measured
    response for a methodology input ("parameter:…", "monitored:…"), which need not be linear."""
    if f.get("kind", "factor") == "factor":
        return {"ER_low_t": er0 + c * (low - 1), "ER_high_t": er0 + c * (high - 1)}
    return {"ER_low_t": er0 + f["reduction_change_at_p2_5_g"] / 1e6,
            "ER_high_t": er0 + f["reduction_change_at_p97_5_g"] / 1e6}


def _factors_frame(model: StatementModel, factors: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    index = {t["factor_id"]: i for i, t in enumerate(model._core.terms)}
    er0 = model.deterministic_g["reduction"] / 1e6
    rows = []
    for f in factors:
        i = index[f["factor_id"]]
        c = f["reduction_g_per_unit"] / 1e6
        rows.append({"factor_id": f["factor_id"], "distribution": f["distribution"],
                     "multiplier_mean": f["multiplier_mean"], "multiplier_sd": f["multiplier_sd"],
                     "BE_t_per_unit": f["baseline_g_per_unit"] / 1e6, "PE_t_per_unit": f["project_g_per_unit"] / 1e6,
                     "LE_t_per_unit": f["leakage_g_per_unit"] / 1e6, "ER_t_per_unit": c,
                     "spearman": f["spearman_reduction"], "variance_share": f["variance_share"],
                     "sobol": f["sobol_first_order"],
                     **_bar_ends(f, er0, c, model.multiplier_quantile(i, _LOW), model.multiplier_quantile(i, _HIGH))})
    frame = pd.DataFrame(rows, columns=["factor_id", "distribution", "multiplier_mean", "multiplier_sd",
                                        "BE_t_per_unit", "PE_t_per_unit", "LE_t_per_unit", "ER_t_per_unit",
                                        "spearman", "variance_share", "sobol", "ER_low_t", "ER_high_t"])
    if len(frame):
        # The command's order: Sobol index, then |ρ|, then the model's (id) order; a stable sort on the two keys.
        key = pd.DataFrame({"sobol": frame["sobol"], "rho": frame["spearman"].abs()})
        order = key.sort_values(["sobol", "rho"], ascending=False, kind="stable").index
        frame = frame.loc[order].reset_index(drop=True)
    return frame


def _draws_frame(model: StatementModel, draws: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"BE_t": draws.baseline_t, "PE_t": draws.project_t, "ER_t": draws.reduction_t},
                         index=pd.RangeIndex(draws.first, draws.first + len(draws), name="iteration"))
    multipliers = draws.multipliers
    for i, t in enumerate(model._core.terms):
        frame[t["factor_id"]] = multipliers[i]
    return frame


def summarise_draws(model: StatementModel, draws: Any, seed: int, quantile: float = 0.05,
                    threads: int = 1, statement: Optional[Statement] = None) -> StatementUncertainty:
    """The summary and sensitivity of draws 0 … N−1 of `model` drawn with `seed`
    (core statement_draws: ``model.draw(seed, 0, N)``, or ranges joined in order
    by ``_core.uncertainty.join_draws``)."""
    r = _core.uncertainty.summarise_statement(model._core, draws, len(draws), seed, threads, quantile)
    return StatementUncertainty(model, r, _draws_frame(model, draws), statement)


def _measure(p: Plan, shipments: Any, customer: str, from_day: int, to_day: int, allow_empty: bool,
             threads: int) -> Tuple[Any, Any]:
    sets = [s._core for s in p.factor_sets]
    if isinstance(shipments, (str, os.PathLike)):
        return _core.uncertainty.measure_statement_model(p.core, sets, str(shipments), False, str(shipments),
                                                         customer, from_day, to_day, allow_empty, threads)
    _, rows, _, specs = _frame_specs(p.core.schema(), shipments)
    return _core.uncertainty.measure_statement_model_frame(p.core, sets, "<DataFrame>", rows, specs, pd.NA,
                                                           customer, from_day, to_day, allow_empty, threads)


def statement_uncertainty(shipments: Any, methodology: Optional[MethodologyLike] = None, *, customer: str,
                          period: Tuple[DateLike, DateLike], plan: Optional[Plan] = None,
                          factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None,
                          gwp: Optional[str] = None, overrides: Optional[Mapping[str, float]] = None,
                          iterations: int = 10_000, seed: int = 1, quantile: float = 0.05,
                          threads: int = 1, allow_empty: bool = False) -> StatementUncertainty:
    """Monte Carlo of `customer`'s statement for `period` (first and last day,
    inclusive), as ``footprint uncertainty -s FILE --customer C --from D1 --to D2
    -n N --seed S --quantile Q`` runs it, with the same numbers.

    shipments: a CSV file, a ledger (.sqlite) or a DataFrame / dict of arrays
        (as Statement.build takes them).
    methodology / plan / factors / catalog / gwp / overrides: as footprint.compute.
    iterations, seed: the draws; the same seed gives the same bits whatever
        `threads` is (and on Dask: footprint.dask.statement_uncertainty).
    quantile: the quantile of ER whose whole tonnes are reported as issuable
        (a low one is the conservative choice for a reduction claim).
    threads: threads for the coefficient pass, the draws and the summary.
    allow_empty: as Statement.build (a period without the customer's
        shipments gives a model of zeros instead of an error).

    Returns a StatementUncertainty (summary, factors, draws, model; the
    statement itself as ``.statement``). Refused as the command refuses:
    footprint.Error `footprint.statement.period`, `footprint.statement.unknown-customer`,
    `footprint.statement.empty-period`, `footprint.uncertainty.options` (iterations,
    threads, quantile out of range).

    >>> u = footprint.statement_uncertainty("shipments.csv", customer="chem-jiangsu-01",
    ...                                     period=("2020-01-01", "2021-12-31"), iterations=10_000)
    >>> u.summary.loc["ER", ["deterministic_t", "p5", "median"]], u.probability_positive
    """
    _core.uncertainty.check_statement_options(iterations, threads, quantile)
    st, model = statement_model(shipments, methodology, customer=customer, period=period, plan=plan,
                                factors=factors, catalog=catalog, gwp=gwp, overrides=overrides, threads=threads,
                                allow_empty=allow_empty)
    return summarise_draws(model, model.draw(seed, 0, iterations, threads), seed, quantile, threads, st)


def statement_model(shipments: Any, methodology: Optional[MethodologyLike] = None, *, customer: str,
                    period: Tuple[DateLike, DateLike], plan: Optional[Plan] = None, factors: FactorsLike = None,
                    catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
                    overrides: Optional[Mapping[str, float]] = None, threads: int = 1,
                    allow_empty: bool = False) -> Tuple[Statement, StatementModel]:
    """The statement of `customer` for `period` and its StatementModel, without
    drawing (arguments as statement_uncertainty): what to hand to
    footprint.dask.statement_uncertainty."""
    p = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    from_day, to_day = _day(period[0], "period start"), _day(period[1], "period end")
    doc, core_model = _measure(p, shipments, customer, from_day, to_day, allow_empty, threads)
    return Statement(doc.json, doc.digest, doc.customer), StatementModel(core_model)


