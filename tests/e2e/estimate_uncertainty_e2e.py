"""`footprint estimate --uncertainty`: the Monte Carlo of the ex-ante estimate's
crediting-period total (issue 16).

The demo project (examples/projects/demo-project.yaml, methodology 2.1.0) over a
copy of the bundled data whose methodology declares this test's spreads (no public
source states one): the trips a year 6 within [4, 8], the yearly loss 0.02 within
[0.01, 0.05].
(a) --threads 1 and 2 write the same estimate-uncertainty.json; estimate.json is the
    same bytes with and without --uncertainty;
(b) the model is built around the estimate: its deterministic ER is estimate.json's
    `totals.reduction_g`;
(c) second path: the response of the trips a year at its top node (8 a year) is the
    estimate of the same project with `parameters: {cycles_per_year: 8}`, minus the
    estimate's ER, to the gram (more trips a year: more trips, and each unit shared
    over more of them, so ER rises at every node);
(d) the Sobol indices sum to 1 and the steel of the drums (DESNZ 2025 steel cans)
    leads, as in the chemical customer's statement;
(e) a project value: the auto-parts line's washed share 0.7 within [0.5, 0.9]
    (`washed_share_uncertainty`) is drawn as `project:auto-parts-hubei-01/washed_share`;
    its response at 0.9 is the estimate with `washed_share: 0.9`, to the gram
    (more washing, more project emissions: ER falls).

Usage: estimate_uncertainty_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

fp, src, factor_set, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)


def run(*args):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


data = work / "data"
shutil.copytree(src / "factors", data / "factors")
shutil.copytree(src / "methodologies", data / "methodologies")
m = data / "methodologies" / "archive" / "reusable-packaging-reduction-2.1.0.yaml"
text = m.read_text()
for anchor, line in {"      value: 6\n": "      uncertainty: {range: [4, 8]}\n",
                     "      value: 0.02\n": "      uncertainty: {range: [0.01, 0.05]}\n"}.items():
    assert text.count(anchor) == 1, anchor
    text = text.replace(anchor, anchor + line)
m.write_text(text)
for name in ("demo-project.yaml", "demo-loss-record.csv"):
    shutil.copy(src / "examples" / "projects" / name, work / name)
project = (work / "demo-project.yaml").read_text()
assert project.count("parameters: {}\n") == 1 and project.count("    washed_share: 0.7\n") == 1
project = project.replace("    washed_share: 0.7\n",
                          "    washed_share: 0.7\n    washed_share_uncertainty: {range: [0.5, 0.9]}\n")
(work / "demo-project.yaml").write_text(project)
(work / "eight.yaml").write_text(project.replace("parameters: {}\n", "parameters: {cycles_per_year: 8}\n"))
(work / "washed.yaml").write_text(project.replace("    washed_share: 0.7\n", "    washed_share: 0.9\n"))

common = ["--data", data, "--factors", factor_set, "--format", "md"]
mc = ["--uncertainty", "3000", "--seed", "3"]
run("estimate", "-p", "demo-project.yaml", "-o", "e1", *common, *mc, "--threads", "1")
run("estimate", "-p", "demo-project.yaml", "-o", "e2", *common, *mc, "--threads", "2")
run("estimate", "-p", "demo-project.yaml", "-o", "plain", *common)
run("estimate", "-p", "eight.yaml", "-o", "eight", *common)
run("estimate", "-p", "washed.yaml", "-o", "washed", *common)

# ---- (a) ------------------------------------------------------------------------------------------
assert (work / "e1" / "estimate-uncertainty.json").read_bytes() == (work / "e2" / "estimate-uncertainty.json").read_bytes()
assert (work / "e1" / "estimate.json").read_bytes() == (work / "plain" / "estimate.json").read_bytes()
assert not (work / "plain" / "estimate-uncertainty.json").exists()

# ---- (b) ------------------------------------------------------------------------------------------
u = json.loads((work / "e1" / "estimate-uncertainty.json").read_text())
estimate = json.loads((work / "e1" / "estimate.json").read_text())
assert u["format"] == "footprint-estimate-uncertainty/1" and u["estimate_digest"] == estimate["estimate_digest"]
section = u["uncertainty"]
er0 = section["model"]["reduction_g"]
assert er0 == estimate["totals"]["reduction_g"], (er0, estimate["totals"]["reduction_g"])

# ---- (c) ------------------------------------------------------------------------------------------
terms = {f["factor_id"]: f for f in section["model"]["factors"]}
cycles = terms["parameter:cycles_per_year"]
assert cycles["response_nodes"][-1] == str(8 / 6), cycles["response_nodes"]
eight = json.loads((work / "eight" / "estimate.json").read_text())
top = cycles["response_g"][-1]["reduction"]
assert abs(eight["totals"]["reduction_g"] - er0 - top) <= 1, (eight["totals"]["reduction_g"] - er0, top)
r = [x["reduction"] for x in cycles["response_g"]]
assert all(b > a for a, b in zip(r, r[1:])), r

# ---- (d) ------------------------------------------------------------------------------------------
ranked = section["sensitivity"]
assert abs(sum(float(s["sobol_first_order"]) for s in ranked) - 1) < 1e-9
assert ranked[0]["factor_id"] == "desnz2025.material.steel-cans.primary", ranked[0]
# ---- (e) ------------------------------------------------------------------------------------------
share = terms["project:auto-parts-hubei-01/washed_share"]
assert [float(n) for n in (share["response_nodes"][0], share["response_nodes"][-1])] == [0.5 / 0.7, 0.9 / 0.7]
washed = json.loads((work / "washed" / "estimate.json").read_text())
w = share["response_g"][-1]["reduction"]
assert abs(washed["totals"]["reduction_g"] - er0 - w) <= 1, (washed["totals"]["reduction_g"] - er0, w)
assert w < 0, w

print(f"estimate drawn: ER {er0 / 1e6:.1f} t over the crediting period; trips a year at 8: {top / 1e6:+.1f} t; "
      f"ER 2.5-97.5 %: {float(section['results']['reduction_t']['p2_5']):.0f}-"
      f"{float(section['results']['reduction_t']['p97_5']):.0f} t")
