# Type stubs for footprint._core.issuance: the issuance register (register_issuance.cpp).

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from .signature import signature_record

class issuance_signature:
    key_fingerprint: str
    role: str
    signer: str
    signed_at: str

class issuance:
    number: int
    statement_digest: str
    customer: str
    period_from: str
    period_to: str
    methodology_id: str
    methodology_version: str
    issued_t: int
    reduction_g: int
    statement_file: str
    recorded_at: str
    signatures: List[issuance_signature]
    def json(self) -> str: ...

def issuance_of_statement(statement_json: str, file: str) -> issuance: ...

class issuance_register:
    file: Path
    def __init__(self, file: str, create: bool) -> None: ...
    def add(self, statement_json: str, statement_file: str, signatures: Sequence[signature_record],
            recorded_at: str = ...) -> issuance: ...
    def list(self, customer: Optional[str] = ...) -> List[issuance]: ...
    def show(self, digest: str) -> issuance: ...

class register_check:
    statement: issuance
    issued: Optional[issuance]
    overlapping: List[issuance]
    problems: List[Tuple[str, str, str, str, str, int, int, str, str]]
    ok: bool

def check_issued(register: issuance_register, statement_json: str, file: str) -> register_check: ...
def register_json(issuances: Sequence[issuance]) -> str: ...
def register_csv(issuances: Sequence[issuance]) -> str: ...
