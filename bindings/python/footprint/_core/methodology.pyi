# Type stubs for footprint._core.methodology: methodologies: parameters, equations, documents (register_methodology.cpp).

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

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
