"""The plotting helpers draw what they are given."""

from __future__ import annotations

import matplotlib.pyplot as plt

import footprint
import footprint.plot as fp


def test_stage_breakdown_one_trip(plan, small_df):
    r = footprint.compute(small_df, plan=plan)
    ax = fp.stage_breakdown(r.iloc[0], plan=plan)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "Raw material" in labels
    heights = sum(p.get_height() for p in ax.patches)
    row = r.iloc[0]
    assert abs(heights - (row["BE_g"] + row["PE_g"]) / 1000) < 1e-6 * max(1, heights)
    assert "ER = BE − PE − LE" in ax.get_title()
    plt.close("all")
    ax = fp.stage_breakdown(r, shipment_id=r["shipment_id"].iloc[3])  # components from attrs
    assert r["shipment_id"].iloc[3] in ax.get_title()
    plt.close("all")


def test_stage_breakdown_statement(plan, small_df):
    st = footprint.Statement.build(plan, small_df, customer="chem-jiangsu-01", period=("2020-06-01", "2021-07-31"))
    ax = fp.stage_breakdown(st, unit="t")
    assert "chem-jiangsu-01" in ax.get_title()
    plt.close("all")


def test_monthly_reductions(plan, small_df):
    r = footprint.compute(small_df, plan=plan)
    ax = fp.monthly_reductions(r)
    assert ax.get_xticklabels()[0].get_text().startswith("2020-06")
    plt.close("all")
    sts = footprint.Statement.build_all(plan, small_df, period=("2020-06-01", "2021-07-31"))
    fp.monthly_reductions(sts)
    plt.close("all")


def test_scenario_sweep(plan, small_df):
    s = footprint.sweep(small_df, "annual_loss", [0.02, 0.15], plan=plan)
    ax = fp.scenario_sweep(s)
    assert len(ax.get_lines()) >= small_df["customer_id"].nunique() + 1
    plt.close("all")
    c = footprint.sweep(small_df, "cycles_per_year", [5, 6, 8], plan=plan)
    ax = fp.scenario_sweep(c)
    assert len(ax.get_lines()) >= small_df["customer_id"].nunique() + 1
    assert "cycles_per_year" in ax.get_xlabel()
    plt.close("all")
    g = footprint.sweep(small_df, "gwp", ["AR5", "AR6"], plan=plan)
    fp.scenario_sweep(g)
    plt.close("all")
