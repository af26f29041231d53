"""Methodologies (footprint::methodology) and the packaging catalog.

A methodology is data: a YAML file with applicability, boundary, baseline,
equations in a small expression language, fixed and monitored parameters and
rounding rules. ``Methodology.find("reusable-packaging-reduction")`` loads a
bundled one by id; ``Methodology.load(path)`` any file. ``check()`` binds it
against factors and catalog, the way ``footprint methodology check`` does.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple, Union

import pandas as pd

from . import _core
from ._data import PathLike, catalog_dir, methodology_dir
from ._errors import error
from ._html import iframe
from .factors import FactorsLike, as_stack

__all__ = ["Methodology", "Catalog", "Product", "ProductLike", "cfp", "pact", "product_id"]

#: A packaging product of the catalog (footprint::packaging_product), read-only.
Product = _core.catalog.packaging_product


class Methodology:
    """A methodology as loaded and structurally checked (footprint::methodology)."""

    def __init__(self, core: "_core.methodology.methodology"):
        self._core = core

    # ---- loading -------------------------------------------------------------------
    @classmethod
    def load(cls, path: PathLike) -> "Methodology":
        """Reads and checks one methodology file; every problem is reported at once."""
        return cls(_core.methodology.load_methodology(str(path)))

    @classmethod
    def from_yaml(cls, text: str, name: str = "<yaml>") -> "Methodology":
        """A methodology from YAML text (`name` is how problems name it); checked as load() checks a file."""
        return cls(_core.methodology.load_methodology_yaml(text, name))

    @classmethod
    def find(cls, id_or_path: "str | os.PathLike[str]", data: Optional[PathLike] = None) -> "Methodology":
        """A bundled methodology by id (``<data>/methodologies/<id>.yaml``), an
        earlier version by ``id@version`` (``<data>/methodologies/archive/<id>-<version>.yaml``,
        e.g. ``"reusable-packaging-reduction@1.0.0"``), or a ``.yaml`` file: as the
        command's ``--methodology`` option reads it.
        Raises footprint.Error `footprint.methodology.unknown` listing the bundled ids."""
        if isinstance(id_or_path, Methodology):
            return id_or_path
        # One look-up for the command, the library and Python: a file, an id, or id@version
        # (earlier versions are kept in methodologies/archive/).
        return cls.load(_core.methodology.locate_methodology(str(methodology_dir(data)), str(id_or_path)))

    @classmethod
    def bundled(cls, data: Optional[PathLike] = None) -> List["Methodology"]:
        """Every methodology in ``<data>/methodologies``, sorted by file name."""
        return [cls(m) for m in _core.methodology.load_methodology_directory(str(methodology_dir(data)))]

    # ---- what it says ------------------------------------------------------------------
    @property
    def id(self) -> str:
        """The methodology's id, e.g. ``reusable-packaging-reduction``."""
        return self._core.id

    @property
    def version(self) -> str:
        """The methodology's version (semantic versioning)."""
        return self._core.version

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical content (what a statement records)."""
        return self._core.digest

    @property
    def file(self) -> str:
        """The YAML file it was loaded from (empty for from_yaml)."""
        return self._core.file

    @property
    def title(self) -> str:
        """The English title."""
        return self._core.title["en"]

    @property
    def core(self) -> "_core.methodology.methodology":
        """The compiled footprint::methodology (the private core object)."""
        return self._core

    def __getattr__(self, name: str):  # title, summary, fixed, monitored, equations, boundary, rounding, ...
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._core, name)

    def parameters(self) -> "pd.DataFrame":
        """Fixed and monitored parameters as one table."""
        rows = [{"name": p.name, "kind": "fixed", "type": "number", "value": p.value, "unit": p.unit,
                 "minimum": None, "maximum": None, "source": p.source or f"assumption: {p.assumption}",
                 "description": p.description["en"]} for p in self._core.fixed]
        rows += [{"name": p.name, "kind": "monitored", "type": p.type, "value": None, "unit": p.unit,
                  "minimum": p.minimum, "maximum": p.maximum, "source": p.measured_how,
                  "description": p.description["en"]} for p in self._core.monitored]
        return pd.DataFrame(rows)

    def equations_frame(self) -> "pd.DataFrame":
        """The equations as a table: name, term, stage, expression and text."""
        return pd.DataFrame([{"name": e.name, "term": e.term, "stage": e.stage, "expression": e.expression,
                              "text": e.text["en"]} for e in self._core.equations])

    # ---- documents --------------------------------------------------------------------
    def show(self, format: str = "md", lang: str = "en") -> str:
        """The methodology as a readable document (``footprint methodology show``):
        format ``md`` (CommonMark with tables) or ``html`` (one self-contained page)."""
        if format in ("md", "markdown"):
            return self._core.render_markdown(lang)
        if format == "html":
            return self._core.render_html(lang)
        raise ValueError(f"format must be 'md' or 'html', not {format!r}")

    def canonical_text(self) -> str:
        """The canonical text the digest is computed over."""
        return self._core.canonical_text()

    def _repr_html_(self) -> str:
        return iframe(self._core.render_html("en"), height=700, title=f"methodology {self.id}")

    def _repr_markdown_(self) -> str:
        return self._core.render_markdown("en")

    def __repr__(self) -> str:
        return f"<Methodology {self.id} {self.version} (digest {self.digest[:16]}…) {self.file}>"


_catalog_lock = threading.Lock()
_catalog_cache: Dict[Tuple[str, Tuple[str, ...]], "Catalog"] = {}


class Catalog:
    """The packaging catalog: products with capacity, tare, bill of materials and,
    for reusable products, design life and what each trip adds."""

    def __init__(self, core: "_core.catalog.catalog", directory: Optional[Path] = None):
        self._core = core
        self.directory = directory

    @classmethod
    def open(cls, directory: Optional[PathLike] = None, factors: FactorsLike = None) -> "Catalog":
        """Reads every product in `directory` (default: the bundled catalog), checking
        that each item's factor exists in `factors` (default: the bundled set)."""
        d = Path(directory) if directory is not None else catalog_dir()
        stack = as_stack(factors)
        key = (str(d.resolve()), tuple(s.digest for s in stack.sets))
        with _catalog_lock:
            hit = _catalog_cache.get(key)
        if hit is not None and _unchanged(hit):
            return hit
        opened = cls(_core.catalog.load_catalog_directory(str(d), stack._library), d)
        opened._stamp = _stamp(d)
        with _catalog_lock:
            _catalog_cache[key] = opened
        return opened

    @property
    def core(self) -> "_core.catalog.catalog":
        """The compiled footprint::catalog (the private core object)."""
        return self._core

    def ids(self) -> List[str]:
        """Every product id, sorted."""
        return list(self._core.ids())

    def __getitem__(self, id: str) -> Product:
        p = self._core.find(id)
        if p is None:
            raise KeyError(id)
        return p

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self._core.find(id) is not None

    def __iter__(self) -> Iterator[Product]:
        return (self._core.find(i) for i in self._core.ids())

    def __len__(self) -> int:
        return len(self._core)

    def to_frame(self) -> "pd.DataFrame":
        """Every product as a table: id, name, kind, capacity, tare mass, design life, folded volume ratio."""
        return pd.DataFrame([{
            "id": p.id, "name": p.name, "kind": p.kind, "capacity": p.capacity[0], "capacity_unit": p.capacity[1],
            "tare_mass": p.tare_mass[0], "tare_unit": p.tare_mass[1], "design_life_trips": p.design_life_trips,
            "folded_volume_ratio": p.folded_volume_ratio} for p in self])

    def cfp(self, product: "ProductLike", factors: FactorsLike = None, *, year: int = 2023, region: str = "CN",
            gwp: Optional[str] = None) -> dict:
        """The product's footprint per declared unit and per trip (ISO 14067), stage by stage,
        as a dict (``per_unit``, ``per_trip``: stages, items, grams). `product` is an id of
        this catalog or a Product; for a table use ``footprint.cfp``."""
        stack = as_stack(factors)
        return _core.catalog.compute_product_footprint(self._core, product_id(product), stack._library, year, region, False,
                                                       gwp or stack.default_gwp)

    def _repr_html_(self) -> str:
        return self.to_frame()._repr_html_()

    def __repr__(self) -> str:
        return f"<Catalog {len(self)} products {self.directory}>"


def _stamp(d: Path) -> Tuple[Tuple[str, int], ...]:
    try:
        return tuple(sorted((f.name, f.stat().st_mtime_ns) for f in d.glob("*.yaml")))
    except OSError:
        return ()


def _unchanged(c: Catalog) -> bool:
    return c.directory is not None and getattr(c, "_stamp", None) == _stamp(c.directory)


#: A catalog product: its id, or the Product itself (``catalog[id]``).
ProductLike = Union[str, Product]


def product_id(product: ProductLike, what: str = "product") -> str:
    """The id of `product`: a catalog id (str) or a Product (``catalog[id]``).
    Anything else raises TypeError saying what to pass."""
    if isinstance(product, str):
        return product
    if isinstance(product, Product):
        return product.id
    raise TypeError(f"{what}: expected a catalog product id (str, e.g. 'foldable-ibc-1000l-pool') or a Product "
                    f"(footprint.Catalog.open()[id]), not {type(product).__name__}")


def _catalog_for(product: ProductLike, catalog: Optional[Catalog], stack: FactorsLike) -> Catalog:
    """The catalog given, else the one a Product was read from, else the bundled one."""
    if catalog is not None:
        if not isinstance(catalog, Catalog):
            return Catalog.open(catalog, stack)
        return catalog
    bundled = Catalog.open(factors=stack)
    if isinstance(product, Product) and product.file:
        same = bundled.core.find(product.id)
        if same is None or same.file != product.file:
            return Catalog.open(Path(product.file).parent, stack)
    return bundled


def cfp(product: ProductLike, *, per: str = "trip", factors: FactorsLike = None,
        catalog: "Catalog | PathLike | None" = None, year: int = 2023, region: str = "CN",
        gwp: Optional[str] = None) -> "pd.DataFrame":
    """A product's footprint by stage as a table (grams CO2e, integers), as
    ``footprint cfp PRODUCT`` computes it (ISO 14067).

    product: a catalog product id, or a Product (``catalog[id]``; its own
        catalog is used unless `catalog` is given).
    per: ``"trip"`` (a reusable unit's life shared over its design life plus
        what the trip adds) or ``"unit"``.
    factors: a FactorSet, a stack, a list of sets or a path (default the bundled set).
    catalog: a Catalog or a directory (default the bundled catalog).
    year / region: the year and region factors are looked up for.
    gwp: "AR4", "AR5" or "AR6" (default the factor set's).

    Columns: ``stage``, ``title``, ``g_co2e``, ``fossil_g_co2e``,
    ``biogenic_g_co2e``; ``attrs["footprint"]["total_g_co2e"]`` is the total.

    >>> cat = footprint.Catalog.open()
    >>> footprint.cfp(cat["foldable-ibc-1000l-pool"], per="unit")
    """
    if per not in ("trip", "unit"):
        raise ValueError(f"per must be 'trip' or 'unit', not {per!r}")
    pid = product_id(product)
    stack = as_stack(factors)
    cat = _catalog_for(product, catalog, stack)
    r = cat.cfp(pid, stack, year=year, region=region, gwp=gwp)[f"per_{per}"]
    df = pd.DataFrame([{"stage": s["stage"], "title": s["title"], "g_co2e": s["grams"],
                        "fossil_g_co2e": s["fossil_grams"], "biogenic_g_co2e": s["biogenic_grams"]}
                       for s in r["stages"]])
    df.attrs["footprint"] = {"product": pid, "per": per, "gwp": r["gwp"], "total_g_co2e": r["grams"]}
    return df


def pact(product: ProductLike, *, company_name: str, company_ids: List[str], exempted_percent: Optional[str] = None,
         created: Optional[str] = None, factors: FactorsLike = None, catalog: Optional[Catalog] = None,
         year: int = 2023, region: str = "CN", gwp: Optional[str] = None) -> dict:
    """A product's WBCSD PACT 3.0 ProductFootprint, as ``footprint cfp PRODUCT --pact`` writes it.

    The PCF is cradle to gate per piece (docs/interchange.md). ``company_name`` and
    ``company_ids`` (URNs) name the data owner; ``exempted_percent`` (a decimal string)
    is required for a product whose catalog lists exclusions; ``created`` (RFC 3339)
    defaults to now. The ``id`` is a UUID v5 of the content, stable for the same inputs.

    >>> pf = footprint.pact("steel-drum-208l", company_name="Acme", exempted_percent="2",
    ...                     company_ids=["urn:pact:acme.example:company-id:1"])
    >>> pf["pcf"]["declaredUnitOfMeasurement"]
    'piece'
    """
    if isinstance(company_ids, str):
        raise TypeError("company_ids must be a list of URN strings, not one string")
    pid = product_id(product)
    stack = as_stack(factors)
    cat = _catalog_for(product, catalog, stack)
    text = _core.catalog.render_pact(cat._core, pid, stack._library, year, region, gwp or stack.default_gwp,
                                     company_name, list(company_ids), exempted_percent or "", created or "")
    return json.loads(text)
