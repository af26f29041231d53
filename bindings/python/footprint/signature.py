"""Signatures on statements: who vouches for a statement, in which role, when.

Ed25519 key pairs, detached signatures in ``NAME.sig.json`` beside the
statement, and offline verification against trusted public keys, as
``footprint keys``, ``footprint sign`` and ``footprint signatures verify`` do
(the library's footprint/statement/signature.hpp; formats in
docs/auditing.md, section 9):

    keys = footprint.generate_key("keys", "operator")
    footprint.sign("chem.json", keys.private_key, signer="Operator Ltd", role="preparer")
    report = footprint.verify_signatures("chem.json", trusted=keys.public_key)
    report.all_valid                      # True
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Sequence, Tuple, Union

from . import _core
from ._data import PathLike
from .statement import Statement

__all__ = ["KeyFiles", "Signature", "SignatureCheck", "SignaturesReport", "generate_key", "key_fingerprint",
           "sign", "read_signatures", "verify_signatures"]

#: The two files of a key pair and its fingerprint (footprint::signing_key_files).
KeyFiles = _core.signature.signing_key_files
#: One signature of a signature file (footprint::signature_record); ``role`` is "preparer" or "verifier".
Signature = _core.signature.signature_record
#: What became of one signature: ``status`` "ok", "unknown-key", "bad-signature" or "digest-mismatch".
SignatureCheck = _core.signature.signature_check
#: Every signature checked: ``checks``, ``sealed``, ``all_valid``.
SignaturesReport = _core.signature.signatures_report

StatementLike = Union[Statement, PathLike]


def _text_and_file(statement: StatementLike) -> Tuple[str, Optional[Path]]:
    if isinstance(statement, Statement):
        return statement.json, None
    path = Path(statement)
    return path.read_text(encoding="utf-8"), path


def _signature_file(file: Optional[Path], signatures: Optional[PathLike]) -> Path:
    if signatures is not None:
        return Path(signatures)
    if file is None:
        raise ValueError("a Statement object has no file: name its signature file with signatures=")
    return Path(_core.signature.default_signature_file(str(file)))


def generate_key(dir: PathLike, name: str) -> KeyFiles:
    """A new Ed25519 key pair: ``dir/name.key.pem`` (private, mode 0600; never
    replaces a file) and ``dir/name.pub.pem``."""
    return _core.signature.generate_signing_key(str(dir), name)


def key_fingerprint(pem_file: PathLike) -> str:
    """SHA-256 of the raw Ed25519 public key of a PEM file (public or private), in hex."""
    return _core.signature.key_fingerprint(str(pem_file))


def sign(statement: StatementLike, key: PathLike, *, signer: str, role: str, time: Optional[str] = None,
         signatures: Optional[PathLike] = None) -> Signature:
    """Signs a statement (a file, or a Statement with ``signatures=``) with the
    private key ``key`` and appends the signature to its signature file
    (default: ``NAME.sig.json`` beside ``NAME.json``). ``role`` is "preparer"
    or "verifier"; ``time`` UTC ``YYYY-MM-DDTHH:MM:SSZ`` (default: now).
    Raises footprint.Error (`footprint.signature.*`) as the command does."""
    text, file = _text_and_file(statement)
    record = _core.signature.sign_statement(text, str(key), signer, role, time or "",
                                            str(file) if file is not None else "<statement>")
    _core.signature.append_signature(str(_signature_file(file, signatures)), record)
    return record


def read_signatures(file: PathLike) -> List[Signature]:
    """The signatures of a signature file (none when it does not exist)."""
    return list(_core.signature.read_signature_file(str(file)))


def verify_signatures(statement: StatementLike, trusted: Union[PathLike, Sequence[PathLike]], *,
                      signatures: Optional[PathLike] = None) -> SignaturesReport:
    """Checks every signature of a statement against trusted public keys (a PEM
    file, or several), offline. ``report.all_valid`` is True only when the
    statement is sealed, has a signature and every one is valid and trusted."""
    text, file = _text_and_file(statement)
    paths = [trusted] if isinstance(trusted, (str, Path)) or not isinstance(trusted, Sequence) else list(trusted)
    keys = [k for p in paths for k in _core.signature.read_trusted_keys(str(p))]
    records = _core.signature.read_signature_file(str(_signature_file(file, signatures)))
    return _core.signature.verify_signatures(text, records, keys)
