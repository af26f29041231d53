"""footprint.dask on a two-worker LocalCluster (separate processes): per-shipment
results, per-customer totals and statements exactly equal to one process's."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import footprint
import footprint.dask as fd

PERIOD = ("2020-06-01", "2021-07-31")
DTYPES = {"customer_id": "category", "reusable_product": "category", "baseline_product": "category",
          "grid_region": "category"}


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory, sample_csv):
    """The sample split into several files, as shipments often arrive."""
    d = tmp_path_factory.mktemp("parts")
    df = pd.read_csv(sample_csv, dtype=str, keep_default_na=False)
    for i, part in enumerate(np.array_split(df, 5)):
        part.to_csv(d / f"shipments-{i}.csv", index=False)
    return d


def test_results_equal_single_process(client, plan, csv_files):
    ddf = dd.read_csv(str(csv_files / "*.csv"), dtype=DTYPES, parse_dates=["date"])
    ddf["customer_id"] = ddf["customer_id"].cat.as_known()
    assert ddf.npartitions >= 2
    distributed = fd.compute(ddf, plan=plan).compute()
    whole = pd.concat([pd.read_csv(f, dtype=DTYPES, parse_dates=["date"]) for f in sorted(csv_files.glob("*.csv"))],
                      ignore_index=True)
    single = footprint.compute(whole, plan=plan)
    amounts = [c for c in single.columns if c.endswith("_g")] + ["implausible"]
    a = distributed.sort_values("shipment_id").reset_index(drop=True)
    b = single.sort_values("shipment_id").reset_index(drop=True)
    assert (a["shipment_id"].to_numpy() == b["shipment_id"].to_numpy()).all()
    assert (a[amounts].to_numpy() == b[amounts].to_numpy()).all()
    # the plan went to each worker as a description and was bound there once
    counts = client.run(fd.bind_count)
    assert len(counts) == 2 and all(n <= 1 for n in counts.values()) and sum(counts.values()) >= 1


def test_totals_and_statements_equal_single_process(client, plan, sample_df):
    ddf = dd.from_pandas(sample_df, npartitions=7)
    totals = fd.totals(ddf, plan=plan)
    single = footprint.compute(sample_df, plan=plan)
    expected = single.groupby(single["customer_id"].astype(str))[["BE_g", "PE_g", "LE_g", "ER_g"]].sum()
    assert (totals[["BE_g", "PE_g", "LE_g", "ER_g"]].to_numpy() == expected.sort_index().to_numpy()).all()
    assert totals["shipments"].sum() == len(sample_df)
    statements = fd.statements(ddf, plan=plan, period=PERIOD)
    one = footprint.Statement.build_all(plan, sample_df, period=PERIOD)
    assert sorted(statements) == sorted(one)
    for customer, st in one.items():
        assert statements[customer].json == st.json
        assert statements[customer].totals_g["reduction"] == int(totals.loc[customer, "ER_g"])


def test_quarantine_and_errors_from_workers(client, plan, small_df):
    bad = small_df.copy()
    bad.loc[150, "return_distance[km]"] = -1.0
    ddf = dd.from_pandas(bad, npartitions=3)
    results, quarantine = fd.compute_with_quarantine(ddf, plan=plan)
    results, quarantine = dask.compute(results, quarantine)
    assert len(results) + len(quarantine) == len(bad)
    assert list(quarantine["error_id"]) == ["footprint.shipment.negative"]
    with pytest.raises(footprint.Error) as e:
        fd.compute(ddf, plan=plan).compute()
    assert e.value.id == "footprint.shipment.negative"
    assert e.value.problems[0].file.startswith("<partition ")


def test_spec_is_small_and_checked(plan, tmp_path):
    import pickle

    spec = plan.spec()
    assert len(pickle.dumps(spec)) < 2000
    assert spec.plan() is spec.plan()
    changed = fd.PlanSpec(**{**spec.__dict__, "factor_set_digests": ("0" * 64,)})
    with pytest.raises(footprint.Error) as e:
        changed.plan()
    assert e.value.id == "footprint.verify.factor-set"


def test_totals_with_quarantine_returns_totals_and_rejected_rows(client, plan, sample_df):
    # errors="quarantine" used to raise AttributeError ('tuple' object has no attribute 'map_partitions').
    df = sample_df.copy()
    df["loaded_distance[km]"] = df["loaded_distance[km]"].astype(float)
    df.loc[df.index[3], "loaded_distance[km]"] = -5.0  # refused: below the declared range
    ddf = dd.from_pandas(df, npartitions=3)
    got = fd.totals_with_quarantine(ddf, plan=plan)
    assert isinstance(got, fd.Totals)
    totals, quarantine = got
    assert len(quarantine) == 1
    # the deprecated flag: the same tuple, with a DeprecationWarning
    with pytest.warns(DeprecationWarning, match=r"totals_with_quarantine"):
        old = fd.totals(ddf, plan=plan, errors="quarantine")
    assert type(old) is tuple and old[0].equals(totals) and old[1].equals(quarantine)
    with pytest.warns(DeprecationWarning, match=r"dask\.compute_with_quarantine"):
        old_results, old_quarantine = fd.compute(ddf, plan=plan, errors="quarantine")
    assert old_quarantine.compute().equals(quarantine)
    assert quarantine.iloc[0]["field"] == "loaded_distance"
    results, _ = footprint.compute_with_quarantine(df, plan=plan)
    assert totals["shipments"].sum() == len(results) == len(df) - 1
    assert int(totals["ER_g"].sum()) == int(results["ER_g"].sum())


def test_totals_refuse_to_wrap_around():
    # Two partitions whose ER sums are each 2**62 g: together 2**63, one past int64's range.
    big = 2 ** 62
    parts = pd.DataFrame({"shipments": [1, 1], "BE_g": [big, big], "PE_g": [0, 0], "LE_g": [0, 0], "ER_g": [big, big]},
                         index=pd.Index(["c", "c"], name="customer_id"))
    with pytest.raises(footprint.Error) as e:
        fd._checked_sum(parts)
    assert e.value.problems[0].id == "footprint.total.overflow"


def test_errors_raise_reports_every_partition(client, plan, small_df):
    # With errors="raise", only the first failing partition's problems used to come back:
    # a problem in partition 2 was hidden behind one in partition 0. Now one Error lists
    # the rejected rows of every partition, in partition order, each naming its partition
    # and its row position within it. small_df has 200 rows; 4 partitions of 50.
    bad = small_df.copy()
    bad["loaded_distance[km]"] = bad["loaded_distance[km]"].astype(float)
    bad.loc[160, "return_distance[km]"] = -1.0     # partition 3, row 10
    bad.loc[3, "loaded_distance[km]"] = 6000.0     # partition 0, row 3 (past 5000 km)
    bad.loc[120, "units"] = 0                      # partition 2, row 20 (below 1)
    ddf = dd.from_pandas(bad, npartitions=4)
    assert ddf.divisions == (0, 50, 100, 150, 199)
    for call in (lambda: fd.compute(ddf, plan=plan).compute(), lambda: fd.totals(ddf, plan=plan)):
        with pytest.raises(footprint.Error) as e:
            call()
        assert [(p.file, p.row, p.field, p.id) for p in e.value.problems] == [
            ("<partition 0>", 3, "loaded_distance", "footprint.shipment.out-of-range"),
            ("<partition 2>", 20, "units", "footprint.shipment.out-of-range"),
            ("<partition 3>", 10, "return_distance", "footprint.shipment.negative"),
        ]
    # Without a rejected row the results are as before, divisions kept.
    good = fd.compute(dd.from_pandas(small_df, npartitions=4), plan=plan)
    assert good.divisions == (0, 50, 100, 150, 199)
    assert len(good.compute()) == len(small_df)
