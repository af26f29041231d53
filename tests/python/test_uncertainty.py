"""footprint.uncertainty: the Monte Carlo of a product footprint as DataFrames,
the same numbers as `footprint cfp --uncertainty --json` for the same seed."""

from __future__ import annotations

import json

import numpy as np

import footprint


def test_draws_summary_and_sensitivity_match_the_command(run_cli, factor_set_path):
    u = footprint.uncertainty("steel-drum-208l", 2000, seed=5)
    assert isinstance(u, footprint.Uncertainty)
    assert list(u.draws.columns[-2:]) == ["per_unit_kg", "per_trip_kg"]
    assert len(u.draws) == 2000
    # The footprint of each iteration is Σ_f c_f × m_f: recomputed here from the draws.
    terms = u.sensitivity.set_index("factor_id")
    recomputed = sum(terms.loc[f, "per_unit_kg"] * u.draws[f] for f in terms.index)
    np.testing.assert_allclose(recomputed, u.draws["per_unit_kg"], rtol=1e-12)
    # Percentiles by Hyndman-Fan 7, NumPy's default ("linear"): a second implementation.
    for col, q in (("median", 0.5), ("p2_5", 0.025), ("p97_5", 0.975)):
        assert np.isclose(u.summary.loc["unit", col], np.quantile(u.draws["per_unit_kg"], q), rtol=1e-12, atol=0)
    out = run_cli("cfp", "steel-drum-208l", "--uncertainty", "2000", "--seed", "5", "--json",
                  "--factors", str(factor_set_path)).stdout
    assert json.loads(out) == json.loads(u.json)
    p = json.loads(out)["products"][0]
    assert p["per_unit"]["mean"] == u.summary.loc["unit", "mean"]
    assert [f["id"] for f in p["factors"]] == list(u.sensitivity["factor_id"])


def test_same_seed_same_draws_whatever_the_threads():
    a = footprint.uncertainty("foldable-ibc-1000l-pool", 3001, seed=9, threads=1)
    b = footprint.uncertainty("foldable-ibc-1000l-pool", 3001, seed=9, threads=2)
    assert a.draws.equals(b.draws) and a.json == b.json
    assert not a.draws.equals(footprint.uncertainty("foldable-ibc-1000l-pool", 3001, seed=10).draws)
