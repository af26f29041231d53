# Type stubs for footprint._core, the compiled module (pybind11). Private:
# use the `footprint` package. Names are the C++ names.

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

version: str

# ---- errors ------------------------------------------------------------------------------
def _raise_error(id: str, file: str, line: int, column: int, field: str, shipment: str, message: str,
                 expected: str, found: str) -> None: ...

# ---- data --------------------------------------------------------------------------------
def default_data_dir() -> str: ...
def default_factor_set_path() -> str: ...
def gwp_sets() -> List[Dict[str, Any]]: ...
def write_sample_shipments(path: str, rows: int = ..., seed: int = ..., defects: bool = ..., first_year: int = ...,
                           first_month: int = ..., months: int = ...) -> List[Tuple[int, str, str]]: ...
def sample_shipments_header() -> str: ...
def parse_unit(text: str) -> Tuple[str, float, str]: ...
def find_chromium() -> str: ...
def shortest_text(value: float) -> str: ...

# ---- factors -----------------------------------------------------------------------------
class factor_set_info:
    format: int
    name: str
    version: str
    digest: str
    gwp_default: str
    software_version: str
    created_from: List[Tuple[str, str]]

class emission_factor:
    id: str
    name: str
    activity: str
    activity_unit: str
    value: float
    unit: str
    co2e_per_activity: Optional[float]
    gases: List[Tuple[str, float, float]]
    gwp_assumed: str
    scope: str
    fossil: bool
    region: str
    year_first: int
    year_last: int
    source: str
    table: str
    assumption: str
    quality: Tuple[int, int, int]
    uncertainty: Optional[Dict[str, Any]]
    notes: str
    file: str
    line: int
    def kg_co2e_per_activity_unit(self, gwp: str = ...) -> float: ...
    def valid_in(self, year: int) -> bool: ...

class factor_library:
    def find(self, id: str) -> Optional[emission_factor]: ...
    def lookup(self, activity: str, region: str, year: int, scope: str = ...) -> Dict[str, Any]: ...
    def search(self, text: str) -> List[emission_factor]: ...
    def factors(self) -> List[emission_factor]: ...
    def layers(self) -> List[Dict[str, str]]: ...
    def layer_of(self, id: str) -> Optional[int]: ...
    def regions(self) -> List[Dict[str, str]]: ...
    def region_chain(self, id: str) -> List[str]: ...
    def sources(self) -> List[Dict[str, Any]]: ...
    def written(self, id: str) -> Optional[Dict[str, Any]]: ...
    def __len__(self) -> int: ...

class factor_set:
    @staticmethod
    def open(file: str) -> factor_set: ...
    @property
    def info(self) -> factor_set_info: ...
    @property
    def file(self) -> str: ...
    @property
    def default_gwp(self) -> str: ...
    def library(self) -> factor_library: ...
    def canonical_serialisation(self) -> bytes: ...

def build_factor_set(directory: str, output: str, name: str = ..., version: str = ...,
                     gwp_default: str = ...) -> factor_set_info: ...
def stack_factor_sets(base: factor_set, overlays: Sequence[factor_set]) -> factor_library: ...
def load_factor_directory(dir: str) -> factor_library: ...

# ---- catalog -----------------------------------------------------------------------------
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

# ---- methodologies -----------------------------------------------------------------------
class monitored_parameter:
    name: str
    description: Dict[str, str]
    type: str
    unit: str
    minimum: Optional[float]
    maximum: Optional[float]
    required: bool
    measured_how: str
    frequency: str

class fixed_parameter:
    name: str
    description: Dict[str, str]
    value: float
    unit: str
    source: str
    assumption: str
    reason: str

class equation:
    name: str
    text: Dict[str, str]
    term: str
    stage: Optional[str]
    credit: bool
    expression: str
    line: int

class methodology:
    id: str
    version: str
    title: Dict[str, str]
    summary: Dict[str, str]
    references: List[str]
    applicability: List[Dict[str, Any]]
    boundary: List[Dict[str, Any]]
    baseline_scenario: Dict[str, str]
    functional_unit: Dict[str, str]
    fixed: List[fixed_parameter]
    monitored: List[monitored_parameter]
    equations: List[equation]
    rounding: Dict[str, str]
    conservativeness: Dict[str, str]
    plausibility: str
    digest: str
    file: str
    def canonical_text(self) -> str: ...
    def render_markdown(self, lang: str = ...) -> str: ...
    def render_html(self, lang: str = ...) -> str: ...

def load_methodology(file: str) -> methodology: ...
def load_methodology_yaml(yaml: str, name: str = ...) -> methodology: ...
def locate_methodology(dir: str, id_or_file: str) -> str: ...
def load_methodology_directory(dir: str) -> List[methodology]: ...

# ---- plans and the engine ----------------------------------------------------------------
class plan:
    @staticmethod
    def bind(methodology: methodology, factors: factor_library, catalog: catalog, gwp: str = ...,
             overrides: Mapping[str, float] = ...) -> plan: ...
    def method(self) -> methodology: ...
    @property
    def gwp(self) -> str: ...
    @property
    def overrides(self) -> Dict[str, float]: ...
    def inputs(self) -> List[monitored_parameter]: ...
    def components(self) -> List[Dict[str, Any]]: ...
    def constants(self) -> List[Dict[str, Any]]: ...
    def derivation(self) -> List[Tuple[str, str]]: ...
    def program_size(self) -> int: ...
    def explain(self, row: Mapping[str, str]) -> str: ...
    def evaluate_row(self, row: Mapping[str, str]) -> Dict[str, float]: ...
    def schema(self) -> List[Dict[str, Any]]: ...

def compute_frame(plan: plan, name: str, rows: int,
                  columns: Sequence[Tuple[str, str, Any, Optional[Sequence[Any]], str]], batch_rows: int = ...,
                  na: Any = ...) -> Dict[str, Any]: ...
def round_grams(kg: float, mode: str) -> int: ...
def days_from_civil(y: int, m: int, d: int) -> int: ...
def format_iso_date(days: int) -> str: ...
def parse_iso_date(text: str) -> Optional[int]: ...

# ---- statements --------------------------------------------------------------------------
class statement_document:
    customer: str
    json: str
    digest: str
    def __init__(self, customer: str, json: str, digest: str) -> None: ...

def build_statements(plan: plan, factor_sets: Sequence[factor_set], source: str, is_text: bool, name: str,
                     customer: Optional[str], from_day: int, to_day: int) -> List[statement_document]: ...
def statement_digest(json: str) -> str: ...

class verify_result:
    identical: bool
    first_difference: str
    expected: str
    found: str
    shipments: List[str]
    digest_ok: bool
    recorded_digest: str
    computed_digest: str

def compare_statements(recorded_json: str, rebuilt_json: str) -> verify_result: ...
def read_statement_header(json: str, file: str) -> Dict[str, Any]: ...
def render_statement_html(statement_json: str, lang: str = ...) -> str: ...
def render_statement_markdown(statement_json: str, lang: str = ...) -> str: ...
def render_statement_csv(statement_json: str) -> str: ...
def render_statement_pdf(statement_json: str, lang: str, pdf: str) -> None: ...
