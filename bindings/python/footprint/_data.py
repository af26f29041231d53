"""Where the bundled data is, as the library and the command find it.

``data_dir()`` is ``FOOTPRINT_DATA_DIR`` when set, else the installed
``share/footprint`` (footprint::default_data_dir). The bundled factor set is
``<data>/factor-sets/footprint-default.sqlite``; ``FOOTPRINT_FACTOR_SET``
names another file for the Python package (a build tree's set, for example,
when ``FOOTPRINT_DATA_DIR`` points at the source tree, which has no built set).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["data_dir", "default_factor_set_path", "methodology_dir", "catalog_dir"]


def data_dir(data: Optional[PathLike] = None) -> Path:
    """The data root holding ``factors/`` and ``methodologies/``."""
    return Path(data) if data is not None else Path(_core.data.default_data_dir())


def default_factor_set_path(data: Optional[PathLike] = None) -> Path:
    """The bundled factor set: ``FOOTPRINT_FACTOR_SET``, else ``<data>/factor-sets/footprint-default.sqlite``."""
    if data is None:
        env = os.environ.get("FOOTPRINT_FACTOR_SET")
        if env:
            return Path(env)
        return Path(_core.data.default_factor_set_path())
    return Path(data) / "factor-sets" / "footprint-default.sqlite"


def methodology_dir(data: Optional[PathLike] = None) -> Path:
    return data_dir(data) / "methodologies"


def catalog_dir(data: Optional[PathLike] = None) -> Path:
    return data_dir(data) / "methodologies" / "catalog"
