"""Factor sets (footprint::factor_set) and factor look-ups.

A factor set is the reviewed factor YAML built once into a named, versioned,
immutable SQLite file sealed by a SHA-256 digest. ``FactorSet.open()`` opens
the bundled set; ``FactorSet.open(path)`` another one. Opening checks the
digest; an opened set is immutable and cached per file.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core
from ._data import PathLike, default_factor_set_path
from ._html import html_table

__all__ = ["FactorSet", "FactorStack", "Factor", "FactorMatch", "FactorSetInfo", "gwp_sets"]

#: An emission factor (footprint::emission_factor), read-only.
Factor = _core.factors.emission_factor
#: What a set says about itself (footprint::factor_set_info).
FactorSetInfo = _core.factors.factor_set_info


@dataclass(frozen=True)
class FactorMatch:
    """The factor chosen for a look-up and how it was reached (footprint::factor_match)."""

    factor: Factor
    path: List[str]       #: each step tried, e.g. "CN-Jiangsu: no factor"
    exact: bool           #: region and year matched without fallback
    layer: int            #: index of the set it came from (0: the base set)
    shadowed: List[str]   #: ids of factors of lower sets it took precedence over

    def __str__(self) -> str:
        return "\n".join(f"  {i + 1}. {step}" for i, step in enumerate(self.path)) + \
            f"\nchosen: {self.factor.id}" + ("" if self.exact else " (fallback)")


def gwp_sets() -> List[dict]:
    """The GWP100 sets footprint carries (AR4, AR5, AR6) with their values per gas."""
    return list(_core.data.gwp_sets())


class _Lookups:
    """Look-ups shared by a single set and a stack of sets."""

    _library: "_core.factors.factor_library"

    def find(self, id: str) -> Optional[Factor]:
        """The factor with this id, or None."""
        return self._library.find(id)

    def __getitem__(self, id: str) -> Factor:
        f = self._library.find(id)
        if f is None:
            raise KeyError(id)
        return f

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self._library.find(id) is not None

    def __len__(self) -> int:
        return len(self._library)

    def __iter__(self) -> Iterator[Factor]:
        return iter(self._library.factors())

    def factors(self) -> List[Factor]:
        """Every factor, sorted by id."""
        return list(self._library.factors())

    def lookup(self, activity: str, region: str, year: int, scope: str = "") -> FactorMatch:
        """The factor for an activity in a region and year, with the declared
        fallback (finer region first; the year, else the nearest earlier, else
        the nearest later). Raises footprint.Error (`footprint.factor.not-found`,
        `footprint.factor.ambiguous`)."""
        r = self._library.lookup(activity, region, year, scope)
        return FactorMatch(factor=r["factor"], path=list(r["path"]), exact=bool(r["exact"]), layer=int(r["layer"]),
                           shadowed=list(r["shadowed"]))

    def search(self, text: str) -> List[Factor]:
        """Factors whose id, name, activity, region, scope, source or notes contain `text`."""
        return list(self._library.search(text))

    def regions(self) -> List[dict]:
        """The regions the factors use: id, name and parent (the fallback order of look-ups)."""
        return list(self._library.regions())

    def region_chain(self, region: str) -> List[str]:
        """`region`, its parent, ... up to GLO: the order look-ups fall back in."""
        return list(self._library.region_chain(region))

    def sources(self) -> List[dict]:
        """The sources the factors cite: id, publisher, title, year, url, licence."""
        return list(self._library.sources())

    def to_frame(self, gwp: str = "AR6") -> "pd.DataFrame":
        """Every factor as a table, with its value in kg CO2e per activity unit under `gwp`."""
        rows = [{
            "id": f.id, "name": f.name, "activity": f.activity, "region": f.region,
            "year_first": f.year_first, "year_last": f.year_last, "scope": f.scope,
            "kg_co2e_per_activity_unit": f.kg_co2e_per_activity_unit(gwp), "activity_unit": f.activity_unit,
            "value_as_written": f.value, "unit_as_written": f.unit, "source": f.source, "table": f.table,
        } for f in self._library.factors()]
        return pd.DataFrame(rows)


_open_lock = threading.Lock()
_open_cache: Dict[Tuple[str, int, int], "FactorSet"] = {}


class FactorSet(_Lookups):
    """An opened factor set: read-only, verified against its digest, fully in memory."""

    def __init__(self, core: "_core.factors.factor_set"):
        self._core = core
        self._library = core.library()

    @classmethod
    def open(cls, path: Optional[PathLike] = None) -> "FactorSet":
        """Opens `path` (default: the bundled set) and checks its digest. Raises
        footprint.Error: `footprint.io.read`, `footprint.factorset.corrupt`,
        `footprint.factorset.digest-mismatch`, `footprint.factorset.format`.
        The same unchanged file opens once per process."""
        p = Path(path) if path is not None else default_factor_set_path()
        try:
            st = os.stat(p)
            key: Optional[Tuple[str, int, int]] = (str(p.resolve()), st.st_mtime_ns, st.st_size)
        except OSError:
            key = None  # let the library say what is wrong
        if key is not None:
            with _open_lock:
                hit = _open_cache.get(key)
            if hit is not None:
                return hit
        opened = cls(_core.factors.factor_set.open(str(p)))
        if key is not None:
            with _open_lock:
                _open_cache[key] = opened
        return opened

    @classmethod
    def build(cls, directory: PathLike, output: PathLike, *, name: str = "footprint-default", version: str = "",
              gwp_default: str = "AR6") -> "FactorSet":
        """Builds a set from the factor YAML in `directory` (as `footprint factors build`)
        and opens it. Nothing is written when any file has a problem."""
        _core.factors.build_factor_set(str(directory), str(output), name, version, gwp_default)
        return cls.open(output)

    # ---- what the set says about itself -------------------------------------------
    @property
    def info(self) -> FactorSetInfo:
        """What the set says about itself: name, version, digest, GWP default, the files it was built from."""
        return self._core.info

    @property
    def name(self) -> str:
        """The set's name, e.g. ``footprint-default``."""
        return self._core.info.name

    @property
    def version(self) -> str:
        """The set's version."""
        return self._core.info.version

    @property
    def digest(self) -> str:
        """SHA-256 of the set's canonical content (what a statement records)."""
        return self._core.info.digest

    @property
    def file(self) -> Path:
        """The SQLite file the set was opened from."""
        return Path(self._core.file)

    @property
    def default_gwp(self) -> str:
        """The GWP set used when a caller names none (the set's gwp_default)."""
        return self._core.default_gwp

    def stack(self, *overlays: "FactorSet") -> "FactorStack":
        """This set with `overlays` stacked on it (a later one takes precedence)."""
        return FactorStack([self, *overlays])

    @property
    def sets(self) -> List["FactorSet"]:
        """This set alone, as a list (a FactorStack lists its layers)."""
        return [self]

    def __repr__(self) -> str:
        return f"<FactorSet {self.name} {self.version} ({len(self)} factors, digest {self.digest[:16]}…) {self.file}>"

    def _repr_html_(self) -> str:
        head = (f"<p><b>Factor set {self.name} {self.version}</b> — {len(self)} factors, default GWP "
                f"{self.default_gwp}<br><code>{self.digest}</code><br><small>{self.file}</small></p>")
        rows = [(f.id, f.activity, f.region, f"{f.year_first}–{f.year_last}",
                 f"{f.kg_co2e_per_activity_unit(self.default_gwp):.6g}", f"kg CO2e/{f.activity_unit}", f.source)
                for f in self._library.factors()[:20]]
        more = "" if len(self) <= 20 else f"<p><small>… and {len(self) - 20} more (to_frame() lists them all)</small></p>"
        return head + html_table(("id", "activity", "region", "years", "value", "unit", "source"), rows) + more


class FactorStack(_Lookups):
    """A base set with overlays stacked on it, as look-ups see them
    (footprint::stack_factor_sets): a later overlay takes precedence."""

    def __init__(self, sets: Sequence[FactorSet]):
        if not sets:
            raise ValueError("a factor stack needs a base set")
        self._sets = list(sets)
        if len(self._sets) == 1:
            self._library = self._sets[0]._library
        else:
            self._library = _core.factors.stack_factor_sets(self._sets[0]._core, [s._core for s in self._sets[1:]])

    @property
    def sets(self) -> List[FactorSet]:
        """The sets of the stack: the base set first, then the overlays."""
        return list(self._sets)

    @property
    def default_gwp(self) -> str:
        """The base set's GWP default."""
        return self._sets[0].default_gwp

    def layers(self) -> List[dict]:
        """Each layer of the stack: name, version, digest and origin."""
        return list(self._library.layers())

    def __repr__(self) -> str:
        return "<FactorStack " + " + ".join(f"{s.name} {s.version}" for s in self._sets) + ">"


FactorsLike = Union[FactorSet, FactorStack, Sequence[FactorSet], PathLike, None]


def as_stack(factors: FactorsLike) -> FactorStack:
    """A FactorSet, a FactorStack, a list of sets (base first) or a path (None: the bundled set)."""
    if isinstance(factors, FactorStack):
        return factors
    if isinstance(factors, FactorSet):
        return FactorStack([factors])
    if factors is None or isinstance(factors, (str, os.PathLike)):
        return FactorStack([FactorSet.open(factors)])
    sets = [s if isinstance(s, FactorSet) else FactorSet.open(s) for s in factors]
    return FactorStack(sets)
