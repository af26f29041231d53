"""footprint on Dask: per-shipment results, per-customer totals and statements
over a Dask DataFrame (partitions of shipments, e.g. read from many CSV files
with ``dask.dataframe.read_csv``).

The plan travels as a description, not as a compiled object: a ``PlanSpec``
(methodology file and id, factor set files, catalog directory, GWP set,
overrides, and the digests of methodology and factor sets) of a few hundred
bytes, put into the task graph once. Each worker process binds it the first
time it needs it and keeps it (one bind per worker and plan), after checking
that its files have the digests the client saw, so every worker computes
with exactly the same methodology and factors.

Amounts are integers (grams CO2e), so sums do not depend on how rows are
split into partitions or in which order they are added: the results are
exactly equal to the single-process ones.

Pointing it at a real cluster: see docs/python.md ("Dask").
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, NamedTuple, Optional, Tuple

import pandas as pd

from . import _core
from . import frame as _frame
from ._data import PathLike
from .factors import FactorsLike
from .methodology import Catalog
from .plan import MethodologyLike, Plan, PlanSpec, bind_count
from ._errors import Error as _Error, Problem as _Problem, deprecated as _deprecated, error as _error
from . import statement as _statement
from .statement import DateLike, Statement, _day
from .statement_montecarlo import StatementModel, StatementUncertainty, summarise_draws

import dask
import dask.dataframe as dd

__all__ = ["PlanSpec", "compute", "compute_with_quarantine", "totals", "totals_with_quarantine", "Totals",
           "statements", "bind_count", "statement_uncertainty"]


def _plan_of(plan: Optional[Plan], methodology: Optional[MethodologyLike], factors: FactorsLike,
             catalog: "Catalog | PathLike | None", gwp: Optional[str],
             overrides: Optional[Mapping[str, float]]) -> Plan:
    return _frame._resolve_plan(plan, methodology, factors, catalog, gwp, overrides)


# ---- per partition (on the workers) --------------------------------------------------------

def _partition_both(part: pd.DataFrame, spec: PlanSpec, extra_columns: str, number: int) -> Tuple[pd.DataFrame, pd.DataFrame]:
    return tuple(_frame.compute_with_quarantine(part, plan=spec.plan(), extra_columns=extra_columns,
                                                name=f"<partition {number}>"))


def _raise_all(quarantines: Any) -> None:
    """Raises one footprint.Error with the rejected rows of every partition, in
    partition order and row order within each (a partition's problems name it:
    ``<partition N>``, and the row position within it)."""
    problems = []
    for number, q in enumerate(quarantines):
        for r in q.itertuples(index=False):
            problems.append(_Problem(id=r.error_id, message=r.message, expected=r.expected, found=r.found,
                                     file=f"<partition {number}>", field=r.field, shipment=r.shipment_id,
                                     row=int(r.row)))
    if problems:
        raise _Error(problems)


def _checked(results: pd.DataFrame, gate: None) -> pd.DataFrame:
    """A partition's results, once every partition is known to have no rejected row."""
    return results


def _strip_attrs(df: pd.DataFrame) -> pd.DataFrame:
    df.attrs = {}
    return df


def compute(ddf: dd.DataFrame, methodology: Optional[MethodologyLike] = None, *, plan: Optional[Plan] = None,
            factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
            overrides: Optional[Mapping[str, float]] = None, errors: str = "raise",
            extra_columns: str = "error") -> Any:
    """Per-shipment results over a Dask DataFrame, lazily (call ``.compute()``).

    The same arguments as footprint.compute; returns a Dask DataFrame. A
    rejected row raises footprint.Error listing the rejected rows of every
    partition, in partition order (each problem names its partition,
    ``<partition N>``, and the row position within it); no partition's
    results are returned before every partition is checked.
    ``errors="quarantine"`` is deprecated (it returns a tuple): use
    ``compute_with_quarantine``.
    """
    if errors not in ("raise", "quarantine"):
        raise ValueError(f"errors must be 'raise' or 'quarantine', not {errors!r}")
    if errors == "quarantine":
        _deprecated('footprint.dask.compute(..., errors="quarantine")', "footprint.dask.compute_with_quarantine(...)")
        return tuple(compute_with_quarantine(ddf, methodology, plan=plan, factors=factors, catalog=catalog, gwp=gwp,
                                             overrides=overrides, extra_columns=extra_columns))
    return _compute(ddf, methodology, plan, factors, catalog, gwp, overrides, "raise", extra_columns)


def compute_with_quarantine(ddf: dd.DataFrame, methodology: Optional[MethodologyLike] = None, *,
                            plan: Optional[Plan] = None, factors: FactorsLike = None,
                            catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
                            overrides: Optional[Mapping[str, float]] = None,
                            extra_columns: str = "error") -> "_frame.Computed":
    """As ``compute``, but rejected rows do not raise: returns
    ``footprint.Computed(results, quarantine)``, two Dask DataFrames computed
    from the same tasks (``dask.compute(results, quarantine)``).

    >>> results, quarantine = fd.compute_with_quarantine(ddf, plan=plan)
    """
    results, quarantine = _compute(ddf, methodology, plan, factors, catalog, gwp, overrides, "quarantine",
                                   extra_columns)
    return _frame.Computed(results, quarantine)


def _compute(ddf: dd.DataFrame, methodology: Optional[MethodologyLike], plan: Optional[Plan], factors: FactorsLike,
             catalog: "Catalog | PathLike | None", gwp: Optional[str], overrides: Optional[Mapping[str, float]],
             errors: str, extra_columns: str) -> Any:
    p = _plan_of(plan, methodology, factors, catalog, gwp, overrides)
    spec = PlanSpec.of(p)
    spec_key = dask.delayed(spec, pure=True)  # one key in the graph: sent once to each worker
    meta_results, meta_quarantine = _frame.compute_with_quarantine(ddf._meta, plan=p, extra_columns=extra_columns)
    meta_results = _strip_attrs(meta_results)
    parts = ddf.to_delayed()
    both = [dask.delayed(_partition_both, nout=2)(part, spec_key, extra_columns, i) for i, part in enumerate(parts)]
    if errors == "raise":
        # Every partition's rejected rows, not the first failing partition's: one task
        # waits for all the quarantines and raises them together, and each partition's
        # results depend on it.
        gate = dask.delayed(_raise_all)([b[1] for b in both])
        checked = [dask.delayed(_checked)(b[0], gate) for b in both]
        return dd.from_delayed(checked, meta=meta_results, divisions=ddf.divisions, verify_meta=False)
    results = dd.from_delayed([b[0] for b in both], meta=meta_results, verify_meta=False)
    quarantine = dd.from_delayed([b[1] for b in both], meta=meta_quarantine, verify_meta=False)
    return results, quarantine


def _partition_totals(part: pd.DataFrame, by: str) -> pd.DataFrame:
    g = part.groupby(part[by].astype(str), sort=True)
    t = g[list(_frame.AMOUNT_COLUMNS)].sum()
    # A partition's own int64 sum is checked the same way as the final one.
    approx = part[list(_frame.AMOUNT_COLUMNS)].astype("float64").groupby(part[by].astype(str), sort=True).sum()
    if ((approx - t.astype("float64")).abs() > 2.0 ** 62).to_numpy().any():
        raise _error("footprint.total.overflow",
                     "a partition's sum passes what a total can hold (±9 223 372 036 854 775 807 g)",
                     expected="totals within ±9.2e18 g")
    t.insert(0, "shipments", g.size())
    t.index.name = by
    return t


class Totals(NamedTuple):
    """What ``totals_with_quarantine`` returns: the per-customer totals of the
    accepted rows and the rejected rows of every partition (pandas DataFrames)."""

    totals: pd.DataFrame
    quarantine: pd.DataFrame

    def __repr__(self) -> str:
        return (f"Totals(totals=<DataFrame: {len(self.totals)} customers>, "
                f"quarantine=<{len(self.quarantine)} rejected rows>)")


Totals.totals.__doc__ = "Per customer: shipments, BE_g, PE_g, LE_g, ER_g (exact integer grams)."
Totals.quarantine.__doc__ = "The rejected rows of every partition, as compute_with_quarantine gives them."


def _totals_meta(by: str) -> pd.DataFrame:
    return pd.DataFrame({"shipments": pd.Series(dtype="int64"),
                         **{c: pd.Series(dtype="int64") for c in _frame.AMOUNT_COLUMNS}},
                        index=pd.Index([], name=by, dtype=object))


def totals(ddf: dd.DataFrame, methodology: Optional[MethodologyLike] = None, *, by: str = "customer_id",
           **kwargs: Any) -> Any:
    """Per-customer totals (shipments, BE_g, PE_g, LE_g, ER_g) as a pandas
    DataFrame, exact: summed per partition on the workers, then across
    partitions as integers. The other arguments are those of ``compute``.

    A sum beyond what an int64 of grams holds raises footprint.Error
    ``footprint.total.overflow``, as the command does, instead of wrapping
    around. ``errors="quarantine"`` is deprecated (it returns a tuple): use
    ``totals_with_quarantine``.
    """
    if kwargs.get("errors", "raise") == "quarantine":
        _deprecated('footprint.dask.totals(..., errors="quarantine")', "footprint.dask.totals_with_quarantine(...)")
        kwargs.pop("errors")
        return tuple(totals_with_quarantine(ddf, methodology, by=by, **kwargs))
    results = compute(ddf, methodology, **kwargs)
    return _checked_sum(results.map_partitions(_partition_totals, by, meta=_totals_meta(by)).compute())


def totals_with_quarantine(ddf: dd.DataFrame, methodology: Optional[MethodologyLike] = None, *,
                           by: str = "customer_id", **kwargs: Any) -> Totals:
    """As ``totals``, but rejected rows do not raise: returns
    ``Totals(totals, quarantine)``, the totals of the accepted rows and the
    rejected rows of every partition.

    >>> totals, quarantine = fd.totals_with_quarantine(ddf, plan=plan)
    """
    results, quarantine = compute_with_quarantine(ddf, methodology, **kwargs)
    parts, rejected = dask.compute(results.map_partitions(_partition_totals, by, meta=_totals_meta(by)), quarantine)
    return Totals(_checked_sum(parts), rejected)


def _checked_sum(parts: pd.DataFrame) -> pd.DataFrame:
    """Partition totals summed per customer as int64, checked against a float
    sum: a wrapped int64 differs from it by about 1.8e19, float rounding of
    sums below 9.2e18 g by far less than 2**62."""
    out = parts.groupby(level=0, sort=True).sum().astype("int64")
    approx = parts.astype("float64").groupby(level=0, sort=True).sum()
    wrapped = (approx - out.astype("float64")).abs() > 2.0 ** 62
    if wrapped.to_numpy().any():
        customer, column = next((c, col) for col in wrapped.columns for c in wrapped.index if wrapped.loc[c, col])
        raise _error("footprint.total.overflow",
                     f"the sum of {column} passes what a total can hold (±9 223 372 036 854 775 807 g, about 9.2 "
                     f"billion t); nothing is returned with a wrapped number",
                     expected="totals within ±9.2e18 g: check the methodology's units and parameter overrides",
                     found=str(customer), field=column)
    return out


def _partition_csv(part: pd.DataFrame, schema: Any) -> str:
    """A partition's rows as the text Statement.build reads a frame's rows as
    (footprint/compute/frame_records.hpp), with the plan's column types."""
    _, rows, _, specs = _frame._frame_specs(schema, part)
    return _core.engine.frame_csv_text("<dask>", rows, specs, pd.NA, False)


def statements(ddf: dd.DataFrame, methodology: Optional[MethodologyLike] = None, *,
               period: Tuple[DateLike, DateLike], customer: Optional[str] = None, plan: Optional[Plan] = None,
               factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
               overrides: Optional[Mapping[str, float]] = None, uncertainty: Optional[int] = None, seed: int = 1,
               quantile: float = 0.05, threads: int = 1) -> Dict[str, Statement]:
    """Statements per customer for `period`, over every row of the Dask DataFrame.

    A statement is one canonical document over the whole input (its counts,
    rejected rows and input digest cover every row), so it is assembled in one
    place: the workers turn their partitions into the CSV text of their rows
    (as Statement.build reads a frame's rows), the client reads that text
    with the library's reader and builds the
    statements, byte-identical to ``Statement.build_all`` on the same rows in
    one process. ``uncertainty=N`` (with ``seed``, ``quantile``) adds each
    statement's uncertainty section (footprint-statement/3), byte-identical to
    ``Statement.build_all(..., uncertainty=N)`` and to ``footprint statement
    --all-customers --uncertainty N``: its draws depend on the seed, the
    factor and the iteration only, never on where the rows were read.
    """
    p = _plan_of(plan, methodology, factors, catalog, gwp, overrides)
    schema = p.schema()
    texts = dask.compute(*[dask.delayed(_partition_csv)(part, schema) for part in ddf.to_delayed()])
    _, _, _, meta_specs = _frame._frame_specs(schema, ddf._meta)
    header = _core.engine.frame_csv_text("<dask>", 0, meta_specs, pd.NA, True)
    source = header + "".join(texts)
    spec = _statement._uncertainty_spec(uncertainty, seed, quantile, threads)
    extra = {} if spec is None else {"format": _statement._FORMAT_WITH_UNCERTAINTY, "uncertainty": spec}
    docs = _core.statement.build_statements(p.core, [s._core for s in p.factor_sets], source, True, "<dask>",
                                            customer, _day(period[0], "period start"), _day(period[1], "period end"),
                                            **extra)
    return {d.customer: Statement(d.json, d.digest, d.customer) for d in docs}


# ---- Monte Carlo of a statement: ranges of iterations on the workers ---------------------

def _draw_range(model_json: str, seed: int, first: int, last: int, threads: int) -> Any:
    """Iterations [first, last) of the model read from its JSON (on a worker)."""
    return StatementModel.from_json(model_json).draw(seed, first, last, threads)


def _ranges(iterations: int, partitions: int) -> "list[Tuple[int, int]]":
    """`partitions` consecutive ranges covering 0 … iterations − 1, sizes differing by at most one."""
    if partitions < 1:
        raise ValueError(f"partitions must be at least 1, not {partitions!r}")
    parts = min(partitions, max(iterations, 1))
    edges = [iterations * k // parts for k in range(parts + 1)]
    return [(edges[k], edges[k + 1]) for k in range(parts)]


def statement_uncertainty(model: StatementModel, iterations: int = 10_000, seed: int = 1, *, quantile: float = 0.05,
                          partitions: int = 2, threads: int = 1,
                          statement: Optional[Statement] = None) -> StatementUncertainty:
    """The Monte Carlo of a statement model (``footprint.statement_model(...)``)
    with its iterations split into `partitions` consecutive ranges drawn by
    Dask tasks (on the workers of the current client, or Dask's default
    scheduler). The model travels as its JSON (footprint-statement-model/1,
    which reads back to the same bits), each range is drawn where it lands, and
    the ranges are joined in order on the client and summarised there.

    A draw is a pure function of (seed, factor, iteration), so the draws and
    the summary are byte-identical to ``footprint.statement_uncertainty`` in
    one process with the same seed and iterations, whatever `partitions`,
    `threads` (per task) or the number of workers.
    """
    _core.uncertainty.check_statement_options(iterations, threads, quantile)
    text = dask.delayed(model.to_json(), pure=True)  # one key in the graph
    tasks = [dask.delayed(_draw_range, pure=True)(text, seed, first, last, threads)
             for first, last in _ranges(iterations, partitions)]
    parts = dask.compute(*tasks)
    draws = _core.uncertainty.join_draws(list(parts))
    return summarise_draws(model, draws, seed, quantile, threads, statement)
