"""What the documents of record share in Python (statements, ex-ante estimates,
monitoring reports): the canonical JSON text as written, read from a file, and
parsed once, on demand."""

from __future__ import annotations

import json as _json
from pathlib import Path
from typing import Any, Dict, Optional

from ._data import PathLike


class JsonDocument:
    """A canonical JSON document: ``json`` (the text of record) and ``data`` (it parsed)."""

    json: str
    _data: Optional[Dict[str, Any]] = None

    def __init__(self, json: str):
        self.json = json

    @classmethod
    def load(cls, path: PathLike) -> Any:
        """The document in the file at `path`, as the command or save() wrote it."""
        return cls(Path(path).read_text(encoding="utf-8"))

    @property
    def data(self) -> Dict[str, Any]:
        """The JSON parsed, once (amounts in grams are integers)."""
        if self._data is None:
            self._data = _json.loads(self.json)
        return self._data
