# Type stubs for footprint._core.signature: Ed25519 signatures on statements, signature files, trusted keys (register_signature.cpp).

from __future__ import annotations

from pathlib import Path
from typing import List, Sequence

class signing_key_files:
    private_key: Path
    public_key: Path
    fingerprint: str

def generate_signing_key(dir: str, name: str) -> signing_key_files: ...
def key_fingerprint(pem_file: str) -> str: ...

class signature_record:
    algorithm: str
    statement_digest: str
    signer: str
    role: str
    signed_at: str
    key_fingerprint: str
    signature: str
    def message(self) -> str: ...

def sign_statement(statement_json: str, private_key_pem: str, signer: str, role: str, time: str = ...,
                   statement_file: str = ...) -> signature_record: ...
def default_signature_file(statement: str) -> Path: ...
def signature_file_text(records: Sequence[signature_record]) -> str: ...
def parse_signature_file(text: str, file: str) -> List[signature_record]: ...
def read_signature_file(file: str) -> List[signature_record]: ...
def append_signature(file: str, record: signature_record) -> int: ...

class trusted_key:
    fingerprint: str
    where: str

def parse_trusted_keys(text: str, file: str) -> List[trusted_key]: ...
def read_trusted_keys(file: str) -> List[trusted_key]: ...

class signature_check:
    record: signature_record
    status: str
    error_id: str
    detail: str

class signatures_report:
    recorded_digest: str
    computed_digest: str
    checks: List[signature_check]
    sealed: bool
    all_valid: bool

def verify_signatures(statement_json: str, signatures: Sequence[signature_record],
                      trusted: Sequence[trusted_key]) -> signatures_report: ...
