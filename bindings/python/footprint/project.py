"""A CCER project from Python: its project file, ex-ante estimate and monitoring report.

The same documents ``footprint estimate`` and ``footprint monitoring-report``
write (docs/ccer-project.md), built by the same library calls
(footprint/project/*.hpp): the project's methodology bound with the project's
``parameters`` as scenario values, the bundled factor set unless told.

    project = footprint.Project.open("examples/projects/demo-project.yaml")
    est = footprint.estimate(project)                     # or footprint.estimate("demo-project.yaml")
    est.years                                             # DataFrame: BE, PE, LE, ER per crediting year
    report = footprint.monitoring_report(project, "ledger.sqlite", period=("2021-01-01", "2021-03-31"))
    report.digest                                         # as the command's report_digest
    report.parameters                                     # DataFrame: per parameter and month
    report.qaqc                                           # DataFrame: one row per QA/QC check
    report.verify(project, "ledger.sqlite").identical
"""

from __future__ import annotations

import json as _json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core
from ._data import PathLike, default_factor_set_path
from ._document import JsonDocument
from .statement import DateLike, Statement

__all__ = ["Project", "Estimate", "MonitoringReport", "ReportVerification", "estimate", "monitoring_report"]


def _date_text(value: DateLike) -> str:
    # "YYYY-MM-DD" of a date, datetime or text (the library checks the text).
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)


class Project:
    """A project file (docs/ccer-project.md) opened with the inputs its methodology is bound to.

    ``Project.open(path, factors=None, overlays=(), data=None, gwp=None)``
    reads the file, checks it against its methodology, catalog and regions
    (every problem at once, as footprint.Error with file, line, column and
    field) and binds the methodology with the project's parameters, as the
    command does.
    """

    def __init__(self, core: "_core.project.opened_project"):
        self._core = core

    @classmethod
    def open(cls, path: PathLike, *, factors: Optional[PathLike] = None, overlays: Sequence[PathLike] = (),
             data: Optional[PathLike] = None, gwp: Optional[str] = None) -> "Project":
        """Opens a project file; ``factors`` defaults to the bundled factor set."""
        base = factors if factors is not None else (default_factor_set_path() if data is None else None)
        core = _core.project.open_project(str(path), None if base is None else str(base),
                                          [str(o) for o in overlays], None if data is None else str(data), gwp or "")
        return cls(core)

    @property
    def id(self) -> str:
        """The project's id."""
        return self._core.id

    @property
    def title(self) -> Dict[str, str]:
        """The title, ``{"en": ..., "zh": ...}``."""
        return {"en": self._core.title_en, "zh": self._core.title_zh}

    @property
    def methodology(self) -> str:
        """The methodology applied, ``id@version``."""
        return self._core.methodology

    @property
    def crediting_period(self) -> Tuple[str, str]:
        """First and last day of the crediting period (inclusive)."""
        return (self._core.start_date, self._core.end_date)

    @property
    def parameters(self) -> Dict[str, float]:
        """Scenario values of the methodology's fixed parameters the project sets."""
        return dict(self._core.parameters)

    @property
    def customers(self) -> "pd.DataFrame":
        """The customers' packaging lines, one row per customer."""
        return pd.DataFrame(list(self._core.customers))

    @property
    def loss_record(self) -> Optional[Path]:
        """The loss record the project file names (units written off per month and product), or None."""
        path = Path(self._core.loss_record)
        return None if str(path) in ("", ".") else path

    @property
    def canonical_json(self) -> str:
        """The project as the monitoring report and the estimate record it (its SHA-256 is ``project_digest``)."""
        return self._core.canonical_json

    def estimate(self) -> "Estimate":
        """The ex-ante estimate (``footprint estimate``)."""
        return Estimate(_core.project.build_estimate(self._core), self)

    def monitoring_report(self, shipments: PathLike, *, period: Tuple[DateLike, DateLike]) -> "MonitoringReport":
        """The monitoring report of ``period`` (inclusive) over a ledger (.sqlite) or a shipments CSV."""
        text, digest, statements = _core.project.build_monitoring_report(
            self._core, str(shipments), _date_text(period[0]), _date_text(period[1]))
        report = MonitoringReport(text)
        assert report.digest == digest
        report._statements = [Statement(j, d, c) for c, d, j in statements]
        return report

    def __repr__(self) -> str:
        start, end = self.crediting_period
        return (f"<Project {self.id}: {self.methodology}, {len(self._core.customers)} customers, "
                f"crediting {start} .. {end}>")


ProjectLike = Union[Project, PathLike]


def _project(project: ProjectLike, **kwargs: Any) -> Project:
    return project if isinstance(project, Project) else Project.open(project, **kwargs)


class Estimate(JsonDocument):
    """An ex-ante estimate: canonical JSON (format ``footprint-ex-ante-estimate/1``) with its digest."""

    def __init__(self, json: str, project: Optional[Project] = None):
        #: The canonical JSON, as ``estimate.json``.
        super().__init__(json)
        self._project = project

    @property
    def digest(self) -> str:
        """``estimate_digest``."""
        return self.data["estimate_digest"]

    @property
    def years(self) -> "pd.DataFrame":
        """Per crediting year: from, to, trips, BE, PE, LE and ER in grams (expectations, rounded to grams)."""
        rows = [{"year": y["year"], "from": y["from"], "to": y["to"], "trips": float(y["trips"]),
                 "BE_g": y["baseline_g"], "PE_g": y["project_g"], "LE_g": y["leakage_g"], "ER_g": y["reduction_g"]}
                for y in self.data["years"]]
        return pd.DataFrame(rows).set_index("year")

    @property
    def assumptions(self) -> "pd.DataFrame":
        """The assumptions with their values, units and sources."""
        return pd.DataFrame(self.data["assumptions"])

    def compare(self, report: "MonitoringReport") -> Dict[str, Any]:
        """The estimate set against a monitoring report for the report's period (``estimate --compare``)."""
        if self._project is None:
            raise ValueError("compare needs the Estimate made from a Project (Project.estimate or footprint.estimate)")
        return _json.loads(_core.project.compare_estimate(self._project._core, report.json))

    def uncertainty(self, iterations: int = 10_000, *, seed: int = 1, quantile: float = 0.05,
                    threads: int = 1) -> Dict[str, Any]:
        """Monte Carlo of the crediting period's total (``footprint estimate --uncertainty N``): the parsed
        ``estimate-uncertainty.json`` (format ``footprint-estimate-uncertainty/1``; its ``uncertainty``
        section is a statement of record's: method, model, results, sensitivity). The same seed gives the
        same bytes whatever ``threads``."""
        if self._project is None:
            raise ValueError("uncertainty needs the Estimate made from a Project (Project.estimate or footprint.estimate)")
        return _json.loads(_core.project.estimate_uncertainty(self._project._core, self.digest, iterations, seed,
                                                               quantile, threads))

    def render(self, format: str = "html", lang: str = "en") -> str:
        """Markdown (``"md"``) or HTML of the estimate, in English or Chinese (``lang="zh"``)."""
        return _core.project.render_estimate(self.json, "", format, lang)

    def __repr__(self) -> str:
        t = self.data["totals"]
        return (f"<Estimate {self.data['crediting_period']['from']} .. {self.data['crediting_period']['to']}: "
                f"ER {t['reduction_g'] / 1e6:.3f} t expected, digest {self.digest[:12]}>")


class ReportVerification:
    """A monitoring report of record against the one rebuilt from its inputs (``footprint project verify``)."""

    def __init__(self, result: Dict[str, Any]):
        #: Same bytes, and the recorded digest is the content's.
        self.identical: bool = result["identical"]
        #: The recorded report_digest matches the recorded content.
        self.digest_ok: bool = result["digest_ok"]
        self.recorded_digest: str = result["recorded_digest"]
        self.computed_digest: str = result["computed_digest"]
        #: JSON path of the first differing field, or "".
        self.first_difference: str = result["first_difference"]
        self.expected: str = result["expected"]
        self.found: str = result["found"]

    def __bool__(self) -> bool:
        return self.identical

    def __repr__(self) -> str:
        if self.identical:
            return f"<ReportVerification identical, digest {self.recorded_digest[:12]}>"
        where = f", first difference {self.first_difference}" if self.first_difference else ""
        return f"<ReportVerification differs: digest {'ok' if self.digest_ok else 'changed'}{where}>"


class MonitoringReport(JsonDocument):
    """A monitoring report: canonical JSON (format ``footprint-monitoring-report/2``) with its digest."""

    def __init__(self, json: str):
        #: The canonical JSON, as ``monitoring-report.json``.
        super().__init__(json)
        #: SHA-256 of the canonical JSON without ``report_digest`` (refuses what is not a report).
        self.digest: str = _core.project.monitoring_report_digest(json)
        self._statements: List[Statement] = []

    @property
    def period(self) -> Tuple[str, str]:
        """First and last day (inclusive)."""
        return (self.data["period"]["from"], self.data["period"]["to"])

    @property
    def statements(self) -> List[Statement]:
        """The customers' statements the report links to by digest (a report built here; [] for a loaded one)."""
        return list(self._statements)

    @property
    def parameters(self) -> "pd.DataFrame":
        """The monitored parameters' monthly summaries, one row per parameter and month: count, and for
        numbers and flags min, max, mean, sum, p10, p50, p90 (floats, from the report's exact decimal text);
        ``values`` (a dict of counts) for products, regions and texts; first and last day for the date."""
        rows = []
        for p in self.data["parameters"]:
            for month, m in p["months"].items():
                row: Dict[str, Any] = {"parameter": p["name"], "month": month, "count": m["count"]}
                for k in ("min", "max", "mean", "sum", "p10", "p50", "p90"):
                    if k in m:
                        row[k] = float(m[k]) if "mean" in m else m[k]
                if "values" in m:
                    row["values"] = dict(m["values"])
                rows.append(row)
        cols = ["parameter", "month", "count", "min", "max", "mean", "sum", "p10", "p50", "p90", "values"]
        df = pd.DataFrame(rows)
        return df.reindex(columns=[c for c in cols if c in df.columns])

    @property
    def qaqc(self) -> "pd.DataFrame":
        """The QA/QC checks, one row each: id, parameter, applicable, checked, flagged, quarantined, threshold,
        rule, and ``examples`` (a list of dicts: shipment, where, detail)."""
        cols = ["id", "parameter", "applicable", "checked", "flagged", "quarantined", "threshold", "rule", "examples"]
        return pd.DataFrame([{c: q[c] for c in cols} for q in self.data["qaqc"]], columns=cols)

    @property
    def reductions(self) -> "pd.DataFrame":
        """BE, PE, LE and ER per customer in grams, with each statement's digest."""
        rows = [{"customer": c["customer"], "statement_digest": c["statement_digest"], "shipments": c["shipments"],
                 "BE_g": c["baseline_g"], "PE_g": c["project_g"], "LE_g": c["leakage_g"], "ER_g": c["reduction_g"]}
                for c in self.data["emission_reductions"]["customers"]]
        return pd.DataFrame(rows)

    def verify(self, project: ProjectLike, shipments: PathLike, **kwargs: Any) -> ReportVerification:
        """Rebuilds the report from the project and shipments for the period (and format) it records, and
        compares, field by field; ``kwargs`` open a project given as a path (factors=, data=, gwp=)."""
        p = _project(project, **kwargs)
        return ReportVerification(_core.project.verify_monitoring_report(p._core, self.json, str(shipments)))

    def render(self, format: str = "html", lang: str = "en") -> str:
        """Markdown (``"md"``) or HTML of the report, in English or Chinese (``lang="zh"``)."""
        return _core.project.render_monitoring_report(self.json, format, lang)

    def save(self, path: PathLike) -> Path:
        """Writes the JSON of record (the bytes the digest covers) to ``path``."""
        out = Path(path)
        out.write_text(self.json, encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        return self.render("html")

    def __repr__(self) -> str:
        frm, to = self.period
        flagged = sum(q["flagged"] for q in self.data["qaqc"])
        er = self.data["emission_reductions"]["totals_g"]["reduction"]
        return (f"<MonitoringReport {self.data['project']['id']} {frm} .. {to}: ER {er / 1e6:.6f} t, "
                f"{len(self.data['qaqc'])} QA/QC checks, {flagged} flagged, digest {self.digest[:12]}>")


def estimate(project: ProjectLike, **kwargs: Any) -> Estimate:
    """The ex-ante estimate of a project (a Project, or a project file opened with ``kwargs``: factors=,
    overlays=, data=, gwp=), as ``footprint estimate`` writes it."""
    return _project(project, **kwargs).estimate()


def monitoring_report(project: ProjectLike, shipments: PathLike, *, period: Tuple[DateLike, DateLike],
                      **kwargs: Any) -> MonitoringReport:
    """The monitoring report of a project for ``period`` over a ledger or shipments CSV, as
    ``footprint monitoring-report`` writes it (a project file is opened with ``kwargs``)."""
    return _project(project, **kwargs).monitoring_report(shipments, period=period)
