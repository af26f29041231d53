# Type stubs for footprint._core.errors: footprint::error as footprint.Error (register_errors.cpp).

from __future__ import annotations

def _raise_error(id: str, file: str, line: int, column: int, field: str, shipment: str, message: str,
                 expected: str, found: str) -> None: ...
