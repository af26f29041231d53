"""Statements from DataFrames read the frame's rows as records, through the
reader CSV files and the ledger go through (footprint/compute/frame_records.hpp),
not through CSV text made in Python. The statement of a frame must be the
statement of the same data written as CSV, byte for byte, and must accept
exactly the rows compute accepts."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import footprint
from footprint import _core

PERIOD = ("2020-01-01", "2021-12-31")

# Floats whose text is easy to get wrong: not exactly representable, tiny,
# whole, one ulp off a round number, at the top of the declared range (5000 km).
AWKWARD_KM = [0.1 + 0.2, 1e-7, 1 / 3, 4999.999999999999, 5000.0, 0.0, 2.5e-300, 123.456, 7.0,
              np.nextafter(1.0, 2.0), 1e-5, 0.0001, 1234.5678901234567]
AWKWARD_M = [0.1 + 0.2, 1234567.0, 4999999.999999999, 1e-7, 250.0, 1 / 7]


def _from_csv_text(plan, text: str):
    """The statements the CSV reader makes of `text` (the route a CSV file takes)."""
    f, t = (_core.engine.parse_iso_date(d) for d in PERIOD)
    return {d.customer: d.json for d in _core.statement.build_statements(
        plan.core, [s._core for s in plan.factor_sets], text, True, "<csv>", None, f, t)}


def _awkward_frame(seed: int, rows: int = 240) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = footprint.sample(rows, seed=20200601 + seed)
    df["loaded_distance[km]"] = rng.choice(np.array(AWKWARD_KM), rows)
    df = df.rename(columns={"return_distance[km]": "return_distance[m]"})
    df["return_distance[m]"] = rng.choice(np.array(AWKWARD_M), rows)
    df["units"] = rng.choice(np.array([1, 2, 7, 99999, 100000], dtype=np.int64), rows)
    df["washed"] = rng.choice(np.array([0, 1], dtype=np.int64), rows)  # (a float flag: pandas writes "1.0", refused)
    return df


@pytest.mark.parametrize("seed", range(6))
def test_awkward_floats_give_the_bytes_of_the_csv_pandas_writes(plan, seed):
    # A second, independent text of the same numbers: pandas writes floats with Python's
    # repr ("0.30000000000000004", "1e-07", "5000.0"); the frame route writes them with
    # std::to_chars and reads nothing back from Python. Every row is accepted, so the two
    # statements agree to the byte only if each canonical row (numbers in shortest form
    # in the declared unit) is the same.
    df = _awkward_frame(seed)
    ours = {c: s.json for c, s in footprint.Statement.build_all(plan, df, period=PERIOD).items()}
    theirs = _from_csv_text(plan, df.to_csv(index=False, lineterminator="\n"))
    assert sorted(ours) == sorted(theirs) and ours
    for customer in ours:
        assert ours[customer] == theirs[customer], customer
    # Statement format 2 counts its customer's rows only.
    customer, text = next(iter(ours.items()))
    st = footprint.Statement(text)
    assert st.data["rows"]["rejected_in_file"] == 0
    assert st.data["rows"]["in_file"] == int((df["customer_id"] == customer).sum())
    # And the totals are compute's (a third route: the frame checks of compute_frame).
    results = footprint.compute(df, plan=plan)
    for customer, text in ours.items():
        s = footprint.Statement(text)
        assert s.totals_g["reduction"] == int(results.loc[results["customer_id"] == customer, "ER_g"].sum())


def _defective_frame() -> pd.DataFrame:
    df = footprint.sample(40)
    df = df.astype({"customer_id": object, "baseline_product": object})
    df["loaded_distance[km]"] = df["loaded_distance[km]"].astype("float64")
    df["washed"] = df["washed"].astype("float64")
    df.loc[1, "loaded_distance[km]"] = np.nan          # missing value
    df.loc[2, "loaded_distance[km]"] = 1e20            # beyond 5000 km; whole but past 2**53
    df.loc[3, "customer_id"] = None                    # missing customer
    df.loc[4, "washed"] = 0.5                          # not a flag
    df.loc[5, "units"] = 1_000_000                     # beyond 100000
    df.loc[6, "shipment_id"] = df.loc[7, "shipment_id"]  # duplicate id (row 7 is the duplicate)
    df.loc[8, "customer_id"] = 'acme, "the big one"'   # a comma and quotes: quoted in the raw line
    df.loc[8, "baseline_product"] = "no-such-product"
    return df


def test_rejected_rows_are_the_rows_compute_rejects_and_their_raw_lines_are_the_csv_lines(plan):
    df = _defective_frame()
    _, quarantine = footprint.compute_with_quarantine(df, plan=plan)
    statements = footprint.Statement.build_all(plan, df, period=PERIOD)
    # Statement format 2 counts each customer's rows in its own statement. Row 3 has no
    # customer and row 8's customer has no accepted row: those two rejected rows are in
    # no statement (docs/statements.md, "Rejected rows"); the other 5 are each in one.
    rows = {k: sum(st.data["rows"][k] for st in statements.values()) for k in ("in_file", "accepted_in_file",
                                                                               "rejected_in_file")}
    # Row 4 holds washed = 0.5 while the other flags are 1.0 / 0.0: the CSV route of
    # old wrote that column as "1.0" / "0.0" and refused every row of it; compute
    # accepts 1.0 as a flag, and so must a statement.
    assert sorted(quarantine["row"]) == [1, 2, 3, 4, 5, 7, 8]
    assert len(quarantine) == 7 and rows["rejected_in_file"] == 7 - 2
    assert rows["in_file"] == len(df) - 2 and rows["accepted_in_file"] == len(df) - 7
    # The same statements from the CSV text of the frame, read by the CSV reader
    # (quotes and all): the raw lines of rejected rows are in rejected_digest.
    text = footprint.frame_to_csv(df)
    assert {c: s.json for c, s in statements.items()} == _from_csv_text(plan, text)
    lines = text.split("\n")
    r = df.iloc[8]
    assert lines[8 + 1] == ",".join([
        r["shipment_id"], '"acme, ""the big one"""', r["date"].strftime("%Y-%m-%d"), str(r["units"]),
        r["reusable_product"], "no-such-product", repr(float(r["loaded_distance[km]"])).removesuffix(".0"),
        repr(float(r["return_distance[km]"])).removesuffix(".0"), r["grid_region"], str(int(r["washed"]))]
        + ([r["vehicle_class"]] if "vehicle_class" in df else []))
    assert lines[1 + 1].split(",")[6] == ""           # NaN: an empty field
    assert lines[2 + 1].split(",")[6] == "1e+20"      # past 2**53: shortest round-trip text
    assert lines[4 + 1].split(",")[9] == "0.5"


def test_frame_values_as_text():
    # Worked out by hand from the rules in frame_records.hpp.
    df = pd.DataFrame({
        "f": [0.1 + 0.2, 1e-7, 5.0, -0.0, 2.0 ** 53, np.nan, 1e-4, float("inf")],
        "i": np.array([9007199254740993, -3, 0, 1, 2, 3, 4, 5], dtype=np.int64),
        "d": pd.to_datetime(["2021-02-28 23:59:59", None, "1970-01-01", "1969-12-31 12:00",
                             "2020-02-29", "2020-02-29", "2020-02-29", "2020-02-29"]),
        "t": ["a", None, "", "x\ny", 'q"', " sp ", "é", "c,d"],
    })
    assert footprint.frame_to_csv(df) == "\n".join([
        "f,i,d,t",
        "0.30000000000000004,9007199254740993,2021-02-28,a",
        "1e-07,-3,,",
        "5,0,1970-01-01,",
        '0,1,1969-12-31,"x\ny"',
        '9007199254740992,2,2020-02-29,"q"""',
        ",3,2020-02-29, sp ",
        "1e-04,4,2020-02-29,é",
        'inf,5,2020-02-29,"c,d"',
    ]) + "\n"


def test_none_and_nan_customer_ids_are_rejected_rows_not_text(plan):
    df = footprint.sample(30).astype({"customer_id": object})
    df.loc[0, "customer_id"] = None
    df.loc[1, "customer_id"] = np.nan
    built = footprint.Statement.build_all(plan, df, period=PERIOD)
    # Rejected, and (statement format 2) in no customer's statement: no customer can be read.
    assert sum(st.data["rows"]["rejected_in_file"] for st in built.values()) == 0
    assert sum(st.data["rows"]["in_file"] for st in built.values()) == len(df) - 2
    assert "None" not in footprint.Statement.build_all(plan, df, period=PERIOD)
    assert "nan" not in footprint.Statement.build_all(plan, df, period=PERIOD)
