# Type stubs for footprint._core.statement: statements: building, digests, verification, renderings (register_statement.cpp).

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .engine import plan
from .factors import factor_set

class statement_document:
    customer: str
    json: str
    digest: str
    def __init__(self, customer: str, json: str, digest: str) -> None: ...

def build_statements(plan: plan, factor_sets: Sequence[factor_set], source: str, is_text: bool, name: str,
                     customer: Optional[str], from_day: int, to_day: int, format: int = 2,
                     uncertainty: Optional[Mapping[str, Any]] = None) -> List[statement_document]: ...
def build_statements_frame(plan: plan, factor_sets: Sequence[factor_set], name: str, rows: int,
                           columns: Sequence[Tuple[str, str, Any, Optional[Sequence[Any]], str]], na: Any,
                           customer: Optional[str], from_day: int, to_day: int,
                           format: int = 2, uncertainty: Optional[Mapping[str, Any]] = None) -> List[statement_document]: ...
def statement_digest(json: str) -> str: ...
def check_statement_period(from_day: int, to_day: int) -> None: ...
def keep_claimable(docs: Sequence[statement_document], name: str, customer: Optional[str], from_day: int, to_day: int,
                   allow_empty: bool) -> Tuple[List[statement_document], List[str]]: ...

class verify_result:
    identical: bool
    first_difference: str
    expected: str
    found: str
    shipments: List[str]
    inputs: List[str]
    digest_ok: bool
    recorded_digest: str
    computed_digest: str

def compare_statements(recorded_json: str, rebuilt_json: str) -> verify_result: ...
def read_statement_header(json: str, file: str) -> Dict[str, Any]: ...
def render_statement_html(statement_json: str, lang: str = ...) -> str: ...
def render_statement_markdown(statement_json: str, lang: str = ...) -> str: ...
def render_statement_csv(statement_json: str) -> str: ...
def render_statement_pdf(statement_json: str, lang: str, pdf: str) -> None: ...
