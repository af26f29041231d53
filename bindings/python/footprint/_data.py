"""Where the bundled data is, as the library and the command find it.

``data_dir()`` is ``FOOTPRINT_DATA_DIR`` when set, else the installed
``share/footprint`` (footprint::default_data_dir); the library resolves these
paths (footprint/plan/inputs.hpp) for Python as for the command. The bundled factor set is
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


def _paths(data: Optional[PathLike] = None) -> dict:
    # Where the inputs are, resolved by the library (footprint/plan/inputs.hpp) as for the command.
    return _core.engine.resolve_input_paths(None if data is None else str(data))


def data_dir(data: Optional[PathLike] = None) -> Path:
    """The data root holding ``factors/`` and ``methodologies/``."""
    return Path(_paths(data)["data"])


def default_factor_set_path(data: Optional[PathLike] = None) -> Path:
    """The bundled factor set: ``FOOTPRINT_FACTOR_SET``, else ``<data>/factor-sets/footprint-default.sqlite``."""
    if data is None:
        env = os.environ.get("FOOTPRINT_FACTOR_SET")
        if env:
            return Path(env)
        return Path(_paths()["factor_set"])
    return Path(data) / "factor-sets" / "footprint-default.sqlite"


def methodology_dir(data: Optional[PathLike] = None) -> Path:
    """The folder of the bundled methodologies: ``<data>/methodologies``."""
    return Path(_paths(data)["methodologies"])


def catalog_dir(data: Optional[PathLike] = None) -> Path:
    """The packaging catalog folder the library reads by default."""
    return Path(_paths(data)["catalog"])
