# Type stubs for footprint._core.catalog: the packaging catalog and product footprints (register_catalog.cpp).

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from .factors import factor_library

class packaging_product:
    id: str
    name: str
    kind: str
    reusable: bool
    capacity: Tuple[float, str]
    tare_mass: Tuple[float, str]
    design_life_trips: Optional[int]
    folded_volume_ratio: Optional[float]
    functional_unit: str
    notes: str
    items: List[Dict[str, Any]]
    per_trip: List[Dict[str, Any]]
    exclusions: List[Tuple[str, str]]
    file: str

class catalog:
    def find(self, id: str) -> Optional[packaging_product]: ...
    def ids(self) -> List[str]: ...
    def __len__(self) -> int: ...

def load_catalog_directory(directory: str, factors: Optional[factor_library] = ...) -> catalog: ...
def compute_product_footprint(catalog: catalog, product: str, factors: factor_library, year: int = ...,
                              region: str = ..., region_overrides_items: bool = ...,
                              gwp: str = ...) -> Dict[str, Any]: ...
