"""footprint.statement_uncertainty with methodology inputs that declare a distribution
(issue 16): the same numbers as `footprint uncertainty --json`, and an input's tornado
bar from its measured response, not a straight line.

The methodology is the bundled reduction methodology with this test's spreads (no
public source states one): the yearly loss 0.02 within [0.01, 0.05] and the trips a
year 6 within [4, 8]."""

from __future__ import annotations

import json

import pytest

import footprint

CUSTOMER = "appliance-anhui-01"
PERIOD = ("2020-01-01", "2021-12-31")
N = 3000
SEED = 5


@pytest.fixture(scope="module")
def files(tmp_path_factory, run_cli, source_dir):
    d = tmp_path_factory.mktemp("inputs")
    run_cli("sample", "--rows", "3000", "-o", str(d / "shipments.csv"))
    text = (source_dir / "methodologies" / "reusable-packaging-reduction.yaml").read_text()
    for anchor, line in {"      value: 0.02\n": "      uncertainty: {range: [0.01, 0.05]}\n",
                         "      value: 6\n": "      uncertainty: {range: [4, 8]}\n"}.items():
        assert text.count(anchor) == 1
        text = text.replace(anchor, anchor + line)
    (d / "spreads.yaml").write_text(text)
    return d


def test_inputs_equal_the_command_and_bars_follow_the_response(files, run_cli, data_args):
    u = footprint.statement_uncertainty(files / "shipments.csv", str(files / "spreads.yaml"), customer=CUSTOMER,
                                        period=PERIOD, iterations=N, seed=SEED)
    c = json.loads(run_cli("uncertainty", "-m", str(files / "spreads.yaml"), "-s", str(files / "shipments.csv"),
                           "--customer", CUSTOMER, "--from", PERIOD[0], "--to", PERIOD[1], "-n", str(N), "--seed",
                           str(SEED), "--json", *data_args).stdout)
    for col in ("mean", "p2_5", "p97_5"):
        assert u.summary.loc["ER", col] == c["reduction_t"][col]  # the same bits
    assert list(u.factors["factor_id"]) == [f["factor_id"] for f in c["factors"]]
    cmd = {f["factor_id"]: f for f in c["factors"]}
    kinds = {t["factor_id"]: t["kind"] for t in u.model._core.terms}
    assert kinds["parameter:annual_loss"] == "parameter" and kinds["parameter:cycles_per_year"] == "parameter"
    loss = u.factors.set_index("factor_id").loc["parameter:annual_loss"]
    assert loss["ER_low_t"] == pytest.approx(cmd["parameter:annual_loss"]["reduction_at_p2_5_t"], rel=1e-12)
    assert loss["ER_high_t"] == pytest.approx(cmd["parameter:annual_loss"]["reduction_at_p97_5_t"], rel=1e-12)
    # Not the straight line through the slope at 1: the response bends (expected trips in the loss), so a bar
    # from the slope would differ from the measured one.
    er0 = u.summary.loc["ER", "deterministic_t"]
    slope_end = er0 + loss["ER_t_per_unit"] * (u.model.multiplier_quantile(
        [t["factor_id"] for t in u.model._core.terms].index("parameter:annual_loss"), 0.975) - 1)
    assert abs(slope_end - loss["ER_high_t"]) > 1e-3
    # More loss, less ER.
    assert loss["ER_high_t"] < er0 < loss["ER_low_t"]
    assert abs(u.factors["sobol"].sum() - 1) < 1e-9
