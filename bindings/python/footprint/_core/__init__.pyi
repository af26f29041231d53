# Type stubs for footprint._core, the compiled module (pybind11). Private:
# use the `footprint` package. Names are the C++ names. One submodule per
# area (module.cpp), as boost-histogram's axis, storage and hist.

from __future__ import annotations

from typing import Any

from . import catalog as catalog
from . import data as data
from . import engine as engine
from . import errors as errors
from . import factors as factors
from . import issuance as issuance
from . import methodology as methodology
from . import project as project
from . import signature as signature
from . import statement as statement
from . import uncertainty as uncertainty

version: str

# The flat names of the previous release (`_core.compute_frame`, ...): deprecated
# aliases of `_core.<area>.<name>`, removed in the next release.
def __getattr__(name: str) -> Any: ...
