"""The API tour: factor sets, methodologies, the catalog, plans, and per-shipment
results equal to the command's."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import footprint


# ---- factor sets ---------------------------------------------------------------------

def test_bundled_factor_set_opens_verified(factor_set_path):
    fs = footprint.FactorSet.open()
    assert fs.file.resolve() == factor_set_path.resolve()
    assert fs.name == "footprint-default"
    assert len(fs.digest) == 64
    assert fs.default_gwp == "AR6"
    assert len(fs) > 50
    assert footprint.FactorSet.open() is fs  # one open per unchanged file


def test_lookup_falls_back_and_says_how(run_cli, factor_set_path):
    fs = footprint.FactorSet.open()
    m = fs.lookup("electricity.grid", region="CN-Jiangsu", year=2023)
    assert m.factor.id == "cn.grid.2023.east.mee-nbs"
    assert not m.exact
    assert m.path == ["CN-Jiangsu: no factor", "CN-East: valid in 2023 → cn.grid.2023.east.mee-nbs (CN-East, 2023)"]
    # the command says the same
    out = run_cli("factors", "lookup", "electricity.grid", "--region", "CN-Jiangsu", "--year", "2023",
                  "--factors", str(factor_set_path)).stdout
    for step in m.path:
        assert step in out


def test_find_search_and_gwp():
    fs = footprint.FactorSet.open()
    f = fs["ipcc2006.diesel.road.per-tj"]
    assert f.activity_unit == "TJ"
    # IPCC 2006 road diesel, CO2 74100 + CH4 3.9 + N2O 3.9 kg/TJ weighted per GWP set
    assert f.kg_co2e_per_activity_unit("AR4") == pytest.approx(75359.7)
    assert f.kg_co2e_per_activity_unit("AR5") == pytest.approx(75242.7)
    assert f.kg_co2e_per_activity_unit("AR6") == pytest.approx(75273.51)
    assert fs.find("no-such-factor") is None
    assert "no-such-factor" not in fs
    with pytest.raises(KeyError):
        fs["no-such-factor"]
    assert len(fs.search("IPCC2006.DIESEL")) == 5
    table = fs.to_frame(gwp="AR5")
    assert {"id", "kg_co2e_per_activity_unit", "source"} <= set(table.columns) and len(table) == len(fs)
    assert [g["name"] for g in footprint.gwp_sets()] == ["AR4", "AR5", "AR6"]


def test_lookup_not_found_is_a_footprint_error():
    with pytest.raises(footprint.Error) as e:
        footprint.FactorSet.open().lookup("no.such.activity", "CN", 2023)
    assert e.value.id == "footprint.factor.not-found"


# ---- methodologies and the catalog -------------------------------------------------------

def test_methodologies(run_cli, data_args):
    bundled = footprint.Methodology.bundled()
    assert [m.id for m in bundled] == ["certified-per-trip-factor", "iso14067-packaging-cfp",
                                       "reusable-packaging-reduction"]
    m = footprint.Methodology.find("reusable-packaging-reduction")
    assert m.version == "2.2.0" and len(m.digest) == 64
    assert [p.name for p in m.monitored][:2] == ["units", "reusable_product"]
    # 2.0.0 takes the per-trip loss from a yearly loss and the trips a year
    names = set(m.parameters()["name"])
    assert {"cycles_per_year", "annual_loss"} <= names
    assert not {"loss_rate", "return_volumetric_density"} & names
    assert "loss_per_trip" in [e.name for e in m.equations]
    # check binds it; the command's `methodology check` prints the same program size
    plan = m.check()
    out = run_cli("methodology", "check", *data_args[2:]).stdout
    assert f"reusable-packaging-reduction 2.2.0 ({len(m.equations)} equations, {plan.program_size()} instructions" in out
    # 1.0.0 stays reachable by id@version from methodologies/archive/, with its own parameters and digest
    old = footprint.Methodology.find("reusable-packaging-reduction@1.0.0")
    assert old.id == m.id and old.version == "1.0.0" and len(old.digest) == 64 and old.digest != m.digest
    assert {"loss_rate", "return_volumetric_density"} <= set(old.parameters()["name"])
    old_plan = old.check()
    out = run_cli("methodology", "check", "reusable-packaging-reduction@1.0.0", *data_args[2:]).stdout
    assert (f"reusable-packaging-reduction 1.0.0 ({len(old.equations)} equations, {old_plan.program_size()} "
            f"instructions") in out


def test_methodology_documents(run_cli, data_args):
    m = footprint.Methodology.find("reusable-packaging-reduction")
    md = m.show("md", lang="zh")
    assert md == run_cli("methodology", "show", "reusable-packaging-reduction", "--format", "md", "--lang", "zh",
                         *data_args[2:]).stdout
    html = m.show("html")
    assert html.startswith("<!DOCTYPE html>")
    frame = m._repr_html_()
    assert frame.startswith("<iframe") and "srcdoc=" in frame and "<script" not in frame


def test_unknown_methodology_lists_the_bundled_ones():
    with pytest.raises(footprint.Error) as e:
        footprint.Methodology.find("no-such-methodology")
    assert e.value.id == "footprint.methodology.unknown"
    assert "reusable-packaging-reduction" in e.value.problems[0].expected


def test_catalog_and_product_footprint(run_cli, data_args):
    cat = footprint.Catalog.open()
    assert "steel-drum-208l" in cat and len(cat) == len(cat.ids())
    drum = cat["steel-drum-208l"]
    assert drum.kind == "single_use" and drum.capacity[1] == "L"
    ibc = cat["foldable-ibc-1000l"]
    assert ibc.reusable and ibc.design_life_trips > 1
    per_unit = footprint.cfp("steel-drum-208l", per="unit")
    assert list(per_unit["stage"]) == ["raw_material", "production", "distribution", "use", "end_of_life"]
    total_kg = per_unit["g_co2e"].sum() / 1000
    # the command's --report prints the same total (34.900 kg)
    assert f"**{total_kg:.3f}**" in run_cli("cfp", "steel-drum-208l", "--report", *data_args[2:]).stdout


# ---- plans ----------------------------------------------------------------------------

def test_plan_bind_and_inspect(plan):
    assert plan.gwp == "AR6" and plan.overrides == {}
    assert [f.name for f in plan.factor_sets] == ["footprint-default"]
    names = [c["name"] for c in plan.components()]
    assert names[:2] == ["BE_raw_material", "BE_production"]
    # 2.0.0 reports transport well-to-wheel and tank-to-wheel beside the terms (memo components)
    assert {c["term"] for c in plan.components()} == {"BE", "PE", "LE", "memo"}
    assert [c["name"] for c in plan.components() if c["term"] == "memo"] == [
        "project_transport_wtw", "project_transport_ttw", "baseline_transport_wtw", "baseline_transport_ttw"]
    assert any(k == "BE_raw_material" for k, _ in plan.derivation())
    assert any(c["label"] == "annual_loss" and c["kind"] == "fixed" and c["value"] == 0.02 for c in plan.constants())
    assert any(c["label"] == "cycles_per_year" and c["kind"] == "fixed" and c["value"] == 6 for c in plan.constants())
    assert [i.name for i in plan.inputs()][0] == "units"
    assert [c["name"] for c in plan.schema()][:3] == ["shipment_id", "customer_id", "date"]
    assert "instructions per row" in repr(plan) and "<table>" in plan._repr_html_()


def test_overrides_and_gwp(plan):
    # the operator's chemical customer before tracking: 15 % of the pool lost a year, 5 trips a year
    scenario = footprint.Plan.bind("reusable-packaging-reduction", gwp="AR5", overrides={"annual_loss": 0.15})
    assert scenario.gwp == "AR5" and scenario.overrides == {"annual_loss": 0.15}
    assert any(c["label"] == "annual_loss" and c["kind"] == "override" and c["value"] == 0.15
               for c in scenario.constants())
    assert plan.rebind(annual_loss=0.15).overrides == {"annual_loss": 0.15}
    before = plan.rebind(annual_loss=0.15, cycles_per_year=5)
    assert before.overrides == {"annual_loss": 0.15, "cycles_per_year": 5}
    assert any(c["label"] == "cycles_per_year" and c["kind"] == "override" and c["value"] == 5
               for c in before.constants())
    with pytest.raises(footprint.Error) as e:  # a 1.0.0 parameter is not one of 2.0.0
        plan.rebind(loss_rate=0.15)
    assert e.value.id == "footprint.plan.unknown-override"
    with pytest.raises(footprint.Error) as e:
        footprint.Plan.bind("reusable-packaging-reduction", overrides={"no_such_parameter": 1})
    assert e.value.id == "footprint.plan.unknown-override"
    with pytest.raises(footprint.Error) as e:
        footprint.Plan.bind("reusable-packaging-reduction", gwp="AR7")
    assert e.value.id == "footprint.plan.options"


def test_explain_and_evaluate_row(plan, small_df, run_cli, data_args, tmp_path):
    row = small_df.iloc[0]
    values = {"units": row["units"], "reusable_product": row["reusable_product"],
              "baseline_product": row["baseline_product"], "date": row["date"],
              "loaded_distance": row["loaded_distance[km]"], "return_distance": row["return_distance[km]"],
              "grid_region": row["grid_region"], "washed": row["washed"]}
    text = plan.explain(values)
    assert "BE_raw_material" in text
    evaluated = plan.evaluate_row(values)
    results = footprint.compute(small_df, plan=plan)
    # the tree walk and the compiled plan agree
    assert evaluated["ER_g"] == results["ER_g"].iloc[0]
    assert evaluated["BE_g"] == results["BE_g"].iloc[0]
    # footprint.explain on the frame prints what `footprint explain` prints about the same row
    csv = tmp_path / "small.csv"
    csv.write_text(footprint.frame_to_csv(small_df))
    ours = footprint.explain(small_df, row["shipment_id"], plan=plan).split("\n", 1)[1]
    theirs = run_cli("explain", "-m", "reusable-packaging-reduction", "-s", str(csv), "--shipment",
                     row["shipment_id"], *data_args).stdout.split("\n", 1)[1]
    assert ours == theirs


# ---- per-shipment results --------------------------------------------------------------

def test_results_equal_the_command(plan, sample_csv, run_cli, data_args, tmp_path):
    out = tmp_path / "results.csv"
    run_cli("compute", "-m", "reusable-packaging-reduction", "-s", str(sample_csv), "-o", str(out), "-q", *data_args)
    cli = pd.read_csv(out)
    df = pd.read_csv(sample_csv, dtype={"customer_id": "category", "reusable_product": "category",
                                        "baseline_product": "category", "grid_region": "category"},
                     parse_dates=["date"])
    ours = footprint.compute(df, plan=plan)
    amounts = [c for c in cli.columns if c.endswith("_g")]
    assert list(ours.columns) == ["shipment_id", "customer_id", "date", *amounts, "implausible"]
    assert (ours[amounts].to_numpy() == cli[amounts].to_numpy()).all()
    assert (ours["implausible"].to_numpy() == cli["implausible"].astype(bool).to_numpy()).all()
    assert (ours["shipment_id"].to_numpy() == cli["shipment_id"].to_numpy()).all()
    assert all(ours[c].dtype == np.int64 for c in amounts)
    assert ours.attrs["footprint"]["rows_in"] == len(df) == ours.attrs["footprint"]["computed"]


def test_results_without_copies(plan, sample_df):
    r = footprint.compute(sample_df, plan=plan)
    # the amounts are one int64 block written by C++, seen by pandas without a copy
    block = r[["BE_g", "PE_g", "LE_g", "ER_g"]].to_numpy()
    assert r["ER_g"].to_numpy().base is not None
    assert (block[:, 3] == block[:, 0] - block[:, 1] - block[:, 2]).all()


def test_sample_matches_the_command(run_cli, tmp_path):
    path = tmp_path / "s.csv"
    run_cli("sample", "--rows", "500", "-o", str(path))
    theirs = pd.read_csv(path)
    ours = footprint.sample(500)
    assert list(ours.columns) == list(theirs.columns)
    assert (ours["shipment_id"] == theirs["shipment_id"]).all()
    assert (ours["loaded_distance[km]"].to_numpy() == theirs["loaded_distance[km]"].to_numpy()).all()
    seeded = footprint.write_sample(tmp_path / "d.csv", 1000, defects=True)
    assert len(seeded) == 12 and seeded[0][1] == "footprint.shipment.unknown-product"


def test_error_pickles():
    e = footprint.Error([footprint.Problem(id="footprint.x.y", message="m", row=3, field="f")])
    e2 = pickle.loads(pickle.dumps(e))
    assert e2.id == "footprint.x.y" and e2.problems == e.problems and str(e2) == str(e)
