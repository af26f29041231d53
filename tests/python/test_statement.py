"""Statements built in Python are the command's statements, byte for byte, and
both sides verify them."""

from __future__ import annotations

import json

import pytest

import footprint

CUSTOMER = "chem-jiangsu-01"
PERIOD = ("2020-06-01", "2021-07-31")


@pytest.fixture(scope="module")
def cli_statement(run_cli, data_args, sample_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "statement.json"
    run_cli("statement", "-m", "reusable-packaging-reduction", "-s", str(sample_csv), "--customer", CUSTOMER,
            "--from", PERIOD[0], "--to", PERIOD[1], "-o", str(out), *data_args)
    return out


def test_byte_identical_to_the_command(plan, cli_statement, sample_csv):
    ours = footprint.Statement.build(plan, sample_csv, customer=CUSTOMER, period=PERIOD)
    assert ours.json.encode() == cli_statement.read_bytes()
    assert ours.digest == json.loads(cli_statement.read_text())["statement_digest"]


def test_from_a_dataframe_too(plan, cli_statement, sample_csv):
    import pandas as pd

    df = pd.read_csv(sample_csv, parse_dates=["date"], dtype={"customer_id": "category"})
    ours = footprint.Statement.build(plan, df, customer=CUSTOMER, period=PERIOD)
    assert ours.json.encode() == cli_statement.read_bytes()


def test_the_command_verifies_the_python_statement(plan, sample_csv, run_cli, data_args, tmp_path):
    st = footprint.Statement.build(plan, sample_csv, customer=CUSTOMER, period=PERIOD)
    files = st.save(tmp_path / "statement.json")
    assert [f.suffix for f in files] == [".json", ".html", ".md", ".csv"]
    out = run_cli("verify", str(tmp_path / "statement.json"), "-s", str(sample_csv), *data_args).stdout
    assert out.startswith("OK ")
    # and Python verifies the command's
    assert footprint.verify(tmp_path / "statement.json", sample_csv).identical


def test_verify_names_what_changed(plan, sample_df, tmp_path):
    st = footprint.Statement.build(plan, sample_df, customer=CUSTOMER, period=PERIOD)
    assert footprint.verify(st, sample_df).identical
    changed = sample_df.copy()
    row = changed.index[changed["customer_id"] == CUSTOMER][0]
    changed.loc[row, "loaded_distance[km]"] += 1
    r = footprint.verify(st, changed)
    assert not r.identical and r.digest_ok
    assert r.first_difference.startswith("/")
    assert r.shipments == [changed.loc[row, "shipment_id"]]
    # an edited statement fails on its own digest
    data = json.loads(st.json)
    data["totals_g"]["reduction"] += 1
    edited = footprint.Statement(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    assert not footprint.verify(edited, sample_df).digest_ok


def test_verify_refuses_another_methodology_or_factor_set(plan, sample_df, tmp_path):
    st = footprint.Statement.build(plan, sample_df, customer=CUSTOMER, period=PERIOD)
    data = json.loads(st.json)
    data["factor_sets"][0]["digest"] = "0" * 64
    data["methodology"]["digest"] = "1" * 64
    other = footprint.Statement(json.dumps(data, ensure_ascii=False))
    with pytest.raises(footprint.Error) as e:
        footprint.verify(other, sample_df)
    assert e.value.ids == ["footprint.verify.methodology", "footprint.verify.factor-set"]
    assert e.value.problems[1].field == "/factor_sets"


def test_renderings_and_tables(plan, sample_df):
    st = footprint.Statement.build(plan, sample_df, customer=CUSTOMER, period=PERIOD)
    assert st.render("html").startswith("<!DOCTYPE html>")
    assert st.render("md", lang="zh") == footprint._core.render_statement_markdown(st.json, "zh")
    assert st.to_csv().splitlines()[0].startswith("section,key,")
    html = st._repr_html_()
    assert html.startswith("<iframe") and "<script" not in html
    assert st.by_month()["reduction_g"].sum() == st.totals_g["reduction"]
    assert st.by_stage()["g"].sum() == st.totals_g["baseline"] + st.totals_g["project"] + st.totals_g["leakage"]
    assert st.issuable_t == max(st.totals_g["reduction"], 0) // 1_000_000
    everyone = footprint.Statement.build_all(plan, sample_df, period=PERIOD)
    assert sorted(everyone) == sorted(sample_df["customer_id"].unique())
    assert everyone[CUSTOMER] == st


def test_scenarios_are_recorded_and_verified(plan, sample_df):
    # the chemical customer before tracking: 5 trips and 15 % of the pool lost a year
    st = footprint.Statement.build(plan.rebind(annual_loss=0.15, cycles_per_year=5), sample_df, customer=CUSTOMER,
                                   period=PERIOD)
    assert st.data["scenario_overrides"] == {"annual_loss": "0.15", "cycles_per_year": "5"}
    assert footprint.verify(st, sample_df).identical
    base = footprint.Statement.build(plan, sample_df, customer=CUSTOMER, period=PERIOD)
    assert st.totals_g["baseline"] == base.totals_g["baseline"]
    assert st.totals_g["project"] > base.totals_g["project"] and st.totals_g["reduction"] < base.totals_g["reduction"]


def test_csv_rendering_does_not_hand_a_spreadsheet_a_formula(plan, sample_df):
    # A customer id from the shipments that a spreadsheet would run as a formula
    # (OWASP "CSV Injection") is written as text: a leading ', then quoted for the comma.
    evil = '=HYPERLINK("http://x",1)'
    df = sample_df.copy()
    df["customer_id"] = df["customer_id"].astype(str).where(df["customer_id"].astype(str) != CUSTOMER, evil)
    st = footprint.Statement.build(plan, df, customer=evil, period=PERIOD)
    total = [line for line in st.to_csv().splitlines() if line.startswith("total,")]
    assert total == [f'total,"\'=HYPERLINK(""http://x"",1)",{st.totals_g["baseline"]},{st.totals_g["project"]},'
                     f'{st.totals_g["leakage"]},{st.totals_g["reduction"]},{st.data["shipments"]}']
    assert st.data["customer"] == evil  # the statement of record keeps the id as it was


def test_a_float_flag_column_builds_the_statement_compute_accepts(plan):
    # pandas makes `washed` float (1.0 / 0.0) after a gap; Statement.build used to reject every
    # row (the CSV reader refuses "1.0" as a flag) and seal a statement with 0 accepted, while
    # compute accepted the same frame.
    df = footprint.sample(300)
    as_float = df.assign(washed=df["washed"].astype("float64"))
    results = footprint.compute(as_float, plan=plan)
    customer = str(df["customer_id"].iloc[0])
    period = ("2020-01-01", "2021-12-31")
    st_int = footprint.Statement.build(plan, df, customer=customer, period=period)
    st_float = footprint.Statement.build(plan, as_float, customer=customer, period=period)
    assert st_float.digest == st_int.digest
    assert st_float.totals_g["reduction"] == int(results.loc[results["customer_id"] == customer, "ER_g"].sum())
    assert len(footprint.Statement.build_all(plan, as_float, period=period)) == df["customer_id"].nunique()
