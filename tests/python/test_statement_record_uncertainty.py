"""A statement of record with its uncertainty section (footprint-statement/3)
built from Python: the same bytes as `footprint statement --uncertainty`,
verified by footprint.verify (which draws the section again), and the same
bytes again when the rows come from a Dask DataFrame read on two workers."""

from __future__ import annotations

import json

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import footprint
import footprint.dask as fd

PERIOD = ("2020-06-01", "2021-05-31")
N = 2000
SEED = 11


@pytest.fixture(scope="module")
def shipments(tmp_path_factory, run_cli):
    path = tmp_path_factory.mktemp("st3") / "shipments.csv"
    run_cli("sample", "--rows", "2000", "-o", str(path))
    return path


@pytest.fixture(scope="module")
def plan():
    return footprint.Plan.bind("reusable-packaging-reduction")


def test_python_builds_the_command_s_format_3_statement(shipments, plan, run_cli, data_args, tmp_path):
    out = tmp_path / "chem.json"
    run_cli("statement", "-m", "reusable-packaging-reduction", "-s", str(shipments), "--customer", "chem-jiangsu-01",
            "--from", PERIOD[0], "--to", PERIOD[1], "--uncertainty", str(N), "--seed", str(SEED), "--format", "json",
            "-o", str(out), *data_args)
    built = footprint.Statement.build(plan, shipments, customer="chem-jiangsu-01", period=PERIOD, uncertainty=N,
                                      seed=SEED, threads=2)
    assert built.json == out.read_text(encoding="utf-8")  # same bytes, threads or not
    assert built.data["format"] == "footprint-statement/3"
    section = built.data["uncertainty"]
    assert section["method"]["iterations"] == N and section["method"]["seed"] == SEED
    # Issuance stays the deterministic figure; the quantile's tonnes are reported beside it.
    assert built.issuable_t == built.data["totals_g"]["reduction"] // 1_000_000
    # verify draws the section again from the recorded method: OK for Python's and the command's statement.
    assert footprint.verify(built, shipments).identical
    assert footprint.verify(out, shipments).identical
    # An edited figure of the section, sealed again, is caught by the rebuild, not by the digest.
    doc = json.loads(built.json)
    doc["uncertainty"]["results"]["reduction_t"]["mean"] = "1"
    del doc["statement_digest"]
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    edited = footprint.Statement(json.dumps(dict(doc, statement_digest=footprint._core.statement.statement_digest(text)),
                                            indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    r = footprint.verify(edited, shipments)
    assert not r.identical and r.digest_ok and r.first_difference.startswith("/uncertainty/results"), r


def test_a_dask_dataframe_on_two_workers_gives_the_same_statements(shipments, plan):
    local = footprint.Statement.build_all(plan, shipments, period=PERIOD, uncertainty=N, seed=SEED)
    frame = pd.read_csv(shipments, dtype=str, keep_default_na=False)
    ddf = dd.from_pandas(frame, npartitions=4)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster):
            remote = fd.statements(ddf, "reusable-packaging-reduction", period=PERIOD, uncertainty=N, seed=SEED)
    for customer, st in local.items():
        assert remote[customer].json == st.json, customer
        assert st.data["format"] == "footprint-statement/3"
