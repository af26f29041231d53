"""The package's layers (docs/python.md, "Package layers"): the methods that
reached up a layer are deprecated aliases of their new homes for one release,
and PlanSpec lives with Plan."""

from __future__ import annotations

import pytest

import footprint
import footprint.dask as fd
import footprint.plan as fplan

PERIOD = ("2020-06-01", "2021-07-31")


def test_plan_compute_is_a_deprecated_alias_of_footprint_compute(plan, small_df):
    with pytest.warns(DeprecationWarning, match=r"Plan\.compute\(\) is deprecated; use footprint\.compute\("):
        old = plan.compute(small_df)
    new = footprint.compute(small_df, plan=plan)
    assert old.equals(new)


def test_plan_statement_is_a_deprecated_alias_of_statement_build(plan, small_df):
    with pytest.warns(DeprecationWarning, match=r"Plan\.statement\(\) is deprecated; use footprint\.Statement\.build"):
        old = plan.statement(small_df, "chem-jiangsu-01", PERIOD)
    new = footprint.Statement.build(plan, small_df, customer="chem-jiangsu-01", period=PERIOD)
    assert old.json == new.json


def test_methodology_check_is_a_deprecated_alias_of_plan_bind(plan):
    with pytest.warns(DeprecationWarning, match=r"Methodology\.check\(\) is deprecated; use footprint\.Plan\.bind"):
        checked = plan.methodology.check()
    assert isinstance(checked, footprint.Plan)
    assert checked.derivation() == footprint.Plan.bind(plan.methodology, gwp="AR6").derivation()


def test_plan_spec_lives_with_plan():
    assert fd.PlanSpec is fplan.PlanSpec
    assert fd.bind_count is fplan.bind_count
    assert fplan.PlanSpec.__module__ == "footprint.plan"
