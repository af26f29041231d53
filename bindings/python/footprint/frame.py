"""Batch calls on pandas DataFrames (or dicts of numpy arrays).

``compute(df, methodology=...)`` checks every row the way the command checks a
CSV (units in column names such as ``loaded_distance[km]``, ranges, missing
values and NaN, unknown products and regions, duplicate shipment ids, column
dtypes) and computes the accepted ones in C++ with the GIL released. Numeric
float64 columns reach C++ without a copy; pandas Categorical columns as their
codes; text columns as the str objects themselves (dictionary-encoded in C++).

Nothing is dropped silently: with ``errors="raise"`` (the default) any
rejected row raises one footprint.Error listing every problem (row, column,
expected); with ``errors="quarantine"`` the call returns
``(results, quarantine)`` and the counts reconcile:
``len(df) == len(results) + len(quarantine)``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._data import PathLike
from ._errors import Error, Problem, error
from .factors import FactorsLike
from .methodology import Catalog
from .plan import MethodologyLike, Plan

__all__ = ["compute", "sweep", "sample", "write_sample", "explain", "frame_to_csv", "AMOUNT_COLUMNS"]

#: Rows per batch handed to the plan: small enough that a batch's columns stay
#: in cache and its buffers are reused rather than mapped anew (see
#: docs/performance.md, "Python bindings"); results do not depend on it.
DEFAULT_BATCH_ROWS = 8192

#: The per-shipment totals every result carries, in whole grams CO2e.
AMOUNT_COLUMNS = ("BE_g", "PE_g", "LE_g", "ER_g")

FrameLike = Union[pd.DataFrame, Mapping[str, Any]]

_NUMERIC_TYPES = ("number", "integer", "flag")
_CATEGORICAL_TYPES = ("product", "region", "text")


def _resolve_plan(plan: Optional[Plan], methodology: Optional[MethodologyLike], factors: FactorsLike,
                  catalog: "Catalog | PathLike | None", gwp: Optional[str],
                  overrides: Optional[Mapping[str, float]]) -> Plan:
    if plan is not None:
        if methodology is not None or factors is not None or catalog is not None:
            raise ValueError("give either a bound plan, or methodology / factors / catalog to bind one; not both")
        if overrides or gwp is not None:
            return plan.rebind(gwp=gwp, overrides=overrides)
        return plan
    return Plan.bind(methodology or "reusable-packaging-reduction", factors, catalog, gwp, overrides)


def _base_name(column: str) -> str:
    name = column.strip()
    lb = name.find("[")
    if lb >= 0 and name.endswith("]"):
        return name[:lb].strip()
    return name


def _columns_of(data: FrameLike) -> Tuple[List[Tuple[str, Any]], int, Optional[pd.Index]]:
    """The columns (name, values) of a DataFrame or a dict of arrays, the row count and the index."""
    if isinstance(data, pd.DataFrame):
        if not data.columns.is_unique:
            dup = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
            raise Error([Problem(id="footprint.shipment.duplicate-column", message=f"column '{d}' appears twice",
                                 expected="each column once", found=d, file="<DataFrame>", field=d) for d in dup])
        return [(str(c), data[c]) for c in data.columns], len(data), data.index
    if isinstance(data, Mapping):
        cols = [(str(k), v) for k, v in data.items()]
        lengths = {len(v) for _, v in cols} if cols else {0}
        if len(lengths) > 1:
            # let the core name the column that differs
            n = len(cols[0][1])
        else:
            n = lengths.pop()
        return cols, n, None
    raise TypeError(f"expected a pandas DataFrame or a dict of arrays, not {type(data).__name__}")


def _is_text_dtype(dtype: Any) -> bool:
    return dtype == object or isinstance(dtype, pd.StringDtype) or getattr(dtype, "kind", "") in ("O", "U", "S")


def _column_spec(name: str, values: Any, ptype: Optional[str], check_text: bool = True) -> Tuple[str, str, Any, Any, str]:
    """(name, storage, data, categories, dtype) for footprint._core.engine.compute_frame.
    `check_text`: refuse values of a text column that are not text (_check_text_values)."""
    if not isinstance(values, (pd.Series, pd.Categorical, pd.Index, np.ndarray)):
        values = np.asarray(values)
    dtype = values.dtype
    dtype_name = str(dtype)
    if ptype is None:  # not a column of the methodology: the core reports it
        return (name, "unsupported", None, None, dtype_name)
    if isinstance(dtype, pd.CategoricalDtype):
        cat = values.array if isinstance(values, pd.Series) else pd.Categorical(values)
        codes = cat.codes  # int8, int16 or int32: passed as they are
        cats = cat.categories
        if getattr(cats.dtype, "kind", "") == "M":
            labels: Sequence[Any] = [str(d.date()) for d in cats]
        else:
            labels = list(cats)
            if ptype in _CATEGORICAL_TYPES and check_text:
                _check_text_values(name, np.asarray(labels, dtype=object), categories=True)
        return (name, "codes", codes, labels, dtype_name)
    kind = getattr(dtype, "kind", "O")
    if ptype in _NUMERIC_TYPES:
        if kind in "fiub":
            if isinstance(values, pd.Series) and isinstance(dtype, pd.api.extensions.ExtensionDtype):
                return (name, "float64", values.to_numpy(dtype=np.float64, na_value=np.nan), None, dtype_name)
            arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
            if arr.dtype == np.int64:
                return (name, "int64", arr, None, dtype_name)  # no copy
            return (name, "float64", arr, None, dtype_name)  # float64: no copy; other types converted once
        if _is_text_dtype(dtype):
            return (name, "texts", _object_array(values), None, dtype_name)
        return (name, "unsupported", None, None, dtype_name)
    if ptype == "date":
        if kind == "M":
            s = values if isinstance(values, pd.Series) else pd.Series(values)
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_localize(None)  # the local calendar date
            arr = s.to_numpy(dtype="datetime64[ns]").view(np.int64)
            return (name, "datetime64_ns", arr, None, dtype_name)
        if _is_text_dtype(dtype):
            return (name, "texts", _object_array(values), None, dtype_name)
        return (name, "unsupported", None, None, dtype_name)
    # product, region, text
    if _is_text_dtype(dtype):
        arr = _object_array(values)
        if check_text:
            _check_text_values(name, arr)
        return (name, "texts", arr, None, dtype_name)
    if kind in "iu":
        codes, uniques = pd.factorize(np.asarray(values))
        return (name, "codes", codes.astype(np.int32, copy=False), [str(u) for u in uniques], dtype_name)
    return (name, "unsupported", None, None, dtype_name)


def _frame_specs(schema: Iterable[Mapping[str, Any]], data: FrameLike, extra_columns: str = "error") -> Tuple[
        List[Tuple[str, Any]], int, Optional[pd.Index], List[Tuple[str, str, Any, Any, str]]]:
    """(columns, rows, index, specs): the frame's columns as the core reads
    them (_column_spec) for a plan's shipment schema, for compute and statements alike."""
    columns, rows, index = _columns_of(data)
    types = {c["name"]: c["type"] for c in schema}
    if extra_columns == "ignore":
        columns = [(n, v) for n, v in columns if _base_name(n) in types]
    specs = [_column_spec(n, v, types.get(_base_name(n))) for n, v in columns]
    return columns, rows, index, specs


#: Problems listed when a text column holds values that are not text (the rest counted).
_MAX_LISTED = 1000


def _check_text_values(name: str, arr: np.ndarray, categories: bool = False) -> None:
    """An id, product, region or text column holds text: str, or an integer
    (written in its digits, as an integer column is). A missing value (None,
    NaN, pd.NA, NaT) is a missing value, checked later as in CSV. Anything
    else (a float, a list, a tuple, bytes, a bool, ...) has no one text, and
    is refused with its row named, instead of becoming str() of itself
    (`footprint.frame.value-type`)."""
    inferred = pd.api.types.infer_dtype(arr, skipna=True)
    if inferred in ("string", "empty", "integer"):
        return
    problems = []
    bad = 0
    for i, o in enumerate(arr):
        if isinstance(o, str) or (isinstance(o, (int, np.integer)) and not isinstance(o, (bool, np.bool_))):
            continue
        if o is None or o is pd.NA or o is pd.NaT or (isinstance(o, (float, np.floating)) and o != o):
            continue
        bad += 1
        if len(problems) < _MAX_LISTED:
            shown = repr(o)
            problems.append(Problem(
                id="footprint.frame.value-type", file="<DataFrame>", field=name,
                row=None if categories else i,
                message=(f"category {shown[:60]} of column '{name}' is a {type(o).__name__}, not text" if categories
                         else f"column '{name}' holds a {type(o).__name__} at row {i}, not text"),
                expected="text (str), or an integer", found=shown[:60]))
    if not problems:
        return
    if bad > len(problems):
        problems.append(Problem(id="footprint.input.too-many-problems", file="<DataFrame>", field=name,
                                message=f"{bad - len(problems)} more values of column '{name}' are not text",
                                expected="text (str), or an integer", found=str(bad)))
    raise Error(problems)


def _object_array(values: Any) -> np.ndarray:
    if isinstance(values, pd.Series):
        arr = values.to_numpy(dtype=object)
    else:
        arr = np.asarray(values, dtype=object)
    return np.ascontiguousarray(arr)


def _attrs(plan: Plan, rows_in: int, computed: int, rejected: int) -> Dict[str, Any]:
    return {
        "methodology": {"id": plan.methodology.id, "version": plan.methodology.version,
                        "digest": plan.methodology.digest},
        "factor_sets": [{"name": s.name, "version": s.version, "digest": s.digest} for s in plan.factor_sets],
        "gwp": plan.gwp,
        "overrides": plan.overrides,
        "components": plan.components(),
        "rows_in": rows_in, "computed": computed, "rejected": rejected,
    }


def compute(data: FrameLike, methodology: Optional[MethodologyLike] = None, *, plan: Optional[Plan] = None,
            factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
            overrides: Optional[Mapping[str, float]] = None, errors: str = "raise", extra_columns: str = "error",
            batch_rows: int = DEFAULT_BATCH_ROWS, name: str = "<DataFrame>") -> Any:
    """Per-shipment results: BE_g, PE_g, LE_g, ER_g, each component and the
    plausibility flag, in whole grams CO2e (integers, so sums are exact).

    data: a DataFrame (or a dict of numpy arrays) with the columns shipment_id,
        customer_id, date and the methodology's monitored parameters. A numeric
        column may carry its unit in its name (``loaded_distance[mi]``);
        without one, values are in the declared unit.
    methodology / factors / catalog / gwp / overrides: as Plan.bind (default
        the bundled reusable-packaging-reduction on the bundled data), or
        `plan` bound beforehand. `overrides` with a plan rebinds it.
    errors: "raise" (any rejected row raises footprint.Error listing every
        problem) or "quarantine" (returns ``(results, quarantine)``).
    extra_columns: "error" (as the command: a column the methodology does not
        know is an error) or "ignore".

    The results keep the input's index (for accepted rows) and carry
    ``attrs["footprint"]``: methodology, factor sets, GWP, overrides, components, counts.
    """
    if errors not in ("raise", "quarantine"):
        raise ValueError(f"errors must be 'raise' or 'quarantine', not {errors!r}")
    if extra_columns not in ("error", "ignore"):
        raise ValueError(f"extra_columns must be 'error' or 'ignore', not {extra_columns!r}")
    p = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    columns, rows, index, specs = _frame_specs(p.schema(), data, extra_columns)
    res = _core.engine.compute_frame(p.core, name, rows, specs, batch_rows, pd.NA)
    rejected = res["rejected"]
    if errors == "raise" and rejected["row"]:
        raise Error(_problems(rejected, name))

    # ---- the results frame, without copies: the passthrough columns as given
    # (taken at the computed rows when some were refused) and each amount a
    # row of the int64 block C++ wrote. (pandas consolidates only when copying.)
    row = res["row"]  # None: every row computed
    computed = int(res["computed"])
    if index is None:
        index = pd.RangeIndex(rows)
    all_rows = computed == rows
    out_index = index if all_rows else index.take(row)
    by_base: Dict[str, Any] = {}
    for n, v in columns:
        by_base.setdefault(_base_name(n), v)
    data: Dict[str, Any] = {}
    for core_col in ("shipment_id", "customer_id", "date"):
        values = by_base.get(core_col)
        if values is None:
            continue
        if isinstance(values, pd.Series):
            data[core_col] = values.array if all_rows else values.array.take(row)
        else:
            arr = np.asarray(values)
            data[core_col] = arr if all_rows else arr[row]
    amounts = res["amounts"]
    names = list(AMOUNT_COLUMNS) + [c["name"] + "_g" for c in p.components()]
    for i, n in enumerate(names):
        data[n] = amounts[i]
    data["implausible"] = res["implausible"]
    out = pd.DataFrame(data, index=out_index, copy=False)
    out.attrs["footprint"] = _attrs(p, rows, computed, len(rejected["row"]))
    if errors == "raise":
        return out
    r = np.asarray(rejected["row"], dtype=np.int64)
    q = pd.DataFrame({"row": r, "index": index.take(r).to_numpy(),
                      **{k: pd.Series(rejected[k], dtype=object) for k in
                         ("shipment_id", "error_id", "field", "message", "expected", "found")}})
    return out, q


def _problems(rejected: Mapping[str, List[Any]], name: str) -> List[Problem]:
    return [Problem(id=i, message=m, expected=e, found=f, file=name, field=fld, shipment=sid, row=int(r))
            for r, sid, i, fld, m, e, f in zip(rejected["row"], rejected["shipment_id"], rejected["error_id"],
                                             rejected["field"], rejected["message"], rejected["expected"],
                                             rejected["found"])]


# ---- scenarios ----------------------------------------------------------------------

def sweep(data: FrameLike, parameter: str, values: Iterable[Any], methodology: Optional[MethodologyLike] = None, *,
          plan: Optional[Plan] = None, factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None,
          gwp: Optional[str] = None, overrides: Optional[Mapping[str, float]] = None, by: str = "customer_id",
          errors: str = "raise") -> pd.DataFrame:
    """The same shipments under each value of one parameter: a tidy table with
    one row per value and customer (``parameter, value, customer_id, shipments,
    BE_g, PE_g, LE_g, ER_g``, integer grams).

    parameter: a fixed parameter of the methodology (``cycles_per_year``,
        ``annual_loss``, ``vehicle_payload``, ...), overridden in its declared
        unit, or ``"gwp"`` with values such as ``["AR5", "AR6"]``.
    Other overrides stay as given in `overrides` (or in `plan`).
    """
    base = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    frames = []
    for v in values:
        if parameter == "gwp":
            p = base.rebind(gwp=str(v))
        else:
            p = base.rebind(overrides={parameter: float(v)})
        r = compute(data, plan=p, errors=errors)
        if errors == "quarantine":
            r = r[0]
        g = r.groupby(by, observed=True, sort=True)
        t = g[list(AMOUNT_COLUMNS)].sum()
        t.insert(0, "shipments", g.size())
        t = t.reset_index()
        t.insert(0, "value", v)
        t.insert(0, "parameter", parameter)
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out[by] = out[by].astype(str)
    out.attrs["footprint"] = {"methodology": base.methodology.id, "gwp": base.gwp, "overrides": base.overrides,
                              "parameter": parameter}
    return out


# ---- sample data ----------------------------------------------------------------------

def write_sample(path: PathLike, rows: int = 1000, *, seed: int = 20200601, defects: bool = False,
                 first_year: int = 2020, first_month: int = 6, months: int = 14) -> List[Tuple[int, str, str]]:
    """Writes the deterministic sample shipments CSV (as ``footprint sample``) and
    returns the seeded defects as (line, error_id, description)."""
    return [tuple(d) for d in _core.data.write_sample_shipments(str(path), rows, seed, defects, first_year,
                                                                first_month, months)]


_SAMPLE_DTYPES = {"shipment_id": object, "customer_id": "category", "reusable_product": "category",
                  "baseline_product": "category", "grid_region": "category", "units": np.int64,
                  "loaded_distance[km]": np.float64, "return_distance[km]": np.float64, "washed": np.int64}


def sample(rows: int = 1000, *, seed: int = 20200601, defects: bool = False, first_year: int = 2020,
           first_month: int = 6, months: int = 14) -> pd.DataFrame:
    """Deterministic sample shipments for the bundled reusable-packaging-reduction
    methodology (three customers modelled on the operator's published cases),
    the same rows ``footprint sample`` writes.

    Clean samples come typed: categories for ids and products, datetime64 dates,
    numbers. With ``defects=True`` every column is text exactly as written
    (one seeded defect of each kind; ``attrs["footprint"]["defects"]`` lists
    them), so that compute checks them as the command does.
    """
    with tempfile.TemporaryDirectory(prefix="footprint-sample-") as d:
        path = Path(d) / "shipments.csv"
        seeded = write_sample(path, rows, seed=seed, defects=defects, first_year=first_year,
                              first_month=first_month, months=months)
        if defects:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace",
                             on_bad_lines="warn")
        else:
            df = pd.read_csv(path, dtype=_SAMPLE_DTYPES, parse_dates=["date"])
    df.attrs["footprint"] = {"sample": {"rows": rows, "seed": seed}, "defects": seeded}
    return df


# ---- one shipment's derivation ----------------------------------------------------------

def explain(data: Union[FrameLike, PathLike], shipment_id: str, methodology: Optional[MethodologyLike] = None, *,
            plan: Optional[Plan] = None, factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None,
            gwp: Optional[str] = None, overrides: Optional[Mapping[str, float]] = None) -> str:
    """One shipment's full derivation, down to the integer grams (as ``footprint explain``).
    `data` is a DataFrame, a dict of arrays or a CSV file. A row that is
    rejected raises footprint.Error saying why."""
    p = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    source = "<DataFrame>"
    if isinstance(data, (str, os.PathLike)):
        source = str(data)
        data = pd.read_csv(data, dtype=str, keep_default_na=False)
    columns, rows, _ = _columns_of(data)
    by_base = {_base_name(n): (n, v) for n, v in columns}
    if "shipment_id" not in by_base:
        raise error("footprint.shipment.missing-column", "column 'shipment_id' is missing",
                    expected="a column named shipment_id", file=source, field="shipment_id")
    ids = pd.Series(np.asarray(by_base["shipment_id"][1], dtype=object)).astype(str).str.strip()
    positions = np.flatnonzero((ids == shipment_id).to_numpy())
    if len(positions) == 0:
        raise error("footprint.explain.not-found", "no shipment with this id",
                    expected="the id of a shipment in the input", found=shipment_id, file=source,
                    field="shipment", shipment=shipment_id)
    pos = int(positions[0])
    one = {n: _take(v, pos) for n, v in columns}
    _, q = compute(one, plan=p, errors="quarantine", name=source)
    if len(q):
        r = q.iloc[0]
        raise Error([Problem(id=r["error_id"], message=r["message"], expected=r["expected"], found=r["found"],
                             file=source, field=r["field"], shipment=r["shipment_id"], row=pos)])
    row: Dict[str, Any] = {}
    schema = {c["name"]: c for c in p.schema()}
    for base, (n, v) in by_base.items():
        if base not in schema:
            continue
        value = _take(v, pos)[0]
        if schema[base]["type"] in ("number", "integer"):
            # As the command does: to coherent units with the name's unit (or the declared
            # one), and back to the declared unit, so the texts are the same to the last digit.
            _, to_coherent_declared, _ = _core.data.parse_unit(schema[base]["unit"])
            to_coherent_header = to_coherent_declared
            if n.strip() != base:
                _, to_coherent_header, _ = _core.data.parse_unit(n.strip()[len(base):].strip()[1:-1])
            value = float(value) * to_coherent_header / to_coherent_declared
        row[base] = value
    return f"Shipment {shipment_id} ({source}, row {pos})\n" + p.explain(row)


def _take(values: Any, pos: int) -> Any:
    if isinstance(values, pd.Series):
        return values.iloc[pos:pos + 1].reset_index(drop=True)
    return np.asarray(values)[pos:pos + 1]


# ---- the frame as CSV text ---------------------------------------------------------------

def _storage_type(values: Any) -> str:
    """The parameter type a column's dtype reads as, when no plan says (frame_to_csv)."""
    dtype = getattr(values, "dtype", None)
    if dtype is None:
        dtype = np.asarray(values).dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "text"
    kind = getattr(dtype, "kind", "O")
    if kind in "fiub":
        return "number"
    if kind == "M":
        return "date"
    if kind == "O":
        inferred = pd.api.types.infer_dtype(values, skipna=True)
        if inferred in ("floating", "integer", "mixed-integer-float", "decimal"):
            return "number"  # numbers held as objects: written as their str(), as compute reads them
        if inferred in ("datetime", "datetime64"):
            return "date"
    return "text"


def frame_to_csv(data: FrameLike, *, header: bool = True) -> str:
    """The frame as the CSV text a statement reads it as: ``Statement.build``
    on the frame and ``footprint statement`` on this text give the same
    statement, byte for byte. Column names as given (units included); floats
    that are whole numbers below 2**53 as integers, others in shortest
    round-trip form (``0.30000000000000004``, ``1e-07``); flags as 0/1; dates
    as YYYY-MM-DD; missing values as empty fields; texts as given, quoted
    when they hold a comma, a quote or a line break
    (footprint/compute/frame_records.hpp)."""
    columns, rows, _ = _columns_of(data)
    specs = []
    for n, v in columns:
        ptype = _storage_type(v)
        if ptype == "date" and _is_text_dtype(getattr(v, "dtype", np.dtype(object))):
            v = pd.to_datetime(pd.Series(np.asarray(v, dtype=object)))  # Timestamps held as objects
        spec = _column_spec(n, v, ptype, check_text=False)
        if spec[1] == "unsupported":  # timedelta, complex, ...: as their str()
            spec = (n, "texts", _object_array(pd.Series(np.asarray(v)).astype(str)), None, spec[4])
        specs.append(spec)
    return _core.engine.frame_csv_text("<DataFrame>", rows, specs, pd.NA, header)
