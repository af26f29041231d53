# Type stubs for footprint._core.uncertainty: Monte Carlo of product footprints (register_uncertainty.cpp)
# and of statements (register_statement_uncertainty.cpp).

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import numpy as np

from .catalog import catalog
from .engine import plan
from .factors import factor_library, factor_set
from .statement import statement_document

def product_monte_carlo(catalog: catalog, product: str, factors: factor_library, year: int = ..., region: str = ...,
                        gwp: str = ..., iterations: int = ..., seed: int = ..., threads: int = ...) -> Dict[str, Any]: ...

# Monte Carlo of one customer's statement (register_statement_uncertainty.cpp).

class statement_model:
    customer: str
    shipments: int
    deterministic_g: Dict[str, int]
    terms: List[Dict[str, Any]]
    linearity_residual_g: int
    linearity_bound_g: int
    def multiplier_at(self, term: int, z: float, u: float) -> float: ...
    def to_json(self) -> str: ...

class statement_draws:
    first: int
    baseline_t: np.ndarray
    project_t: np.ndarray
    reduction_t: np.ndarray
    multipliers: np.ndarray
    def __init__(self, first: int, baseline_t: np.ndarray, project_t: np.ndarray, reduction_t: np.ndarray,
                 multipliers: np.ndarray) -> None: ...
    def __len__(self) -> int: ...

def statement_model_json(model: statement_model) -> str: ...
def statement_model_from_json(json: str) -> statement_model: ...
def measure_statement_model(plan: plan, factor_sets: List[factor_set], source: str, is_text: bool, name: str,
                            customer: str, from_day: int, to_day: int, allow_empty: bool = ...,
                            threads: int = ...) -> Tuple[statement_document, statement_model]: ...
def measure_statement_model_frame(plan: plan, factor_sets: List[factor_set], name: str, rows: int, columns: List[Any],
                                  na: Any, customer: str, from_day: int, to_day: int, allow_empty: bool = ...,
                                  threads: int = ...) -> Tuple[statement_document, statement_model]: ...
def check_statement_options(iterations: int, threads: int, quantile: float) -> None: ...
def draw_statement(model: statement_model, seed: int, first: int, last: int, threads: int = ...) -> statement_draws: ...
def join_draws(parts: List[statement_draws]) -> statement_draws: ...
def summarise_statement(model: statement_model, draws: statement_draws, iterations: int, seed: int, threads: int,
                        quantile: float) -> Dict[str, Any]: ...
