"""The issuance register: what was issued, for whom, for which period.

A SQLite register of issued statements (customer, period, methodology and
version, digest, tonnes issued, signatures), as ``footprint register`` keeps
it (the library's footprint/statement/issuance_register.hpp). A period that
overlaps one already issued for the same customer and methodology is refused
(`footprint.register.overlap`), naming the earlier statement.

    reg = footprint.Register("register.sqlite", create=True)
    reg.add("chem.json")                  # signatures from chem.sig.json when it exists
    reg.list()                            # [Issuance, ...] in the order recorded
    reg.check("chem.json").ok             # issued as it is?
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import pandas as pd

from . import _core
from ._data import PathLike
from ._errors import Error
from .signature import StatementLike, _signature_file, _text_and_file
from .statement import Statement

__all__ = ["Register", "Issuance", "RegisterCheck"]

#: One issued statement (footprint::issuance); ``json()`` gives it as the command's ``--json`` does.
Issuance = _core.issuance.issuance


class RegisterCheck:
    """What the register says about one statement (footprint::register_check)."""

    def __init__(self, core: "_core.issuance.register_check"):
        self._core = core
        #: The register's entry under the statement's digest, or None.
        self.issued: Optional[Issuance] = core.issued
        #: Entries for the same customer and methodology in overlapping periods, under other digests.
        self.overlapping: List[Issuance] = list(core.overlapping)
        #: The statement as the register would record it.
        self.statement: Issuance = core.statement

    @property
    def ok(self) -> bool:
        """Issued under its digest, with the customer, period, methodology, tonnes and grams it states."""
        return bool(self._core.ok)

    @property
    def problems(self):
        """Why not (`footprint.register.not-issued`, `footprint.register.mismatch`), as footprint.Problem."""
        return [] if self.ok else Error._from_core(self._core.problems).problems

    def __repr__(self) -> str:
        if self.ok:
            return f"<RegisterCheck ok: issuance {self.issued.number}, {self.issued.issued_t} t>"
        return f"<RegisterCheck not ok: {', '.join(p.id for p in self.problems)}>"


class Register:
    """An issuance register file (SQLite). ``create=True`` makes it when missing;
    otherwise a missing file is footprint.Error `footprint.register.missing`."""

    def __init__(self, path: PathLike, *, create: bool = False):
        self.path = Path(path)
        self._core = _core.issuance.issuance_register(str(path), create)

    def add(self, statement: StatementLike, *, signatures: Optional[PathLike] = None,
            recorded_at: Optional[str] = None) -> Issuance:
        """Records a statement (a file, or a Statement) with the signatures of its
        signature file (default ``NAME.sig.json`` beside a file; none for a
        Statement without ``signatures=``). Refuses a duplicate and an overlapping
        period with footprint.Error, as ``footprint register add`` does."""
        text, file = _text_and_file(statement)
        if signatures is None and file is None:
            records = []
        else:
            records = _core.signature.read_signature_file(str(_signature_file(file, signatures)))
        name = str(file) if file is not None else f"<statement {statement.customer}>"  # type: ignore[union-attr]
        return self._core.add(text, name, records, recorded_at or "")

    def list(self, customer: Optional[str] = None) -> List[Issuance]:
        """Every issuance in the order recorded; only ``customer``'s when given."""
        return list(self._core.list(customer))

    def show(self, digest_or_statement: "str | Statement | Path") -> Issuance:
        """One issuance by its statement digest (or its first 8 or more hex
        digits), or by the statement (a Statement or a statement file)."""
        if isinstance(digest_or_statement, Statement):
            return self._core.show(digest_or_statement.digest)
        if isinstance(digest_or_statement, Path) or Path(str(digest_or_statement)).is_file():
            text = Path(digest_or_statement).read_text(encoding="utf-8")
            return self._core.show(_core.statement.statement_digest(text))
        return self._core.show(str(digest_or_statement))

    def check(self, statement: StatementLike) -> RegisterCheck:
        """Is the statement issued as it is (``footprint verify --register``)?"""
        text, file = _text_and_file(statement)
        return RegisterCheck(_core.issuance.check_issued(self._core, text, str(file) if file else "<statement>"))

    def to_frame(self) -> "pd.DataFrame":
        """The register as a DataFrame, one row per issuance (the columns of ``footprint register export``)."""
        cols = ["number", "statement_digest", "customer", "period_from", "period_to", "methodology_id",
                "methodology_version", "issued_t", "reduction_g", "recorded_at", "statement_file"]
        return pd.DataFrame([{c: getattr(i, c) for c in cols} for i in self.list()], columns=cols)

    def __len__(self) -> int:
        return len(self.list())

    def __repr__(self) -> str:
        return f"<Register {self.path}: {len(self)} issuances>"
