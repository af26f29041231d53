"""Batch calls on pandas DataFrames (or dicts of numpy arrays).

``compute(df, methodology=...)`` checks every row the way the command checks a
CSV (units in column names such as ``loaded_distance[km]``, ranges, missing
values and NaN, unknown products and regions, duplicate shipment ids, column
dtypes) and computes the accepted ones in C++ with the GIL released. Numeric
float64 columns reach C++ without a copy; pandas Categorical columns as their
codes; text columns as the str objects themselves (dictionary-encoded in C++).

Nothing is dropped silently: ``compute`` raises one footprint.Error listing
every problem (row, column, expected) when a row is rejected;
``compute_with_quarantine`` returns ``Computed(results, quarantine)`` and the
counts reconcile: ``len(df) == len(results) + len(quarantine)``.

A CSV file is read by the library's own reader (``read_shipments``, the one
``footprint compute`` uses), wherever a frame is taken.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._data import PathLike
from ._errors import Error, Problem, deprecated, error
from .factors import FactorsLike
from .methodology import Catalog
from .plan import MethodologyLike, Plan

__all__ = ["compute", "compute_with_quarantine", "Computed", "read_shipments", "ShipmentsRead", "sweep", "sample",
           "write_sample", "explain", "frame_to_csv", "AMOUNT_COLUMNS", "FrameLike"]

#: Rows per batch handed to the plan: small enough that a batch's columns stay
#: in cache and its buffers are reused rather than mapped anew (see
#: docs/performance.md, "Python bindings"); results do not depend on it.
DEFAULT_BATCH_ROWS = 8192

#: The per-shipment totals every result carries, in whole grams CO2e.
AMOUNT_COLUMNS = ("BE_g", "PE_g", "LE_g", "ER_g")

#: What the batch calls take: a DataFrame, a dict of arrays, or a shipment CSV file (read by read_shipments).
FrameLike = Union[pd.DataFrame, Mapping[str, Any], PathLike]

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
    raise TypeError(f"data: expected a pandas DataFrame, a dict of arrays or a CSV file path, "
                    f"not {type(data).__name__}")


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


class Computed(NamedTuple):
    """What ``compute_with_quarantine`` returns: the results of the accepted
    rows and the quarantine of the rejected ones (``results, quarantine = ...``).

    results: as ``compute`` returns them.
    quarantine: one row per rejected row. From a DataFrame: ``row`` (0-based
        position), ``index`` (its index label), ``shipment_id``, ``error_id``,
        ``field``, ``message``, ``expected``, ``found``. From a CSV file, the
        columns of ``read_shipments``'s quarantine (``line`` instead of
        ``row`` and ``index``).
    """

    results: pd.DataFrame
    quarantine: pd.DataFrame

    def __repr__(self) -> str:
        return f"Computed(results={_frame_summary(self.results)}, quarantine={_quarantine_summary(self.quarantine)})"


class ShipmentsRead(NamedTuple):
    """What ``read_shipments`` returns: the accepted shipments as a typed
    DataFrame and the quarantine of the rejected rows
    (``shipments, quarantine = footprint.read_shipments(path)``).

    shipments: one row per accepted shipment, columns in the plan's schema
        order: ``shipment_id`` (str), ``customer_id`` (category), ``date``
        (datetime64), then the monitored parameters (numbers as float64 in
        each parameter's declared unit, exactly as written when the header
        names that unit; integers and flags as int64; products, regions and
        texts as categories). The index is the file line of each row.
        ``attrs["footprint"]`` holds the file and the counts (``rows_in``,
        ``accepted``, ``rejected``).
    quarantine: one row per rejected row, as the command's quarantine file:
        ``line``, ``shipment_id``, ``customer_id``, ``error_id``, ``column``
        (byte column, 0 when unknown), ``field``, ``message``, ``expected``,
        ``found``, ``record`` (the row as it was in the file; bytes that are
        not UTF-8 shown as U+FFFD).
    """

    shipments: pd.DataFrame
    quarantine: pd.DataFrame

    def __repr__(self) -> str:
        return (f"ShipmentsRead(shipments={_frame_summary(self.shipments)}, "
                f"quarantine={_quarantine_summary(self.quarantine)})")


Computed.results.__doc__ = "The results of the accepted rows, as compute returns them."
Computed.quarantine.__doc__ = "One row per rejected row: where it is and why it was rejected."
ShipmentsRead.shipments.__doc__ = "The accepted shipments, typed, indexed by their file line."
ShipmentsRead.quarantine.__doc__ = "One row per rejected row, as the command's quarantine file."


def _frame_summary(df: pd.DataFrame) -> str:
    return f"<DataFrame: {len(df)} rows x {len(df.columns)} columns>"


def _quarantine_summary(q: pd.DataFrame) -> str:
    if not len(q):
        return "<no rejected rows>"
    ids = sorted(set(q["error_id"]))
    shown = ", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")
    return f"<{len(q)} rejected {'row' if len(q) == 1 else 'rows'}: {shown}>"


_QUARANTINE_TEXTS = ("shipment_id", "customer_id", "field", "message", "expected", "found", "record")


def _text(b: bytes) -> str:
    return b.decode("utf-8", errors="replace")


def _read_file(p: Plan, path: PathLike) -> ShipmentsRead:
    """The file read by the library's shipment reader for plan `p`."""
    r = _core.engine.read_shipments(p.core, os.fspath(path))
    lines = np.asarray(r["lines"], dtype=np.int64)
    data: Dict[str, Any] = {}
    for c in r["columns"]:
        name, ptype, values = c["name"], c["type"], c["data"]
        if name == "shipment_id":
            data[name] = np.asarray(values, dtype=object)
        elif ptype in ("integer", "flag"):
            data[name] = np.asarray(values).astype(np.int64)
        elif ptype == "number":
            data[name] = np.asarray(values)
        elif ptype == "date":
            data[name] = np.asarray(values, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")
        else:
            data[name] = pd.Categorical.from_codes(np.asarray(values, dtype=np.int32), categories=c["dictionary"])
    shipments = pd.DataFrame(data, index=pd.Index(lines, name="line"))
    rej = r["rejected"]
    quarantine = pd.DataFrame({
        "line": pd.Series(rej["line"], dtype=np.int64),
        **{k: pd.Series([_text(b) for b in rej[k]], dtype=object) for k in ("shipment_id", "customer_id")},
        "error_id": pd.Series(rej["error_id"], dtype=object),
        "column": pd.Series(rej["column"], dtype=np.int64),
        **{k: pd.Series([_text(b) for b in rej[k]], dtype=object)
           for k in ("field", "message", "expected", "found", "record")},
    })
    shipments.attrs["footprint"] = {"file": r["name"], "rows_in": int(r["rows_in"]), "accepted": int(r["accepted"]),
                                    "rejected": int(r["rejected_rows"])}
    return ShipmentsRead(shipments, quarantine)


def read_shipments(path: PathLike, methodology: Optional[MethodologyLike] = None, *, plan: Optional[Plan] = None,
                   factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None) -> ShipmentsRead:
    """Reads a shipment CSV file as ``footprint compute`` reads it and returns
    ``ShipmentsRead(shipments, quarantine)``, a named tuple of two DataFrames.

    The file is read by the library's own reader (RFC 4180, a UTF-8
    byte-order mark, units in the header such as ``loaded_distance[mi]``) and
    every row is checked with the command's ids and messages: a row that is
    not UTF-8, has too few fields, a negative or missing value, an unknown
    product or region, a duplicate shipment id, ... goes to the quarantine
    with its line and why; it never stops the reading. A header that does not
    fit the methodology (a missing or unknown column, a unit that does not fit)
    raises footprint.Error listing every problem.

    path: the CSV file (``str`` or ``os.PathLike``).
    methodology / factors / catalog: as ``Plan.bind`` (default the bundled
        reusable-packaging-reduction on the bundled data), or `plan` bound
        beforehand: they say which columns there are, and which products and
        regions are known.

    ``compute(shipments, plan=plan)`` gives exactly what ``compute(path,
    plan=plan)`` and ``footprint compute`` give for the accepted rows.

    >>> shipments, quarantine = footprint.read_shipments("shipments.csv")
    >>> quarantine[["line", "error_id", "field", "message"]]
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"read_shipments: path must be a file path (str or os.PathLike), not {type(path).__name__}")
    return _read_file(_resolve_plan(plan, methodology, factors, catalog, None, None), path)


def _file_problems(q: pd.DataFrame, file: str) -> List[Problem]:
    return [Problem(id=r.error_id, message=r.message, expected=r.expected, found=r.found, file=file,
                    line=int(r.line), column=int(r.column), field=r.field, shipment=r.shipment_id)
            for r in q.itertuples(index=False)]


def _compute(data: FrameLike, p: Plan, quarantine: bool, extra_columns: str, batch_rows: int,
             name: str) -> Tuple[pd.DataFrame, Optional[pd.DataFrame]]:
    """The results, and the quarantine when `quarantine` (else a rejected row raises)."""
    if extra_columns not in ("error", "ignore"):
        raise ValueError(f"extra_columns must be 'error' or 'ignore', not {extra_columns!r}")
    if isinstance(data, (str, os.PathLike)):
        shipments, file_q = _read_file(p, data)
        if len(file_q) and not quarantine:
            raise Error(_file_problems(file_q, os.fspath(data)))
        results, _ = _compute_frame(shipments, p, False, "error", batch_rows, os.fspath(data))
        results.attrs["footprint"].update(rows_in=shipments.attrs["footprint"]["rows_in"],
                                          rejected=len(file_q))
        return results, file_q
    return _compute_frame(data, p, quarantine, extra_columns, batch_rows, name)


def compute(data: FrameLike, methodology: Optional[MethodologyLike] = None, *, plan: Optional[Plan] = None,
            factors: FactorsLike = None, catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
            overrides: Optional[Mapping[str, float]] = None, errors: str = "raise", extra_columns: str = "error",
            batch_rows: int = DEFAULT_BATCH_ROWS, name: str = "<DataFrame>") -> pd.DataFrame:
    """Per-shipment results as a DataFrame: BE_g, PE_g, LE_g, ER_g, each
    component and the plausibility flag, in whole grams CO2e (integers, so
    sums are exact). Every row is checked first, as ``footprint compute``
    checks a CSV; a rejected row raises footprint.Error listing every problem
    (use ``compute_with_quarantine`` to get the rejected rows back instead).

    data: a DataFrame (or a dict of numpy arrays) with the columns shipment_id,
        customer_id, date and the methodology's monitored parameters, or a
        shipment CSV file (read as ``read_shipments`` reads it). A numeric
        column may carry its unit in its name (``loaded_distance[mi]``);
        without one, values are in the declared unit.
    methodology: a Methodology, a bundled id (default
        ``"reusable-packaging-reduction"``), ``id@version`` or a .yaml file.
    plan: a Plan bound beforehand (instead of methodology / factors / catalog).
    factors / catalog: as Plan.bind (default the bundled set and catalog).
    gwp: "AR4", "AR5" or "AR6" (default: the factor set's).
    overrides: fixed parameters in their declared units, e.g.
        ``{"annual_loss": 0.15}``; with `plan`, the plan is rebound with them.
    errors: "raise" (the default). "quarantine" is deprecated: it returns
        ``(results, quarantine)``; use ``compute_with_quarantine``.
    extra_columns: "error" (as the command: a column the methodology does not
        know is an error) or "ignore".
    batch_rows: rows per batch handed to the plan (results do not depend on it).
    name: how problems name a frame (default ``<DataFrame>``).

    The results keep the input's index (for a file: its line numbers) and
    carry ``attrs["footprint"]``: methodology, factor sets, GWP, overrides,
    components, counts.

    Example:

    >>> import footprint
    >>> df = footprint.sample(1000)
    >>> results = footprint.compute(df, overrides={"annual_loss": 0.15})
    >>> results.groupby("customer_id", observed=True)["ER_g"].sum()
    >>> footprint.compute("shipments.csv").equals(footprint.compute(footprint.read_shipments("shipments.csv").shipments))
    True
    """
    if errors not in ("raise", "quarantine"):
        raise ValueError(f"errors must be 'raise' or 'quarantine', not {errors!r}")
    p = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    if errors == "quarantine":
        deprecated('compute(..., errors="quarantine")', "footprint.compute_with_quarantine(...)")
        return tuple(_compute(data, p, True, extra_columns, batch_rows, name))  # type: ignore[return-value]
    results, _ = _compute(data, p, False, extra_columns, batch_rows, name)
    return results


def compute_with_quarantine(data: FrameLike, methodology: Optional[MethodologyLike] = None, *,
                            plan: Optional[Plan] = None, factors: FactorsLike = None,
                            catalog: "Catalog | PathLike | None" = None, gwp: Optional[str] = None,
                            overrides: Optional[Mapping[str, float]] = None, extra_columns: str = "error",
                            batch_rows: int = DEFAULT_BATCH_ROWS, name: str = "<DataFrame>") -> Computed:
    """As ``compute``, but rejected rows do not raise: returns
    ``Computed(results, quarantine)``, a named tuple of two DataFrames, and
    nothing is dropped silently (``len(df) == len(results) + len(quarantine)``).
    The arguments are those of ``compute``. Column problems (a missing or
    unknown column, a dtype that cannot hold its parameter) still raise.

    >>> results, quarantine = footprint.compute_with_quarantine(footprint.sample(1000, defects=True))
    >>> quarantine[["row", "shipment_id", "error_id", "field", "message"]]
    """
    p = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    results, quarantine = _compute(data, p, True, extra_columns, batch_rows, name)
    return Computed(results, quarantine)


def _compute_frame(data: FrameLike, p: Plan, quarantine: bool, extra_columns: str, batch_rows: int,
                   name: str) -> Tuple[pd.DataFrame, Optional[pd.DataFrame]]:
    """compute over a DataFrame or a dict of arrays."""
    columns, rows, index, specs = _frame_specs(p.schema(), data, extra_columns)
    res = _core.engine.compute_frame(p.core, name, rows, specs, batch_rows, pd.NA)
    rejected = res["rejected"]
    if not quarantine and rejected["row"]:
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
    out_data: Dict[str, Any] = {}
    for core_col in ("shipment_id", "customer_id", "date"):
        values = by_base.get(core_col)
        if values is None:
            continue
        if isinstance(values, pd.Series):
            out_data[core_col] = values.array if all_rows else values.array.take(row)
        else:
            arr = np.asarray(values)
            out_data[core_col] = arr if all_rows else arr[row]
    amounts = res["amounts"]
    names = list(AMOUNT_COLUMNS) + [c["name"] + "_g" for c in p.components()]
    for i, n in enumerate(names):
        out_data[n] = amounts[i]
    out_data["implausible"] = res["implausible"]
    out = pd.DataFrame(out_data, index=out_index, copy=False)
    out.attrs["footprint"] = _attrs(p, rows, computed, len(rejected["row"]))
    if not quarantine:
        return out, None
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
    values: the values to try, e.g. ``[0.02, 0.05, 0.10]``.
    data: a DataFrame, a dict of arrays or a shipment CSV file (read once).
    Other overrides stay as given in `overrides` (or in `plan`).
    errors: "raise" (a rejected row raises footprint.Error) or "quarantine"
        (rejected rows are left out of the totals).
    by: the column to total by (default ``customer_id``).

    >>> footprint.sweep(footprint.sample(1000), "annual_loss", [0.02, 0.15])
    """
    if errors not in ("raise", "quarantine"):
        raise ValueError(f"errors must be 'raise' or 'quarantine', not {errors!r}")
    base = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    if isinstance(data, (str, os.PathLike)):
        shipments, file_q = _read_file(base, data)
        if len(file_q) and errors == "raise":
            raise Error(_file_problems(file_q, os.fspath(data)))
        data = shipments
    frames = []
    for v in values:
        if parameter == "gwp":
            p = base.rebind(gwp=str(v))
        else:
            p = base.rebind(overrides={parameter: float(v)})
        r, _ = _compute_frame(data, p, errors == "quarantine", "error", DEFAULT_BATCH_ROWS, "<DataFrame>")
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

    data: a DataFrame, a dict of arrays or a shipment CSV file (read as
        ``read_shipments`` reads it).
    shipment_id: the shipment to explain.
    methodology / plan / factors / catalog / gwp / overrides: as ``compute``.

    A row that is rejected raises footprint.Error saying why (for a file,
    with its line and column); an id that is not in the input raises
    `footprint.explain.not-found`.

    >>> print(footprint.explain(footprint.sample(10), "S0000000001"))
    """
    p = _resolve_plan(plan, methodology, factors, catalog, gwp, overrides)
    source = "<DataFrame>"
    if isinstance(data, (str, os.PathLike)):
        return _explain_file(p, data, shipment_id)
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
    _, q = _compute_frame(one, p, True, "error", DEFAULT_BATCH_ROWS, source)
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


def _explain_file(p: Plan, path: PathLike, shipment_id: str) -> str:
    """explain for a shipment CSV file, read by the library's reader."""
    source = os.fspath(path)
    shipments, q = _read_file(p, path)
    hit = np.flatnonzero(shipments["shipment_id"].to_numpy() == shipment_id)
    if len(hit) == 0:
        bad = q[q["shipment_id"] == shipment_id]
        if len(bad):
            raise Error(_file_problems(bad, source))
        raise error("footprint.explain.not-found", "no shipment with this id",
                    expected="the id of a shipment in the input", found=shipment_id, file=source,
                    field="shipment", shipment=shipment_id)
    pos = int(hit[0])
    row = {c: shipments[c].iloc[pos] for c in shipments.columns}
    return f"Shipment {shipment_id} ({source}, line {int(shipments.index[pos])})\n" + p.explain(row)


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
