"""Seeded Monte Carlo and sensitivity of a product footprint (docs/uncertainty.md).

``uncertainty(product, iterations, seed=...)`` draws every factor the product
uses from its distribution (the source's, or derived from its quality ratings
by the ecoinvent pedigree approach), one draw per factor per iteration shared by
every item, with counter-based random numbers: the same seed gives the same
numbers whatever ``threads`` is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from . import _core
from .factors import FactorsLike, as_stack
from .methodology import Catalog, ProductLike, _catalog_for, product_id


__all__ = ["Uncertainty", "uncertainty"]


@dataclass(frozen=True)
class Uncertainty:
    """The draws (one row per iteration: each factor's multiplier and the footprint
    per unit and per trip, kg CO2e), the summary (per unit, per trip:
    deterministic, mean, sd, median, 2.5/5/95/97.5 %) and the sensitivity (one
    row per factor, by |Spearman ρ| per trip). ``json`` is the document
    ``footprint cfp --uncertainty --json`` writes."""

    product: str
    iterations: int
    seed: int
    draws: pd.DataFrame
    summary: pd.DataFrame
    sensitivity: pd.DataFrame
    json: str

    def _repr_html_(self) -> str:
        return self.summary._repr_html_() + self.sensitivity._repr_html_()

    def __repr__(self) -> str:
        trip = self.summary.loc["trip"]
        return (f"Uncertainty({self.product!r}, {self.iterations} iterations, seed={self.seed}, per trip: "
                f"mean {trip['mean']:.6g} kg CO2e, 95 % [{trip['p2_5']:.6g}, {trip['p97_5']:.6g}])")


def uncertainty(product: ProductLike, iterations: int = 10_000, *, seed: int = 1, threads: int = 1,
                factors: FactorsLike = None, catalog: Optional[Catalog] = None, year: int = 2023,
                region: str = "CN", gwp: Optional[str] = None) -> Uncertainty:
    """Monte Carlo of a catalog product's footprint with ``iterations`` draws,
    as ``footprint cfp PRODUCT --uncertainty N --seed S`` runs it.

    product: a catalog product id, or a Product (``catalog[id]``).
    iterations: draws (each draws every factor once).
    seed: the seed; the same seed gives the same draws whatever `threads` is.
    threads: worker threads.
    factors / catalog / year / region / gwp: as ``footprint.cfp``.

    >>> u = footprint.uncertainty("foldable-ibc-1000l-pool", 1000, seed=42)
    >>> u.summary.loc["trip", ["mean", "p2_5", "p97_5"]]
    """
    stack = as_stack(factors)
    cat = _catalog_for(product, catalog, stack)
    r = _core.uncertainty.product_monte_carlo(cat._core, product_id(product), stack._library, year, region,
                                              gwp or stack.default_gwp, iterations, seed, threads)
    draws = pd.DataFrame({t["factor_id"]: t["multipliers"] for t in r["terms"]})
    draws["per_unit_kg"] = r["per_unit_kg"]
    draws["per_trip_kg"] = r["per_trip_kg"]
    draws.index.name = "iteration"
    summary = pd.DataFrame([dict(per=per, **r[f"per_{per}"]) for per in ("unit", "trip")]).set_index("per")
    sensitivity = pd.DataFrame([{k: v for k, v in t.items() if k != "multipliers"} for t in r["terms"]])
    if len(sensitivity):
        order = sensitivity["spearman_per_trip"].abs().sort_values(ascending=False, kind="stable").index
        sensitivity = sensitivity.loc[order].reset_index(drop=True)
    return Uncertainty(product=r["product"], iterations=r["iterations"], seed=r["seed"], draws=draws,
                       summary=summary, sensitivity=sensitivity, json=r["json"])
