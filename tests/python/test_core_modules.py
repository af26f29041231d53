"""footprint._core registers one submodule per area (as boost-histogram's axis,
storage and hist); the flat names of the previous release still work for one
release, each with a DeprecationWarning."""

from __future__ import annotations

import pytest

from footprint import _core

AREAS = ("errors", "data", "factors", "catalog", "methodology", "engine", "statement")


def test_one_submodule_per_area():
    for area in AREAS:
        assert getattr(_core, area).__name__ == f"footprint._core.{area}"
    assert _core.engine.plan.__module__ == "footprint._core.engine"
    assert _core.factors.factor_set.__module__ == "footprint._core.factors"


def test_flat_names_are_deprecated_aliases():
    with pytest.warns(DeprecationWarning, match=r"footprint\._core\.compute_frame is deprecated; "
                                                r"use footprint\._core\.engine\.compute_frame"):
        f = _core.compute_frame
    assert f is _core.engine.compute_frame
    with pytest.warns(DeprecationWarning, match=r"_core\.statement\.render_statement_markdown"):
        assert _core.render_statement_markdown is _core.statement.render_statement_markdown
    with pytest.raises(AttributeError, match="no_such_name"):
        _core.no_such_name  # noqa: B018
    assert _core.catalog is not _core.catalog.catalog  # the area's name is the submodule's
