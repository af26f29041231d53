"""The vehicle class of a shipment (reusable-packaging-reduction 2.1.0) in frames.

A frame without a ``vehicle_class`` column is read as the methodology's default
(``artic-33t-plus``), exactly as CSV ingest reads a file without it; a frame
with the column gives the command's numbers for the same rows; a class the
methodology does not declare is quarantined with the id CSV ingest uses.
"""
from __future__ import annotations

import footprint


def test_frame_without_the_column_reads_the_default(plan, small_df):
    without = footprint.compute(small_df, plan=plan)
    with_default = footprint.compute(small_df.assign(vehicle_class="artic-33t-plus"), plan=plan)
    assert list(without["ER_g"]) == list(with_default["ER_g"])
    assert list(without["PE_g"]) == list(with_default["PE_g"])


def test_frame_with_a_rigid_truck_equals_the_command(plan, small_df, run_cli, data_args, tmp_path):
    df = small_df.head(20).assign(vehicle_class="rigid-7.5-17t")
    df["vehicle_class"] = df["vehicle_class"].astype("category")
    ours = footprint.compute(df, plan=plan)
    csv = tmp_path / "rigid.csv"
    csv.write_text(footprint.frame_to_csv(df.assign(vehicle_class=df["vehicle_class"].astype(str))))
    out = tmp_path / "results.csv"
    run_cli("compute", "-m", "reusable-packaging-reduction", "-s", str(csv), "-o", str(out), "-q", *data_args)
    import pandas as pd
    theirs = pd.read_csv(out)
    assert list(ours["ER_g"]) == list(theirs["ER_g"])
    # a rigid truck carries fewer units than the articulated HGV, so each unit's legs cost more
    artic = footprint.compute(small_df.head(20), plan=plan)
    assert (ours["PE_distribution_g"] >= artic["PE_distribution_g"]).all()
    assert (ours["PE_distribution_g"] > artic["PE_distribution_g"]).any()


def test_an_undeclared_class_is_quarantined(plan, small_df):
    df = small_df.head(3).assign(vehicle_class=["artic-33t-plus", "van-3.5t", "rigid-7.5-17t"])
    results, quarantine = footprint.compute_with_quarantine(df, plan=plan)
    assert len(results) == 2 and len(quarantine) == 1
    q = quarantine.iloc[0]
    assert q["error_id"] == "footprint.shipment.unknown-value"
    assert q["field"] == "vehicle_class"
    assert q["expected"] == "one of: artic-33t-plus, rigid-7.5-17t"
    assert q["found"] == "van-3.5t"
