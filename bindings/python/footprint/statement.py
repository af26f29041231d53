"""Statements: per customer and period, the reduction a certifier audits.

A statement is canonical JSON (the statement of record) with its own digest;
the HTML, Markdown and CSV renderings are made from it by the library, so
they cannot disagree with it. A statement built here from the same inputs as
``footprint statement`` is byte-identical to the command's, and
``footprint verify`` (or ``footprint.verify``) rebuilds it from the inputs.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core
from ._data import PathLike, default_factor_set_path
from ._document import JsonDocument
from ._errors import Error, Problem
from ._html import iframe
from .frame import _frame_specs
from .plan import Plan

__all__ = ["Statement", "VerifyResult", "verify", "DateLike"]

#: Result of comparing a statement with one rebuilt from its inputs (footprint::verify_result).
VerifyResult = _core.statement.verify_result

DateLike = Union[str, _dt.date, Any]

_FORMATS = ("json", "html", "md", "csv")


def _day(value: DateLike, what: str) -> int:
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        value = value.isoformat()
    elif hasattr(value, "date") and callable(value.date):  # pandas.Timestamp
        value = value.date().isoformat()
    d = _core.engine.parse_iso_date(str(value))
    if d is None:
        raise ValueError(f"{what}: not a date (expected YYYY-MM-DD): {value!r}")
    return int(d)


def _build_docs(plan_core: Any, sets: Sequence[Any], shipments: Any, customer: Optional[str],
                from_day: int, to_day: int, format: Optional[int] = None,
                uncertainty: Optional[Mapping[str, Any]] = None) -> List[Any]:
    """The statements of a CSV file or ledger (by path), or of a frame's rows
    (read by the same reader as records, footprint/compute/frame_records.hpp),
    in statement format `format` (the newest when None). `uncertainty`
    (iterations, seed, quantile[, threads, coefficient_factors]) adds the
    format-3 section, from one more reading of the same rows."""
    fmt = (_FORMAT_WITH_UNCERTAINTY if uncertainty is not None else None) if format is None else format
    args = () if fmt is None else (fmt,)
    extra = {} if uncertainty is None else {"uncertainty": dict(uncertainty)}
    if isinstance(shipments, (str, os.PathLike)):
        return _core.statement.build_statements(plan_core, sets, str(shipments), False, str(shipments), customer,
                                                from_day, to_day, *args, **extra)
    _, rows, _, specs = _frame_specs(plan_core.schema(), shipments)
    return _core.statement.build_statements_frame(plan_core, sets, "<DataFrame>", rows, specs, pd.NA, customer,
                                                  from_day, to_day, *args, **extra)


#: footprint-statement/3: format 2 and the uncertainty section (docs/statements.md).
_FORMAT_WITH_UNCERTAINTY = 3


def _uncertainty_spec(uncertainty: Optional[int], seed: int, quantile: float,
                      threads: int) -> Optional[Dict[str, Any]]:
    if uncertainty is None:
        return None
    return {"iterations": int(uncertainty), "seed": int(seed), "quantile": float(quantile), "threads": int(threads)}


class Statement(JsonDocument):
    """One customer's statement for a period: its canonical JSON and digest."""

    def __init__(self, json: str, digest: Optional[str] = None, customer: Optional[str] = None):
        super().__init__(json)
        self.digest = digest if digest is not None else _core.statement.statement_digest(json)
        self.customer = customer if customer is not None else self.data["customer"]

    # ---- building ------------------------------------------------------------------
    @classmethod
    def build(cls, plan: Plan, shipments: Any, *, customer: str, period: Tuple[DateLike, DateLike],
              allow_empty: bool = False, uncertainty: Optional[int] = None, seed: int = 1,
              quantile: float = 0.05, threads: int = 1) -> "Statement":
        """The statement of `customer` for `period` (first and last day, inclusive).
        `shipments` is a CSV file, a ledger (.sqlite) or a DataFrame / dict of
        arrays. Every row of the input is read and checked; the statement
        records the counts, the rejected rows' digest and every input row's hash.

        Refused as ``footprint statement`` refuses them (footprint.Error): a
        period that ends before it starts (`footprint.statement.period`), an
        input without an accepted shipment (`footprint.statement.no-customers`),
        a customer without one (`footprint.statement.unknown-customer`), and a
        period without the customer's shipments (`footprint.statement.empty-period`)
        unless ``allow_empty=True`` asks for a statement that says so.

        ``uncertainty=N`` adds the uncertainty section (footprint-statement/3,
        as ``footprint statement --uncertainty N --seed S --quantile Q``): a
        seeded Monte Carlo of N iterations sealed into the statement, which
        verify() draws again. ``threads`` changes no byte."""
        docs, _ = cls._build(plan, shipments, customer, period, allow_empty,
                             _uncertainty_spec(uncertainty, seed, quantile, threads))
        return docs[0]

    @classmethod
    def build_all(cls, plan: Plan, shipments: Any, *, period: Tuple[DateLike, DateLike],
                  allow_empty: bool = False, uncertainty: Optional[int] = None, seed: int = 1,
                  quantile: float = 0.05, threads: int = 1) -> Dict[str, "Statement"]:
        """One statement per customer that has shipments in the period, by customer id;
        with ``allow_empty=True`` also one for each customer of the input without any.
        Refused like build() when no customer has a shipment in the period.
        ``uncertainty=N`` adds each statement's uncertainty section, as build() does,
        from one coefficient pass for all of them (as the command's --all-customers)."""
        docs, _ = cls._build(plan, shipments, None, period, allow_empty,
                             _uncertainty_spec(uncertainty, seed, quantile, threads))
        return {s.customer: s for s in docs}

    @classmethod
    def _build(cls, plan: Plan, shipments: Any, customer: Optional[str], period: Tuple[DateLike, DateLike],
               allow_empty: bool = False,
               uncertainty: Optional[Mapping[str, Any]] = None) -> Tuple[List["Statement"], List[str]]:
        from_day, to_day = _day(period[0], "period start"), _day(period[1], "period end")
        _core.statement.check_statement_period(from_day, to_day)
        docs = _build_docs(plan.core, [s._core for s in plan.factor_sets], shipments, customer, from_day, to_day,
                           uncertainty=uncertainty)
        name = str(shipments) if isinstance(shipments, (str, os.PathLike)) else "<DataFrame>"
        kept, skipped = _core.statement.keep_claimable(docs, name, customer, from_day, to_day, allow_empty)
        return [cls(d.json, d.digest, d.customer) for d in kept], list(skipped)

    # ---- reading (json, data and load: _document.JsonDocument) ----------------------

    @property
    def totals_g(self) -> Dict[str, int]:
        """Totals in grams CO2e: baseline, project, leakage, reduction."""
        return dict(self.data["totals_g"])

    @property
    def issuable_t(self) -> int:
        """Whole tonnes CO2e, rounded down (what can be issued)."""
        return int(self.data["issuable_t"])

    @property
    def shipments(self) -> int:
        """Shipments the statement counts."""
        return int(self.data["shipments"])

    @property
    def period(self) -> Tuple[str, str]:
        """First and last day, YYYY-MM-DD (inclusive)."""
        return self.data["period"]["from"], self.data["period"]["to"]

    def by_month(self) -> "pd.DataFrame":
        """One row per month: shipments and grams CO2e of baseline, project, leakage and reduction."""
        rows = [{"month": m, **v} for m, v in sorted(self.data["by_month"].items())]
        return pd.DataFrame(rows, columns=["month", "shipments", "baseline_g", "project_g", "leakage_g", "reduction_g"])

    def by_stage(self) -> "pd.DataFrame":
        """Grams CO2e per term (BE, PE, LE) and life-cycle stage."""
        rows = [{"term": term, "stage": stage, "g": g}
                for term, stages in sorted(self.data["by_stage_g"].items()) for stage, g in sorted(stages.items())]
        return pd.DataFrame(rows, columns=["term", "stage", "g"])

    def by_component(self) -> "pd.DataFrame":
        """Grams CO2e per component of the methodology, with its term and stage."""
        return pd.DataFrame([{"component": k, **v} for k, v in self.data["by_component_g"].items()],
                            columns=["component", "term", "stage", "g"])

    # ---- renderings ------------------------------------------------------------------
    def render(self, format: str = "html", lang: str = "en") -> str:
        """``html`` (self-contained page), ``md``, ``csv`` (breakdown rows) or ``json`` (the record itself)."""
        if format == "html":
            return _core.statement.render_statement_html(self.json, lang)
        if format in ("md", "markdown"):
            return _core.statement.render_statement_markdown(self.json, lang)
        if format == "csv":
            return _core.statement.render_statement_csv(self.json)
        if format == "json":
            return self.json
        raise ValueError(f"format must be one of html, md, csv, json; not {format!r}")

    def to_html(self, lang: str = "en") -> str:
        """render("html", lang): one self-contained page."""
        return self.render("html", lang)

    def to_markdown(self, lang: str = "en") -> str:
        """render("md", lang)."""
        return self.render("md", lang)

    def to_csv(self) -> str:
        """render("csv"): the breakdown rows."""
        return self.render("csv")

    def save(self, path: PathLike, formats: Sequence[str] = _FORMATS, lang: str = "en") -> List[Path]:
        """Writes the statement as the command does: ``path`` (JSON) and the
        renderings beside it (``.html``, ``.md``, ``.csv``; ``pdf`` through
        headless Chromium when installed). Returns the files written."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        stem = p.with_suffix("")
        written = []
        for f in formats:
            if f == "json":
                target = p
                target.write_text(self.json, encoding="utf-8")
            elif f == "pdf":
                target = Path(str(stem) + ".pdf")
                _core.statement.render_statement_pdf(self.json, lang, str(target))
            else:
                target = Path(str(stem) + "." + f)
                target.write_text(self.render(f, lang), encoding="utf-8")
            written.append(target)
        return written

    def verify(self, shipments: Any, **kwargs: Any) -> VerifyResult:
        """footprint.verify(self, shipments, ...)."""
        return verify(self, shipments, **kwargs)

    def _repr_html_(self) -> str:
        return iframe(self.to_html(), height=800, title=f"statement {self.customer}")

    def __repr__(self) -> str:
        t = self.totals_g
        return (f"<Statement {self.customer} {self.period[0]}..{self.period[1]}: {self.shipments} shipments, "
                f"ER {t['reduction']} g CO2e, issuable {self.issuable_t} t, digest {self.digest[:16]}…>")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Statement) and other.json == self.json

    def __hash__(self) -> int:
        return hash(self.json)


def verify(statement: Union[Statement, PathLike], shipments: Any, *, factors: Optional[PathLike] = None,
           overlays: Iterable[PathLike] = (), catalog: Optional[PathLike] = None,
           data: Optional[PathLike] = None) -> VerifyResult:
    """Rebuilds a statement from its inputs and compares it field by field, as
    ``footprint verify`` does: the statement's own digest first, then the
    methodology (id, version, digest) and factor sets it names, then every
    field and the shipment rows. Returns the comparison (``identical``,
    ``first_difference``, ``shipments`` whose rows differ); raises
    footprint.Error (`footprint.verify.methodology`, `footprint.verify.factor-set`)
    when the methodology or factor set at hand is not the one the statement used."""
    if isinstance(statement, Statement):
        text, file = statement.json, "<statement>"
    else:
        file = str(statement)
        text = Path(statement).read_text(encoding="utf-8")
    h = _core.statement.read_statement_header(text, file)
    # The inputs the statement names, opened where the command opens them (footprint/plan/inputs.hpp).
    opened = _core.engine.open_inputs(
        h["methodology_id"], str(factors if factors is not None else default_factor_set_path()),
        [str(o) for o in overlays], None if catalog is None else str(catalog), None if data is None else str(data),
        h["gwp"], dict(h["overrides"]))
    m, sets = opened["methodology"], list(opened["factor_sets"])
    problems = []
    if m.digest != h["methodology_digest"] or m.version != h["methodology_version"]:
        problems.append(Problem(
            id="footprint.verify.methodology", file=file, field="/methodology",
            message=f"the methodology {h['methodology_id']} here is not the one the statement used",
            expected=f"version {h['methodology_version']}, digest {h['methodology_digest']}",
            found=f"version {m.version}, digest {m.digest}"))
    digests = [s.info.digest for s in sets]
    if digests != list(h["factor_set_digests"]):
        problems.append(Problem(
            id="footprint.verify.factor-set", file=file, field="/factor_sets",
            message="the factor set is not the one the statement used",
            expected=", ".join(h["factor_set_digests"]), found=", ".join(digests)))
    if problems:
        raise Error(problems)
    # A format-3 statement is drawn again with the Monte Carlo it records (iterations, seed, quantile and the
    # factors its coefficient pass measured).
    docs = _build_docs(opened["plan"], sets, shipments, h["customer"], h["from_day"], h["to_day"], h["format"],
                       h.get("uncertainty"))
    return _core.statement.compare_statements(text, docs[0].json)
