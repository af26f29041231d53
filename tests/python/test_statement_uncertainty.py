"""footprint.statement_uncertainty: the Monte Carlo of one customer's statement
(issue 16) from Python, the same numbers as `footprint uncertainty --json`,
reproducible to the bit on 1 and 2 threads and on a two-worker Dask cluster.

The chemical customer of `footprint sample --rows 3000` over 2020-2021 is
the case throughout (its ER is about 2 759 t on these rows, nearly all of its spread from one factor; see the notebook
examples/notebooks/03-how-sure.ipynb for the reading)."""

from __future__ import annotations

import json
import math
import pickle

import matplotlib.pyplot as plt
import numpy as np
import pytest
from distributed import Client, LocalCluster, get_task_stream

import footprint
import footprint.dask as fd
import footprint.plot as fplot

CUSTOMER = "chem-jiangsu-01"
PERIOD = ("2020-01-01", "2021-12-31")
N = 4000
SEED = 7


@pytest.fixture(scope="module")
def shipments(tmp_path_factory, run_cli):
    path = tmp_path_factory.mktemp("stmc") / "shipments.csv"
    run_cli("sample", "--rows", "3000", "-o", str(path))
    return path


@pytest.fixture(scope="module")
def u(shipments):
    return footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=PERIOD, iterations=N, seed=SEED)


def _bytes(x):
    """Every number of a result, as bytes: summary, factors' numbers, draws."""
    return (x.summary.to_numpy().tobytes(), x.factors.select_dtypes("number").to_numpy().tobytes(),
            x.draws.to_numpy().tobytes(), x.draws.columns.tolist(),
            (x.probability_positive, x.reduction_at_quantile_t, x.issuable_at_quantile_t))


def test_numbers_equal_the_command(u, shipments, run_cli, data_args):
    out = run_cli("uncertainty", "-m", "reusable-packaging-reduction", "-s", str(shipments), "--customer", CUSTOMER,
                  "--from", PERIOD[0], "--to", PERIOD[1], "-n", str(N), "--seed", str(SEED), "--json",
                  *data_args).stdout
    c = json.loads(out)
    assert c["statement_digest"] == u.statement.digest
    assert c["deterministic_g"] == u.model.deterministic_g == u.statement.totals_g
    for name, key in footprint.statement_montecarlo.TOTALS:
        row = u.summary.loc[name]
        assert row["deterministic_t"] == c["deterministic_g"][key[:-2]] / 1e6
        for col in ("mean", "sd", "p2_5", "p5", "median", "p95", "p97_5"):
            assert row[col] == c[key][col], (name, col, row[col], c[key][col])  # exact: same bits
    assert u.probability_positive == c["probability_reduction_positive"]
    assert u.reduction_at_quantile_t == c["reduction_at_quantile_t"]
    assert u.issuable_at_quantile_t == c["issuable_at_quantile_t"]
    assert u.linearity == c["linearity"]
    # The factors in the command's order (largest first-order Sobol index first), with the same numbers.
    assert list(u.factors["factor_id"]) == [f["factor_id"] for f in c["factors"]]
    for (_, row), f in zip(u.factors.iterrows(), c["factors"]):
        assert row["spearman"] == f["spearman_reduction"] and row["variance_share"] == f["variance_share"]
        assert row["ER_t_per_unit"] == f["reduction_g_per_unit"] / 1e6
        assert row["distribution"] == f["distribution"]
    assert set(u.draws.columns) == {"BE_t", "PE_t", "ER_t", *u.factors["factor_id"]}
    assert len(u.draws) == N


def test_a_frame_gives_the_model_of_its_file(u):
    # footprint.sample(3000) is the file `footprint sample --rows 3000` writes (test_api), read as a DataFrame.
    v = footprint.statement_uncertainty(footprint.sample(3000), customer=CUSTOMER, period=PERIOD, iterations=N,
                                        seed=SEED)
    assert v.model.to_json() == u.model.to_json()
    assert _bytes(v) == _bytes(u)


def test_closed_form_mean_and_sd(shipments):
    # ER = ER0 + sum_f c_f (m_f - 1) with independent m_f (the linearity is checked by the library:
    # residual within the rounding bound). So E[ER] = ER0 + sum_f c_f (E[m_f] - 1) and
    # sd(ER) = sqrt(sum_f c_f^2 sd(m_f)^2), from the model's coefficients and each distribution's
    # closed-form mean and sd. The Monte Carlo mean lies within 4 standard errors (sd / sqrt(N)) of
    # it; its sd within 4 standard errors of an sd (sd / sqrt(2N), near-normal) plus 1 %.
    n = 20000
    v = footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=PERIOD, iterations=n, seed=3, threads=2)
    lin = v.linearity
    assert abs(lin["residual_g"]) <= lin["bound_g"], lin
    terms = v.model.terms()
    er0 = v.model.deterministic_g["reduction"] / 1e6
    mean = er0 + sum(terms["reduction_g_per_unit"] / 1e6 * (terms["multiplier_mean"] - 1))
    sd = math.sqrt(sum((terms["reduction_g_per_unit"] / 1e6 * terms["multiplier_sd"]) ** 2))
    er = v.summary.loc["ER"]
    assert sd > 0
    assert abs(er["mean"] - mean) <= 4 * sd / math.sqrt(n), (er["mean"], mean, sd)
    assert abs(er["sd"] - sd) <= 4 * sd / math.sqrt(2 * n) + 0.01 * sd, (er["sd"], sd)
    # Each iteration's ER is that sum, recomputed from the draws' multipliers (rounding of doubles only).
    recomputed = er0 + sum(terms.loc[i, "reduction_g_per_unit"] / 1e6 * (v.draws[t] - 1)
                           for i, t in enumerate(terms["factor_id"]))
    np.testing.assert_allclose(recomputed, v.draws["ER_t"], rtol=0, atol=1e-9 * abs(er0) + 1e-9)
    # P(ER > 0) and the quantile by a second implementation (NumPy's default is Hyndman-Fan 7).
    assert v.probability_positive == np.mean(v.draws["ER_t"].to_numpy() > 0)
    assert np.isclose(v.reduction_at_quantile_t, np.quantile(v.draws["ER_t"], 0.05), rtol=1e-12, atol=0)
    assert v.issuable_at_quantile_t == max(0, math.floor(v.reduction_at_quantile_t))
    # The one-at-a-time bars: ER0 + c_f (q_f - 1), q_f the multiplier's 2.5 % / 97.5 % quantile, which
    # the draws of that multiplier estimate (within 3 % of its spread around 1 at n = 20000).
    for _, f in v.factors.head(3).iterrows():
        m = v.draws[f["factor_id"]].to_numpy()
        for col, q in (("ER_low_t", 0.025), ("ER_high_t", 0.975)):
            expected = er0 + f["ER_t_per_unit"] * (np.quantile(m, q) - 1)
            assert abs(f[col] - expected) <= 0.03 * abs(f["ER_t_per_unit"]) * (abs(np.quantile(m, q) - 1) + 1e-3), (
                f["factor_id"], col, f[col], expected)


def test_same_bits_on_1_and_2_threads_and_through_pickle(u, shipments):
    two = footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=PERIOD, iterations=N, seed=SEED,
                                          threads=2)
    assert _bytes(two) == _bytes(u)
    model = pickle.loads(pickle.dumps(u.model))
    assert model == u.model and model.to_json() == u.model.to_json()
    again = footprint.statement_montecarlo.summarise_draws(model, model.draw(SEED, 0, N), SEED)
    assert _bytes(again) == _bytes(u)
    other = footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=PERIOD, iterations=N, seed=SEED + 1)
    assert other.draws["ER_t"].to_numpy().tobytes() != u.draws["ER_t"].to_numpy().tobytes()


def test_dask_two_workers_give_the_same_bits(u):
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            with get_task_stream(client) as ts:
                for partitions, threads in ((2, 1), (5, 2)):
                    d = fd.statement_uncertainty(u.model, N, SEED, partitions=partitions, threads=threads)
                    assert _bytes(d) == _bytes(u), (partitions, threads)
            # The 2 + 5 ranges were drawn by tasks on the two worker processes, not in this one.
            drawn = [t for t in ts.data if t["key"].startswith("_draw_range")]
            assert len({t["key"] for t in drawn}) == 7, [t["key"] for t in ts.data]
            workers = set(client.scheduler_info()["workers"])
            assert len(workers) == 2 and {t["worker"] for t in drawn} <= workers


def test_refusals(shipments):
    with pytest.raises(footprint.Error) as e:
        footprint.statement_uncertainty(shipments, customer="nobody", period=PERIOD, iterations=10)
    assert e.value.problems[0].id == "footprint.statement.unknown-customer"
    with pytest.raises(footprint.Error) as e:
        footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=PERIOD, iterations=10, quantile=1.5)
    assert e.value.problems[0].id == "footprint.uncertainty.options"
    with pytest.raises(footprint.Error) as e:
        footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=PERIOD, iterations=0)
    assert e.value.problems[0].id == "footprint.uncertainty.options"
    with pytest.raises(footprint.Error) as e:
        footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=(PERIOD[1], PERIOD[0]), iterations=10)
    assert e.value.problems[0].id == "footprint.statement.period"
    with pytest.raises(footprint.Error) as e:
        footprint.statement_uncertainty(shipments, customer=CUSTOMER, period=("2030-01-01", "2030-12-31"),
                                        iterations=10)
    assert e.value.problems[0].id == "footprint.statement.empty-period"
    assert e.value.problems[0].field == "allow_empty=True" or "allow_empty" in str(e.value)


def test_repr_and_html(u):
    r = repr(u)
    assert r.startswith(f"<StatementUncertainty {CUSTOMER}: {N} iterations, seed {SEED}; ER ")
    assert f"issuable at 0.05: {u.issuable_at_quantile_t} t>" in r
    assert repr(u.model).startswith(f"<StatementModel {CUSTOMER}: ")
    assert "P(ER&nbsp;&gt;&nbsp;0)" in u._repr_html_()


def test_tornado_and_histogram(u):
    ax = fplot.tornado(u)
    f = u.factors.assign(width=(u.factors["ER_high_t"] - u.factors["ER_low_t"]).abs())
    f = f.sort_values("width", ascending=False, kind="stable").head(10)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[::-1] == list(f["factor_id"])  # widest on top
    bars = ax.patches
    assert len(bars) == 2 * len(f)
    er0 = u.er0_t
    lows = sorted((b.get_y(), b.get_x() + b.get_width()) for b in bars[:len(f)])
    expected = sorted(zip(range(len(f)), f["ER_low_t"].to_numpy()[::-1]))
    for (_, got), (_, want) in zip(lows, expected):
        assert np.isclose(got, want, rtol=1e-12, atol=1e-9)
    assert all(np.isclose(b.get_x(), er0) for b in bars)
    plt.close(ax.figure)
    ax = fplot.reduction_histogram(u)
    xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert np.isclose(xs, er0).any() and np.isclose(xs, u.reduction_at_quantile_t).any()
    assert sum(p.get_height() for p in ax.patches) == N
    plt.close(ax.figure)
    with pytest.raises(TypeError):
        fplot.tornado(footprint.uncertainty("steel-drum-208l", 20))
