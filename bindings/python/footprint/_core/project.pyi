# Type stubs for footprint._core.project: CCER project files, ex-ante estimates and monitoring reports
# (register_project.cpp).

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

class opened_project:
    id: str
    title_en: str
    title_zh: str
    owner: str
    methodology: str
    file: str
    start_date: str
    end_date: str
    crediting_years: int
    parameters: Dict[str, float]
    customers: List[Dict[str, Any]]
    loss_record: Path
    canonical_json: str

def open_project(file: str, factor_set: Optional[str] = ..., overlays: Sequence[str] = ..., data: Optional[str] = ...,
                 gwp: str = ...) -> opened_project: ...
def build_estimate(project: opened_project) -> str: ...
def estimate_uncertainty(project: opened_project, estimate_digest: str, iterations: int, seed: int, quantile: float,
                         threads: int) -> str: ...
def compare_estimate(project: opened_project, report_json: str) -> str: ...
def render_estimate(estimate_json: str, comparison_json: str, format: str, lang: str) -> str: ...
def build_monitoring_report(project: opened_project, shipments: str, period_from: str, period_to: str,
                            format: int = ...) -> Tuple[str, str, List[Tuple[str, str, str]]]: ...
def monitoring_report_digest(report_json: str) -> str: ...
def verify_monitoring_report(project: opened_project, report_json: str, shipments: str) -> Dict[str, Any]: ...
def render_monitoring_report(report_json: str, format: str, lang: str) -> str: ...
