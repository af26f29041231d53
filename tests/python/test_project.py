"""A CCER project from Python (footprint.project): the ex-ante estimate and the
monitoring report are the command's own documents, byte for byte, and their
DataFrames agree with pandas reading the same shipments.

The shipments are the deterministic sample (20 000 rows, June 2020 - July
2021, the demo's three customers; ``footprint sample`` writes the same), so
that the demo project (examples/projects/demo-project.yaml) applies to them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import footprint

ROWS = 20_000


@pytest.fixture(scope="module")
def project_file(source_dir) -> Path:
    return source_dir / "examples" / "projects" / "demo-project.yaml"


@pytest.fixture(scope="module")
def project(project_file, factor_set_path, source_dir):
    return footprint.Project.open(project_file, factors=factor_set_path, data=source_dir)


@pytest.fixture(scope="module")
def shipments(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("project") / "shipments.csv"
    assert footprint.write_sample(path, ROWS) == []  # clean: no seeded defect
    return path


@pytest.fixture(scope="module")
def frame(shipments) -> pd.DataFrame:
    df = pd.read_csv(shipments, dtype={"customer_id": str})
    df["month"] = df["date"].str[:7]
    return df


@pytest.fixture(scope="module")
def report(project, shipments):
    return project.monitoring_report(shipments, period=("2020-06-01", "2021-07-31"))


def test_project_opens_with_its_methodology(project):
    assert project.id == "demo-reusable-packaging"
    assert project.methodology == "reusable-packaging-reduction@2.1.0"
    assert project.crediting_period == ("2020-06-01", "2030-05-31")  # 10 years from 2020-06-01
    customers = project.customers.set_index("id")
    assert customers.loc["auto-parts-hubei-01", "pool_size"] == 646261
    assert customers.loc["auto-parts-hubei-01", "washed_share"] == 0.7
    assert repr(project) == ("<Project demo-reusable-packaging: reusable-packaging-reduction@2.1.0, 3 customers, "
                             "crediting 2020-06-01 .. 2030-05-31>")


def test_report_is_the_commands(report, project_file, shipments, run_cli, data_args, tmp_path):
    run_cli("monitoring-report", "-p", str(project_file), "-s", str(shipments), "--from", "2020-06-01",
            "--to", "2021-07-31", *data_args, "-o", str(tmp_path / "r"), "--format", "json")
    cli_text = (tmp_path / "r" / "monitoring-report.json").read_text(encoding="utf-8")
    assert report.json == cli_text
    assert report.digest == json.loads(cli_text)["report_digest"]
    assert report.data["format"] == "footprint-monitoring-report/2"
    # The statements it links to: the command's, by digest, and each verifies on its own.
    assert sorted(s.digest for s in report.statements) == sorted(
        p.stem for p in (tmp_path / "r" / "statements").glob("*.json"))
    assert list(report.reductions["statement_digest"]) == [s.digest for s in report.statements]
    assert report.reductions["ER_g"].sum() == report.data["emission_reductions"]["totals_g"]["reduction"]
    loaded = footprint.MonitoringReport.load(tmp_path / "r" / "monitoring-report.json")
    assert loaded.digest == report.digest
    assert repr(loaded).startswith("<MonitoringReport demo-reusable-packaging 2020-06-01 .. 2021-07-31: ER ")


def test_parameter_summaries_equal_pandas(report, frame):
    # count, mean, min, max, sum per month of every numeric monitored parameter, pandas on the CSV as written.
    assert report.data["source"]["rows_in_period"] == ROWS
    params = report.parameters
    for name, column in [("units", "units"), ("loaded_distance", "loaded_distance[km]"),
                         ("return_distance", "return_distance[km]"), ("washed", "washed")]:
        got = params[params["parameter"] == name].set_index("month")
        g = frame.groupby("month")[column]
        want = pd.DataFrame({"count": g.count(), "mean": g.mean(), "min": g.min(), "max": g.max(), "sum": g.sum(),
                             "p50": g.median()})
        assert list(got.index) == list(want.index), name
        assert (got["count"] == want["count"]).all(), name
        for k in ["mean", "min", "max", "sum", "p50"]:
            pd.testing.assert_series_equal(got[k].astype(float), want[k].astype(float), check_names=False,
                                           rtol=1e-12, atol=0)
    products = params[params["parameter"] == "reusable_product"].set_index("month")
    first = products.loc["2020-06", "values"]
    assert first == frame[frame["month"] == "2020-06"]["reusable_product"].value_counts().to_dict()


def test_qaqc_frame_and_washing_share_equal_pandas(report, frame, project):
    q = report.qaqc.set_index("id")
    assert "washing-share" in q.index and len(q) == 13
    # The loss check reads the demo's loss record (a generated sample at annual_loss 0.02): nothing above 0.03 a year.
    assert q.loc["loss", "applicable"] and q.loc["loss", "checked"] == 45 and q.loc["loss", "flagged"] == 0
    assert q.loc["duplicates", "checked"] == ROWS
    # The washing share per customer and month (units of washed shipments / units), pandas against the
    # declared share; the project sets no tolerance, so the default 0.1 applies.
    declared = project.customers.set_index("id")["washed_share"]
    frame = frame.assign(washed_units=frame["units"] * frame["washed"])
    g = frame.groupby(["customer_id", "month"])[["washed_units", "units"]].sum()
    share = g["washed_units"] / g["units"]
    off = (share - declared.reindex(share.index.get_level_values(0)).to_numpy()).abs() > 0.1
    assert q.loc["washing-share", "checked"] == len(share)  # 3 customers x 14 months
    assert q.loc["washing-share", "flagged"] == int(off.sum())
    assert "default" in q.loc["washing-share", "threshold"]


def test_a_month_without_washing_is_found(project, shipments, tmp_path):
    # The washing line of the chemical customer stops in March 2021: every washed flag of that month set to 0.
    df = pd.read_csv(shipments, dtype=str, keep_default_na=False)
    month = (df["customer_id"] == "chem-jiangsu-01") & df["date"].str.startswith("2021-03")
    df.loc[month, "washed"] = "0"
    seeded = tmp_path / "seeded.csv"
    df.to_csv(seeded, index=False)
    r = project.monitoring_report(seeded, period=("2021-01-01", "2021-03-31"))
    w = r.qaqc.set_index("id").loc["washing-share"]
    units = int(df.loc[month, "units"].astype(int).sum())
    assert w["flagged"] >= 1
    details = [e["detail"] for e in w["examples"]]
    assert f"customer chem-jiangsu-01 2021-03: 0 of {units} trips washed = 0.000, declared 1 (difference -1.000)" \
        in details
    # Nothing else changed: the other checks count as on the clean file for the same months.
    clean = project.monitoring_report(shipments, period=("2021-01-01", "2021-03-31")).qaqc.set_index("id")
    assert clean.loc["washing-share", "flagged"] == w["flagged"] - 1
    assert (clean.drop(index="washing-share")["flagged"] == r.qaqc.set_index("id").drop(index="washing-share")[
        "flagged"]).all()


def test_report_verifies_and_renders(report, project, shipments):
    v = report.verify(project, shipments)
    assert v.identical and bool(v) and v.first_difference == ""
    assert repr(v) == f"<ReportVerification identical, digest {report.digest[:12]}>"
    edited = json.loads(report.json)
    edited["emission_reductions"]["totals_g"]["reduction"] += 1
    bad = footprint.MonitoringReport(json.dumps(edited, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    v = bad.verify(project, shipments)
    assert not v.identical and not v.digest_ok
    assert v.first_difference == "/emission_reductions/totals_g/reduction"
    zh = report.render("md", "zh")
    assert "监测报告" in zh and "规则：某客户某月清洗过的周转所占比例" in zh
    assert report.digest in report.render("html", "en")
    with pytest.raises(footprint.Error, match="footprint.project.report-syntax"):
        footprint.MonitoringReport("{}")
    with pytest.raises(footprint.Error, match="footprint.project.period"):
        project.monitoring_report(shipments, period=("2021-13-01", "2021-12-31"))
    with pytest.raises(footprint.Error, match="footprint.project.period"):
        project.monitoring_report(shipments, period=("2021-03-01", "2021-01-31"))  # ends before it starts


def test_estimate_is_the_commands(project, project_file, run_cli, data_args, tmp_path):
    est = footprint.estimate(project)
    run_cli("estimate", "-p", str(project_file), *data_args, "-o", str(tmp_path / "e"), "--format", "json")
    assert est.json == (tmp_path / "e" / "estimate.json").read_text(encoding="utf-8")
    years = est.years
    assert len(years) == 10 and list(years.index) == list(range(1, 11))
    assert years["ER_g"].sum() == pytest.approx(est.data["totals"]["reduction_g"], abs=10)  # each year rounded
    # Each amount is rounded to grams on its own: ER within 1 g of BE - PE - LE.
    assert ((years["ER_g"] - (years["BE_g"] - years["PE_g"] - years["LE_g"])).abs() <= 1).all()
    # Trips a crediting year = the pools x cycles_per_year (6, the methodology's):
    # (172551 + 646261 + 227210) x 6 = 1 046 022 x 6 = 6 276 132.
    assert (years["trips"] == 6276132).all()
    # The same through a project file path.
    assert footprint.estimate(project_file, factors=data_args[1], data=data_args[3]).json == est.json
    assert repr(est).startswith("<Estimate 2020-06-01 .. 2030-05-31: ER ")


def test_estimate_uncertainty_is_the_commands(project, project_file, run_cli, data_args, tmp_path):
    # The Monte Carlo of the estimate's total: the bytes `footprint estimate --uncertainty` writes, on any
    # thread count; its model is built around the estimate's own total.
    est = footprint.estimate(project)
    run_cli("estimate", "-p", str(project_file), *data_args, "-o", str(tmp_path / "e"), "--format", "json",
            "--uncertainty", "500", "--seed", "9")
    cli = (tmp_path / "e" / "estimate-uncertainty.json").read_text(encoding="utf-8")
    u = est.uncertainty(500, seed=9, threads=2)
    assert u == json.loads(cli)
    assert u["estimate_digest"] == est.digest
    assert u["uncertainty"]["model"]["reduction_g"] == est.data["totals"]["reduction_g"]
    with pytest.raises(footprint.Error, match="iterations"):
        est.uncertainty(0)


def test_estimate_compared_with_the_report_is_the_commands(project, project_file, report, run_cli, data_args,
                                                            tmp_path):
    report.save(tmp_path / "report.json")
    run_cli("estimate", "-p", str(project_file), *data_args, "-o", str(tmp_path / "e"), "--format", "json",
            "--compare", str(tmp_path / "report.json"))
    cli = json.loads((tmp_path / "e" / "estimate-comparison.json").read_text(encoding="utf-8"))
    assert footprint.estimate(project).compare(report) == cli
    assert project.loss_record.name == "demo-loss-record.csv" and project.loss_record.is_file()
