# Type stubs for footprint._core.uncertainty: Monte Carlo of product footprints (register_uncertainty.cpp).

from __future__ import annotations

from typing import Any, Dict

from .catalog import catalog
from .factors import factor_library

def product_monte_carlo(catalog: catalog, product: str, factors: factor_library, year: int = ..., region: str = ...,
                        gwp: str = ..., iterations: int = ..., seed: int = ..., threads: int = ...) -> Dict[str, Any]: ...
