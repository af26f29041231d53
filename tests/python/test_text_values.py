"""An id column holding a list or a float is refused with the column and the
row named, not turned into the text str() makes of it (issue 14 weak spot:
"a list or float as customer id becomes text")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import footprint

PERIOD = ("2020-01-01", "2021-12-31")


def _ids(values):
    df = footprint.sample(6).astype({"customer_id": object})
    df["customer_id"] = pd.Series(values, dtype=object)
    return df


@pytest.mark.parametrize("call", ["compute", "statement"])
def test_a_list_and_a_float_in_the_customer_column_are_refused_by_row(plan, call):
    df = _ids(["a", ["a", "b"], "b", 1.0, None, 42])
    with pytest.raises(footprint.Error) as e:
        if call == "compute":
            footprint.compute_with_quarantine(df, plan=plan)
        else:
            footprint.Statement.build_all(plan, df, period=PERIOD)
    problems = e.value.problems
    # Rows 1 (a list) and 3 (a float); None is a missing value (a rejected row
    # later), 42 an integer written as "42".
    assert [(p.id, p.field, p.row, p.found) for p in problems] == [
        ("footprint.frame.value-type", "customer_id", 1, "['a', 'b']"),
        ("footprint.frame.value-type", "customer_id", 3, "1.0"),
    ]
    assert "row 1" in problems[0].message and "list" in problems[0].message


def test_integers_and_missing_values_still_pass(plan):
    df = _ids(["a", 7, np.int64(8), None, np.nan, "b"])
    _, q = footprint.compute_with_quarantine(df, plan=plan)
    assert sorted(q["row"]) == [3, 4]  # the missing customers, quarantined as in CSV
    assert set(q["error_id"]) == {"footprint.shipment.missing-value"}
    st = footprint.Statement.build_all(plan, df, period=PERIOD)
    assert {"7", "8", "a", "b"} <= set(st)


def test_float_categories_and_a_float_column_are_refused(plan):
    df = footprint.sample(6)
    cat = df.assign(customer_id=pd.Categorical([1.5, 2.0, 1.5, 2.0, 1.5, 2.0]))
    with pytest.raises(footprint.Error) as e:
        footprint.compute(cat, plan=plan)
    assert [(p.id, p.field, p.found) for p in e.value.problems] == [
        ("footprint.frame.value-type", "customer_id", "1.5"), ("footprint.frame.value-type", "customer_id", "2.0")]
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build_all(plan, df.assign(customer_id=np.arange(6) + 0.5), period=PERIOD)
    assert [(p.id, p.field) for p in e.value.problems] == [("footprint.frame.dtype", "customer_id")]
