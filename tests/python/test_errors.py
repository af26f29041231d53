"""footprint.Error: the id, every problem, and where each one is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import footprint



def test_translated_from_cpp_with_every_location_field():
    with pytest.raises(footprint.Error) as e:
        footprint._core._raise_error("footprint.unit.unknown", "f.yaml", 4, 11, "unit", "S-1", "unknown unit",
                                     "a unit such as kg", "kgg")
    err = e.value
    assert isinstance(err, Exception)
    assert err.id == "footprint.unit.unknown"
    p = err.problems[0]
    assert (p.file, p.line, p.column, p.field, p.shipment) == ("f.yaml", 4, 11, "unit", "S-1")
    assert (p.message, p.expected, p.found) == ("unknown unit", "a unit such as kg", "kgg")
    assert str(err) == ("f.yaml:4:11: error [footprint.unit.unknown] shipment S-1: unit: unknown unit "
                        "(expected a unit such as kg, found 'kgg')")


@pytest.mark.parametrize("name,line,column,id", [
    ("unknown-name", 28, 60, "footprint.expr.unknown-name"),
    ("distance-plus-mass", 27, 11, "footprint.expr.dimension"),
    ("bad-unit", 24, 74, "footprint.unit.unknown"),
])
def test_methodology_problems_are_located(source_dir, name, line, column, id):
    path = source_dir / "tests" / "data" / "bad" / "methodologies" / f"{name}.yaml"
    with pytest.raises(footprint.Error) as e:
        footprint.Methodology.load(path).check()
    p = e.value.problems[0]
    assert (e.value.id, p.file.endswith(f"{name}.yaml"), p.line, p.column) == (id, True, line, column)


def test_catalog_problems_all_at_once(source_dir):
    with pytest.raises(footprint.Error) as e:
        footprint.Catalog.open(source_dir / "tests" / "data" / "bad" / "catalog")
    assert e.value.ids == ["footprint.unit.unknown", "footprint.unit.dimension", "footprint.yaml.missing-field",
                           "footprint.quantity.negative", "footprint.factor.not-found", "footprint.catalog.duplicate-id"]
    assert (e.value.problems[0].line, e.value.problems[0].column) == (4, 11)


def test_factor_set_missing_file(tmp_path):
    with pytest.raises(footprint.Error) as e:
        footprint.FactorSet.open(tmp_path / "no-such-set.sqlite")
    assert e.value.id == "footprint.io.read"


# ---- rows of a DataFrame -------------------------------------------------------------------

def _defective(df):
    bad = df.copy()
    bad.loc[3, "return_distance[km]"] = -12.5
    bad.loc[5, "loaded_distance[km]"] = np.nan
    bad.loc[6, "loaded_distance[km]"] = np.inf
    bad.loc[7, "units"] = 250000
    bad["baseline_product"] = bad["baseline_product"].cat.add_categories(["wooden-crate"])
    bad.loc[9, "baseline_product"] = "wooden-crate"
    bad["grid_region"] = bad["grid_region"].cat.add_categories(["CN-Atlantis"])
    bad.loc[10, "grid_region"] = "CN-Atlantis"
    bad.loc[12, "shipment_id"] = bad.loc[11, "shipment_id"]
    bad.loc[13, "washed"] = 2
    bad.loc[14, "date"] = pd.NaT
    return bad


EXPECTED = [  # row, id, field, expected
    (3, "footprint.shipment.negative", "return_distance", "a value ≥ 0 km"),
    (5, "footprint.shipment.missing-value", "loaded_distance", "number"),
    (6, "footprint.shipment.not-finite", "loaded_distance", "a finite number"),
    (7, "footprint.shipment.out-of-range", "units", "a value ≤ 100000"),
    (9, "footprint.shipment.unknown-product", "baseline_product", None),
    (10, "footprint.shipment.unknown-region", "grid_region", None),
    (12, "footprint.shipment.duplicate-id", "shipment_id", "a shipment id not seen before"),
    (13, "footprint.shipment.not-a-flag", "washed", "1 or 0 (true/false, yes/no)"),
    (14, "footprint.shipment.missing-value", "date", "date"),
]


def test_one_error_lists_every_row(plan, small_df):
    bad = _defective(small_df)
    with pytest.raises(footprint.Error) as e:
        footprint.compute(bad, plan=plan)
    got = [(p.row, p.id, p.field) for p in e.value.problems]
    assert got == [(r, i, f) for r, i, f, _ in EXPECTED]
    for p, (_, _, _, expected) in zip(e.value.problems, EXPECTED):
        if expected:
            assert p.expected == expected
        assert p.file == "<DataFrame>" and p.shipment == bad.loc[p.row, "shipment_id"]
    assert "row 3: error [footprint.shipment.negative] shipment S0000000004: return_distance: negative value" in str(e.value)


def test_quarantine_reconciles(plan, small_df):
    bad = _defective(small_df)
    ok, q = footprint.compute_with_quarantine(bad, plan=plan)
    assert len(ok) + len(q) == len(bad)
    assert list(q["row"]) == [r for r, *_ in EXPECTED]
    assert list(q["error_id"]) == [i for _, i, *_ in EXPECTED]
    assert not set(q["row"]) & set(ok.index)
    # the accepted rows are computed exactly as in a clean frame
    clean = footprint.compute(small_df, plan=plan)
    assert (ok["ER_g"] == clean.loc[ok.index, "ER_g"]).all()


def test_same_reasons_as_the_command(plan, run_cli, data_args, tmp_path):
    """A sample with one seeded defect of each kind, read as text: the same rows are
    refused for the same reasons as by `footprint compute` (except what only CSV
    can get wrong: a missing field, invalid UTF-8)."""
    path = tmp_path / "defects.csv"
    footprint.write_sample(path, 2000, defects=True)
    run_cli("compute", "-m", "reusable-packaging-reduction", "-s", str(path), "-o", str(tmp_path / "r.csv"), "-q",
            *data_args, check=False)
    cli = pd.read_csv(tmp_path / "r.quarantine.csv", dtype=str, keep_default_na=False, encoding_errors="replace")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace")
    _, q = footprint.compute_with_quarantine(df, plan=plan)
    ours = dict(zip(q["shipment_id"], q["error_id"]))
    for sid, eid in zip(cli["shipment_id"], cli["error_id"]):
        if eid in ("footprint.shipment.field-count", "footprint.csv.malformed"):
            continue
        assert ours.get(sid) == eid, (sid, eid, ours.get(sid))


def test_column_problems_stop_everything(plan, small_df):
    bad = small_df.rename(columns={"loaded_distance[km]": "loaded_distance[kg]"}).drop(columns=["washed"])
    bad["colour"] = "red"
    bad["units"] = bad["date"]
    with pytest.raises(footprint.Error) as e:
        footprint.compute_with_quarantine(bad, plan=plan)
    assert e.value.ids == ["footprint.frame.dtype", "footprint.shipment.header-unit",
                           "footprint.shipment.extra-column", "footprint.shipment.missing-column"]
    by_field = {p.field: p for p in e.value.problems}
    assert by_field["units"].found == "datetime64[ns]"
    assert by_field["loaded_distance"].expected == "length, e.g. loaded_distance[km]"
    assert by_field["washed"].message == "column 'washed' is missing"
    # extra columns may be ignored on purpose
    ok = footprint.compute(small_df.assign(colour="red"), plan=plan, extra_columns="ignore")
    assert len(ok) == len(small_df)


def test_text_columns_checked_as_csv_fields(plan, small_df):
    df = small_df.astype({"units": str, "loaded_distance[km]": str})
    df.loc[2, "units"] = "2.5"
    df.loc[4, "loaded_distance[km]"] = "12.3 km"
    df.loc[8, "loaded_distance[km]"] = "1e400"
    _, q = footprint.compute_with_quarantine(df, plan=plan)
    assert list(zip(q["row"], q["error_id"])) == [(2, "footprint.shipment.not-an-integer"),
                                                  (4, "footprint.shipment.not-a-number"),
                                                  (8, "footprint.shipment.not-finite")]
    assert q["found"].tolist() == ["2.5", "12.3 km", "1e400"]


@pytest.mark.parametrize("batch_rows", [7, 1000, 65536])
def test_duplicates_as_the_command_sees_them(plan, run_cli, data_args, tmp_path, batch_rows):
    """Shuffled ids (so the fast path for increasing ids gives way to the set),
    duplicates before and after that point, and an id reused after its first row
    was refused (then the second row is accepted, as in the command)."""
    df = footprint.sample(3000).sample(frac=1.0, random_state=7).reset_index(drop=True)
    df = df.sort_values("shipment_id", kind="stable").reset_index(drop=True)  # increasing first ...
    df.loc[40, "shipment_id"] = df.loc[39, "shipment_id"]                     # ... a duplicate while increasing
    df.loc[1500:, :] = df.loc[1500:, :].sample(frac=1.0, random_state=3).to_numpy()  # ... then shuffled
    df.loc[2100, "shipment_id"] = df.loc[10, "shipment_id"]
    df.loc[2200, "shipment_id"] = df.loc[2600, "shipment_id"]
    df.loc[300, "return_distance[km]"] = -1.0
    df.loc[301, "shipment_id"] = df.loc[300, "shipment_id"]
    path = tmp_path / "dups.csv"
    path.write_text(footprint.frame_to_csv(df))
    run_cli("compute", "-m", "reusable-packaging-reduction", "-s", str(path), "-o", str(tmp_path / "r.csv"), "-q",
            *data_args, check=False)
    cli = pd.read_csv(tmp_path / "r.quarantine.csv")
    ok, q = footprint.compute_with_quarantine(df, plan=plan, batch_rows=batch_rows)
    assert list(q["row"] + 2) == list(cli["line"])  # CSV line = row + 2 (the header is line 1)
    assert list(q["error_id"]) == list(cli["error_id"])
    assert list(q["shipment_id"]) == list(cli["shipment_id"].astype(str))
    results = pd.read_csv(tmp_path / "r.csv")
    assert (ok["ER_g"].to_numpy() == results["ER_g"].to_numpy()).all()


def test_dates_outside_the_years_footprint_computes(plan, small_df):
    df = small_df.copy()
    df.loc[4, "date"] = pd.Timestamp("1850-03-01")
    df.loc[6, "date"] = pd.Timestamp("2200-01-01")
    as_text = df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))
    for frame in (df, as_text):
        _, q = footprint.compute_with_quarantine(frame, plan=plan)
        assert list(zip(q["row"], q["error_id"])) == [(4, "footprint.shipment.date"), (6, "footprint.shipment.date")]
        assert q["expected"].tolist() == ["a date from 1900-01-01 to 2100-12-31"] * 2
        assert q["found"].tolist() == ["1850-03-01", "2200-01-01"]
