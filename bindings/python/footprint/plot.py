"""Plots for notebooks (matplotlib).

- ``stage_breakdown``: baseline against project by life-cycle stage, for one
  shipment (a row of ``compute`` results) or a statement;
- ``monthly_reductions``: reductions per month and customer;
- ``scenario_sweep``: totals against a parameter's values (``sweep`` output);
- ``tornado``: which factor moves a statement's ER most (``statement_uncertainty`` output);
- ``reduction_histogram``: the distribution of a statement's ER draws.

Every function takes an optional matplotlib ``ax`` and returns the axes.
Amounts are integers in grams; the plots show them in kg or t CO2e and say so
on the axis.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .plan import Plan
from .statement import Statement
from .statement_montecarlo import StatementUncertainty

__all__ = ["stage_breakdown", "monthly_reductions", "scenario_sweep", "tornado", "reduction_histogram"]

STAGES = ("raw_material", "production", "distribution", "use", "end_of_life")
STAGE_TITLES = {"raw_material": "Raw material", "production": "Production", "distribution": "Distribution",
                "use": "Use", "end_of_life": "End of life", "unstaged": "Unstaged"}
TERMS = (("BE", "Baseline (single-use)"), ("PE", "Project (reusable)"), ("LE", "Leakage"))
_SCALE = {"g": 1.0, "kg": 1e3, "t": 1e6}


def _axes(ax: Optional["Axes"], figsize: Tuple[float, float] = (8, 4.5)) -> "Axes":
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def _scale(unit: str) -> float:
    if unit not in _SCALE:
        raise ValueError(f"unit must be one of g, kg, t; not {unit!r}")
    return _SCALE[unit]


def _components(source: Any, plan: Optional["Plan"]) -> List[Dict[str, Any]]:
    if plan is not None:
        return plan.components()
    attrs = getattr(source, "attrs", {}) or {}
    if "footprint" in attrs and "components" in attrs["footprint"]:
        return list(attrs["footprint"]["components"])
    # Without a plan: the bundled methodologies name components TERM_stage.
    comps = []
    names = source.index if isinstance(source, pd.Series) else source.columns
    for col in names:
        col = str(col)
        if not col.endswith("_g") or col in ("BE_g", "PE_g", "LE_g", "ER_g"):
            continue
        name = col[:-2]
        term = name.split("_", 1)[0]
        stage = next((s for s in STAGES if name.endswith(s)), None)
        if term in ("BE", "PE", "LE"):
            comps.append({"name": name, "term": term, "stage": stage})
    return comps


def stage_breakdown(result: Union[pd.Series, pd.DataFrame, "Statement"], *, shipment_id: Optional[str] = None,
                    plan: Optional["Plan"] = None, ax: Optional["Axes"] = None, unit: str = "kg",
                    title: Optional[str] = None) -> "Axes":
    """Baseline (single-use) against project (reusable) emissions by life-cycle stage.

    result: one row of ``compute`` results (a Series), the results DataFrame
        with ``shipment_id`` naming the shipment (without it: the sum of all
        rows), or a Statement (its by_stage totals).
    """
    k = _scale(unit)
    table: Dict[Tuple[str, str], float] = {}
    label = title
    if isinstance(result, Statement):
        for term, stages in result.data["by_stage_g"].items():
            for stage, g in stages.items():
                table[(term, stage)] = table.get((term, stage), 0) + g
        er = result.totals_g["reduction"]
        label = label or f"{result.customer}, {result.period[0]} – {result.period[1]}"
    else:
        comps = _components(result, plan)
        if isinstance(result, pd.DataFrame):
            if shipment_id is not None:
                rows = result[result["shipment_id"].astype(str) == shipment_id]
                if rows.empty:
                    raise KeyError(shipment_id)
                row = rows.iloc[0]
                label = label or f"shipment {shipment_id}"
            else:
                row = result[[c["name"] + "_g" for c in comps] + ["ER_g"]].sum()
                label = label or f"{len(result)} shipments"
        else:
            row = result
            label = label or (f"shipment {row['shipment_id']}" if "shipment_id" in row.index else None)
        for c in comps:
            stage = c["stage"] or "unstaged"
            table[(c["term"], stage)] = table.get((c["term"], stage), 0) + int(row[c["name"] + "_g"])
        er = int(row["ER_g"])
    stages = [s for s in (*STAGES, "unstaged") if any(table.get((t, s), 0) for t, _ in TERMS)]
    terms = [(t, name) for t, name in TERMS if t != "LE" or any(table.get(("LE", s), 0) for s in stages)]
    ax = _axes(ax)
    x = np.arange(len(stages))
    width = 0.8 / max(len(terms), 1)
    colors = {"BE": "#8c8c8c", "PE": "#2a9d8f", "LE": "#e76f51"}
    for i, (t, name) in enumerate(terms):
        values = [table.get((t, s), 0) / k for s in stages]
        ax.bar(x + (i - (len(terms) - 1) / 2) * width, values, width, label=name, color=colors[t])
    ax.set_xticks(x, [STAGE_TITLES[s] for s in stages])
    ax.set_ylabel(f"{unit} CO2e")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.legend()
    ax.set_title(f"{label + ': ' if label else ''}ER = BE − PE − LE = {er / k:,.3f} {unit} CO2e")
    return ax


def _month(values: Any) -> pd.Series:
    s = pd.Series(values)
    if getattr(s.dtype, "kind", "") != "M":
        s = pd.to_datetime(s.astype(str), format="%Y-%m-%d")
    return s.dt.to_period("M").astype(str)


def monthly_reductions(data: Union[pd.DataFrame, Mapping[str, "Statement"], Iterable["Statement"]], *,
                       by: str = "customer_id", ax: Optional["Axes"] = None, unit: str = "t",
                       stacked: bool = True) -> "Axes":
    """Emission reductions (ER) per month, one bar segment per customer.

    data: ``compute`` results (a DataFrame with date, customer and ER_g), or
        statements (a dict by customer, or a list).
    """
    k = _scale(unit)
    if isinstance(data, pd.DataFrame):
        frame = pd.DataFrame({"month": _month(data["date"].to_numpy()), "who": data[by].astype(str).to_numpy(),
                              "ER_g": data["ER_g"].to_numpy()})
        table = frame.groupby(["month", "who"])["ER_g"].sum().unstack("who", fill_value=0).sort_index()
    else:
        statements = list(data.values()) if isinstance(data, Mapping) else list(data)
        cols = {}
        for s in statements:
            if not isinstance(s, Statement):
                raise TypeError("expected compute results or Statements")
            bm = s.by_month()
            cols[s.customer] = pd.Series(bm["reduction_g"].to_numpy(), index=bm["month"])
        table = pd.DataFrame(cols).fillna(0).sort_index()
    own = ax is None
    ax = _axes(ax, (10, 4.5))
    (table / k).plot(kind="bar", stacked=stacked, ax=ax, width=0.85)
    ax.set_xlabel("month")
    ax.set_ylabel(f"ER, {unit} CO2e")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title("Emission reductions per month")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(title=by if isinstance(data, pd.DataFrame) else "customer", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if own:
        ax.figure.tight_layout()
    return ax


def scenario_sweep(sweep: pd.DataFrame, *, metric: str = "ER_g", by: str = "customer_id", total: bool = True,
                   ax: Optional["Axes"] = None, unit: str = "t") -> "Axes":
    """A metric (ER_g, BE_g, PE_g, LE_g) against the swept parameter's values,
    one line per customer (and the total), from ``footprint.sweep`` output.
    Non-numeric values (GWP sets) are drawn as grouped bars."""
    k = _scale(unit)
    parameter = str(sweep["parameter"].iloc[0]) if len(sweep) else "value"
    table = sweep.pivot_table(index="value", columns=by, values=metric, aggfunc="sum", sort=False)
    if total:
        table["all customers"] = table.sum(axis=1)
    ax = _axes(ax)
    numeric = pd.api.types.is_numeric_dtype(pd.Series(list(table.index)))
    if numeric:
        for col in table.columns:
            ax.plot(table.index.astype(float), table[col] / k, marker="o",
                    linewidth=2.5 if col == "all customers" else 1.5, label=str(col))
        ax.set_xlabel(parameter)
    else:
        (table / k).plot(kind="bar", ax=ax)
        ax.set_xlabel(parameter)
    ax.set_ylabel(f"{metric[:-2]}, {unit} CO2e")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title(f"{metric[:-2]} as {parameter} varies")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.figure.tight_layout()
    return ax


def _statement_uncertainty(u: Any) -> "StatementUncertainty":
    if not isinstance(u, StatementUncertainty):
        raise TypeError(f"expected a footprint.StatementUncertainty (footprint.statement_uncertainty), not {type(u).__name__}")
    return u


def tornado(u: "StatementUncertainty", *, top: int = 10, ax: Optional["Axes"] = None, unit: str = "t") -> "Axes":
    """One bar per factor: the statement's ER with only that factor at its
    multiplier's 2.5 % and at its 97.5 % quantile (the others at 1), around ER0
    (the deterministic ER). Widest bar on top; the `top` widest factors.

    u: footprint.statement_uncertainty(...) output (its ``factors`` ER_low_t, ER_high_t).
    """
    u = _statement_uncertainty(u)
    k = _scale(unit) / 1e6
    f = u.factors.assign(width=(u.factors["ER_high_t"] - u.factors["ER_low_t"]).abs())
    f = f.sort_values("width", ascending=False, kind="stable").head(top).iloc[::-1]
    er0 = u.er0_t / k
    ax = _axes(ax, (9, 0.45 * max(len(f), 1) + 1.5))
    y = np.arange(len(f))
    low, high = f["ER_low_t"].to_numpy() / k, f["ER_high_t"].to_numpy() / k
    ax.barh(y, low - er0, left=er0, color="#e76f51", label="factor at its 2.5 % quantile")
    ax.barh(y, high - er0, left=er0, color="#2a9d8f", label="factor at its 97.5 % quantile")
    ax.set_yticks(y, list(f["factor_id"]))
    ax.axvline(er0, color="black", linewidth=0.8)
    ax.set_xlabel(f"ER, {unit} CO2e (ER0 = {er0:,.3f})")
    ax.set_title(f"{u.customer}: ER with one factor at a time at its 2.5 % / 97.5 % quantile")
    ax.legend(loc="lower right", fontsize="small")
    ax.figure.tight_layout()
    return ax


def reduction_histogram(u: "StatementUncertainty", *, bins: int = 60, ax: Optional["Axes"] = None,
                        unit: str = "t") -> "Axes":
    """The ER of every iteration as a histogram, with the deterministic ER,
    the ER at the chosen quantile (the issuable tonnes' basis) and zero marked.

    u: footprint.statement_uncertainty(...) output (its ``draws`` ER_t).
    """
    u = _statement_uncertainty(u)
    k = _scale(unit) / 1e6
    ax = _axes(ax)
    ax.hist(u.draws["ER_t"].to_numpy() / k, bins=bins, color="#8ab17d")
    ax.axvline(u.er0_t / k, color="black", linewidth=1.2, label=f"deterministic ER {u.er0_t / k:,.3f} {unit}")
    ax.axvline(u.reduction_at_quantile_t / k, color="#e76f51", linestyle="--", linewidth=1.2,
               label=f"{u.quantile:g} quantile {u.reduction_at_quantile_t / k:,.3f} {unit} "
                     f"(issuable {u.issuable_at_quantile_t:,} t)")
    lo, hi = ax.get_xlim()
    if lo <= 0 <= hi:
        ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel(f"ER, {unit} CO2e")
    ax.set_ylabel("iterations")
    ax.set_title(f"{u.customer}: {u.iterations} iterations, seed {u.seed}; "
                 f"P(ER > 0) = {u.probability_positive:.4f}")
    ax.legend(loc="upper left", fontsize="small")
    return ax
