"""footprint.Error: the Python face of footprint::error.

Every problem carries a stable id (``footprint.unit.unknown``; see
docs/errors.md), where it is (file, line, column, field, shipment, and for
rows of a DataFrame the row position) and what was expected. One Error lists
every problem found, so that a user fixes them in one pass.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Sequence, Tuple

__all__ = ["Error", "Problem"]

#: How many problems ``str(error)`` shows before summarising the rest.
MESSAGE_LIMIT = 50


@dataclass(frozen=True)
class Problem:
    """One problem: footprint::diagnostic with its source_location, plus the
    row position for problems in a DataFrame (0-based, ``None`` otherwise)."""

    id: str
    message: str
    expected: str = ""
    found: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    field: str = ""
    shipment: str = ""
    row: Optional[int] = None

    @property
    def where(self) -> str:
        """``file:line:column`` (unknown parts left out), or ``file row N``."""
        out = self.file or "<input>"
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        if self.row is not None:
            out += f" row {self.row}"
        return out

    def __str__(self) -> str:
        # The same form as footprint::diagnostic::str().
        out = f"{self.where}: error [{self.id}] "
        if self.shipment:
            out += f"shipment {self.shipment}: "
        if self.field:
            out += f"{self.field}: "
        out += self.message
        if self.expected or self.found:
            parts = []
            if self.expected:
                parts.append(f"expected {self.expected}")
            if self.found:
                parts.append(f"found '{self.found}'")
            out += " (" + ", ".join(parts) + ")"
        return out


class Error(Exception):
    """A footprint error: one or more problems, each with its id and location.

    ``id`` is the first problem's id (the one a caller usually switches on);
    ``problems`` lists them all, in the order they were found.
    """

    problems: List[Problem]

    def __init__(self, problems: Sequence[Problem] | Problem, message: Optional[str] = None):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        if not self.problems:
            raise ValueError("footprint.Error needs at least one problem")
        if message is None:
            lines = [str(p) for p in self.problems[:MESSAGE_LIMIT]]
            if len(self.problems) > MESSAGE_LIMIT:
                lines.append(f"... and {len(self.problems) - MESSAGE_LIMIT} more problems "
                             f"(all of them in Error.problems)")
            message = "\n".join(lines)
        super().__init__(message)

    @property
    def id(self) -> str:
        """The first problem's id, e.g. ``"footprint.shipment.negative"``."""
        return self.problems[0].id

    @property
    def ids(self) -> List[str]:
        """Every problem's id, in order."""
        return [p.id for p in self.problems]

    def __reduce__(self) -> Tuple[Any, ...]:
        # Picklable, so that Dask can send it from a worker to the client.
        return (type(self), (self.problems, str(self)))

    @classmethod
    def _from_core(cls, problems: Iterable[Tuple[str, str, str, str, str, int, int, str, str]]) -> "Error":
        """Built by footprint._core's exception translator from footprint::error."""
        return cls([Problem(id=i, message=msg, expected=exp, found=fnd, file=f, line=ln, column=col, field=fld,
                            shipment=sh)
                    for (i, msg, exp, fnd, f, ln, col, fld, sh) in problems])


def deprecated(old: str, new: str, stacklevel: int = 3) -> None:
    """Warns (``DeprecationWarning``) that `old` goes in the next release and
    names what replaces it: one sentence for every deprecated name
    (docs/python.md, "Deprecated names")."""
    warnings.warn(f"{old} is deprecated; use {new} ({old} is removed in the next release)", DeprecationWarning,
                  stacklevel=stacklevel)


def error(id: str, message: str, *, expected: str = "", found: str = "", file: str = "<python>", field: str = "",
          shipment: str = "", row: Optional[int] = None) -> Error:
    """An Error with one problem (for problems the Python face finds itself)."""
    return Error([Problem(id=id, message=message, expected=expected, found=found, file=file, field=field,
                          shipment=shipment, row=row)])
