"""footprint: product carbon footprints (ISO 14067) and CCER-style emission
reductions of reusable packaging, from Python.

The compiled core is the C++ library (footprint._core); this package adds the
Pythonic face: pandas in and out, notebook renderings, plots, Dask.

    import footprint
    df = footprint.sample(10_000)                       # or your own DataFrame
    results = footprint.compute(df, methodology="reusable-packaging-reduction")
    plan = footprint.Plan.bind("reusable-packaging-reduction",
                               overrides={"cycles_per_year": 5, "annual_loss": 0.15})
    st = footprint.Statement.build(plan, df, customer="chem-jiangsu-01",
                                   period=("2020-06-01", "2021-07-31"))

Submodules loaded on demand: ``footprint.plot`` (matplotlib) and
``footprint.dask`` (Dask). See docs/python.md.
"""

# No `from __future__ import annotations` and no plain imports here: every
# name of this namespace is either in __all__, private (_...), or a submodule.
import importlib as _importlib

from . import _core
from ._data import catalog_dir, data_dir, default_factor_set_path, methodology_dir
from ._errors import Error, Problem
from .factors import Factor, FactorMatch, FactorSet, FactorSetInfo, FactorStack, gwp_sets
from .frame import AMOUNT_COLUMNS, compute, explain, frame_to_csv, sample, sweep, write_sample
from .frame import Computed, ShipmentsRead, compute_with_quarantine, read_shipments
from .methodology import Catalog, Methodology, Product, cfp, pact
from .plan import Plan
from .statement import Statement, VerifyResult, verify
from .signature import generate_key, key_fingerprint, sign, verify_signatures
from .issuance import Issuance, Register, RegisterCheck
from .montecarlo import Uncertainty, uncertainty
from .statement_montecarlo import StatementModel, StatementUncertainty, statement_model, statement_uncertainty
from .project import Estimate, MonitoringReport, Project, ReportVerification, estimate, monitoring_report

from . import _deprecated  # noqa: E402,F401  the top layer: names kept one release after they moved

__version__: str = _core.version

__all__ = [
    "__version__",
    "Error", "Problem",
    "FactorSet", "FactorStack", "Factor", "FactorMatch", "FactorSetInfo", "gwp_sets",
    "Methodology", "Catalog", "Product", "cfp", "pact",
    "Plan",
    "compute", "sweep", "sample", "write_sample", "explain", "frame_to_csv", "AMOUNT_COLUMNS",
    "Statement", "VerifyResult", "verify",
    "generate_key", "key_fingerprint", "sign", "verify_signatures", "Register", "Issuance", "RegisterCheck",
    "Uncertainty", "uncertainty",
    "StatementModel", "StatementUncertainty", "statement_model", "statement_uncertainty",
    "Project", "Estimate", "MonitoringReport", "ReportVerification", "estimate", "monitoring_report",
    "data_dir", "default_factor_set_path", "methodology_dir", "catalog_dir",
]
# ---- reading shipment files; one return type per function (issue 17) ----
__all__ += ["read_shipments", "ShipmentsRead", "compute_with_quarantine", "Computed"]
# ---- end of issue 17's names ----


def __getattr__(name: str):
    """footprint.plot and footprint.dask import matplotlib and Dask: loaded when first used."""
    if name in ("plot", "dask"):
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'footprint' has no attribute {name!r}")
