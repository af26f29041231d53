"""Methodology parameters and monitored numbers with a distribution in the statement
Monte Carlo (issue 16): `footprint uncertainty` and the statement of record.

The methodology is the bundled reduction methodology with three spreads of this
test's own (no public source states one): the yearly loss 0.02 within [0.01, 0.05]
(a triangular multiplier 0.5 ... 2.5, mode 1), the trips a year 6 within [4, 8],
and a 3 % (1 sd) calibration error of the loaded distance. On 3 000 sample
shipments, the chemical customer:
(a) the three inputs are terms (`parameter:annual_loss`, `parameter:cycles_per_year`,
    `monitored:loaded_distance`) with their response nodes; both checks within
    their bounds; --threads 1 and 2 give the same bytes;
(b) second path: the response of the yearly loss at its top node (multiplier 2.5,
    loss 0.05) equals `footprint statement --set annual_loss=0.05` minus the
    statement's ER, to the gram; more loss, less ER at every node;
(c) the loaded distance's response is a straight line (the loaded legs are linear
    in it): its ER at the 97.5 % quantile, 1 + 0.03 x 1.959964, is ER0 plus the
    slope times 0.03 x 1.959964, within the rounding of grams per shipment;
(d) the Sobol indices sum to 1;
(e) the statement of record with --uncertainty lists the drawn inputs and their
    responses, and `verify` says OK;
(f) the bundled methodology (no spreads) writes no input fields at all;
(h) the statement's workbook (--format xlsx) carries the section: sheet "uncertainty"
    with the ER summary as the JSON records it and the drawn inputs, sheet
    "sensitivity" in the section's order;
(g) a catalog life: a copy of the data with the pooled IBC's design life 25 trips
    within [20, 30] draws `life:foldable-ibc-1000l-pool` at whole trips (20/25 ...
    30/25), ER rising with the life; its statement of record verifies.

Usage: statement_inputs_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

fp, src, factor_set, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
CUSTOMER = "chem-jiangsu-01"


def run(*args, ok=True):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work)
    if ok:
        assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


# The methodology with the test's spreads, inserted under each parameter's value or description.
text = (src / "methodologies" / "reusable-packaging-reduction.yaml").read_text()
spreads = {
    "      value: 0.02\n": "      uncertainty: {range: [0.01, 0.05]}\n",
    "      value: 6\n": "      uncertainty: {range: [4, 8]}\n",
    "      description: Road distance of the loaded leg, filler to consignee\n":
        "      uncertainty: {distribution: normal, sd: 0.03}\n",
}
for anchor, line in spreads.items():
    assert text.count(anchor) == 1, anchor
    text = text.replace(anchor, anchor + line)
(work / "spreads.yaml").write_text(text)

run("sample", "--rows", "3000", "-o", "sample.csv")
period = ["-s", "sample.csv", "--from", "2020-01-01", "--to", "2021-12-31", "--data", src, "--factors", factor_set]
spread = ["-m", work / "spreads.yaml", *period]
mc = ["-n", "4000", "--seed", "5", "--customer", CUSTOMER, "--json"]

# ---- (a) terms, checks, threads -----------------------------------------------------------
run("uncertainty", *spread, *mc, "--threads", "1", "-o", "u1.json")
run("uncertainty", *spread, *mc, "--threads", "2", "-o", "u2.json")
assert (work / "u1.json").read_bytes() == (work / "u2.json").read_bytes()
u = json.loads((work / "u1.json").read_text())
terms = {f["factor_id"]: f for f in u["factors"]}
for id in ("parameter:annual_loss", "parameter:cycles_per_year", "monitored:loaded_distance"):
    assert id in terms, (id, sorted(terms))
    assert len(terms[id]["response_nodes"]) == len(terms[id]["reduction_response_g"]) >= 11
checks = u["input_checks"]
assert abs(checks["inputs_residual_g"]) <= checks["inputs_bound_g"], checks
assert abs(checks["interaction_residual_g"]) <= checks["interaction_bound_g"], checks
er0 = u["deterministic_g"]["reduction"]

# ---- (b) the loss's response is the statement rebuilt with the loss there -----------------------
loss = terms["parameter:annual_loss"]
assert loss["response_nodes"][0] == 0.5 and loss["response_nodes"][-1] == 2.5, loss["response_nodes"]
run("statement", "-m", "reusable-packaging-reduction", *period, "--customer", CUSTOMER, "--set", "annual_loss=0.05",
    "-o", "moved.json", "--format", "json")
moved = json.loads((work / "moved.json").read_text())
assert moved["totals_g"]["reduction"] - er0 == loss["reduction_response_g"][-1], (
    moved["totals_g"]["reduction"] - er0, loss["reduction_response_g"][-1])
r = loss["reduction_response_g"]
assert all(b < a for a, b in zip(r, r[1:])), r

# ---- (c) the distance's response is a straight line --------------------------------------------
dist = terms["monitored:loaded_distance"]
nodes, resp = dist["response_nodes"], dist["reduction_response_g"]
slope = (resp[-1] - resp[0]) / (nodes[-1] - nodes[0])
q = 1 + 0.03 * 1.959963984540054
shipments = u.get("shipments") or 3000
by_hand = (er0 + slope * (q - 1)) / 1e6
assert abs(dist["reduction_at_p97_5_t"] - by_hand) * 1e6 <= 2 * shipments, (dist["reduction_at_p97_5_t"], by_hand)
assert slope > 0  # longer loaded legs: the drums' legs weigh more than the IBCs' (their tare share)

# ---- (d) Sobol indices --------------------------------------------------------------------
total = sum(f["sobol_first_order"] for f in u["factors"])
assert abs(total - 1) < 1e-9, total

# ---- (e) statement of record, verify ------------------------------------------------------------
run("statement", *spread, "--customer", CUSTOMER, "--uncertainty", "2000", "--seed", "3", "-o", "st.json",
    "--format", "json")
doc = json.loads((work / "st.json").read_text())
section = doc["uncertainty"]
assert section["method"]["drawn_inputs"] == ["monitored:loaded_distance", "parameter:annual_loss",
                                             "parameter:cycles_per_year"], section["method"]["drawn_inputs"]
model_terms = {f["factor_id"]: f for f in section["model"]["factors"]}
assert [x["reduction"] for x in model_terms["parameter:annual_loss"]["response_g"]] == r
assert "input_checks" in section["model"]
v = run("verify", work / "st.json", "-m", work / "spreads.yaml", "-s", "sample.csv", "--data", src,
        "--factors", factor_set, ok=False)
assert v.returncode == 0 and "OK" in v.stdout, (v.returncode, v.stdout, v.stderr)

# ---- (h) the workbook ----------------------------------------------------------------------------
import openpyxl  # noqa: E402  (Debian's python3-openpyxl, as tests/e2e/xlsx_e2e.py)

run("statement", *spread, "--customer", CUSTOMER, "--uncertainty", "2000", "--seed", "3", "-o", "st.xlsx",
    "--format", "xlsx")
book = openpyxl.load_workbook(work / "st.xlsx")
rows = {}
drawn = []
for item, value in book["uncertainty"].iter_rows(min_row=2, values_only=True):
    if item == "input drawn through its response":
        drawn.append(value)
    else:
        rows[item] = value
assert rows["iterations"] == 2000 and rows["seed"] == 3, rows
# A worksheet cell holds 15 significant digits (Excel's precision); the JSON is the record.
assert abs(rows["ER mean (t CO2e)"] / float(section["results"]["reduction_t"]["mean"]) - 1) < 1e-13, rows
assert rows["issuable at the quantile (t CO2e)"] == section["results"]["issuable_at_quantile_t"]
assert rows["inputs residual (g)"] == section["model"]["input_checks"]["inputs_residual_g"]
assert drawn == section["method"]["drawn_inputs"], drawn
sens = [r[0] for r in book["sensitivity"].iter_rows(min_row=2, values_only=True)]
assert sens == [e["factor_id"] for e in section["sensitivity"]], sens[:3]

# ---- (f) no spreads, no input fields ------------------------------------------------------------
run("uncertainty", "-m", "reusable-packaging-reduction", *period, *mc, "-o", "plain.json")
plain = json.loads((work / "plain.json").read_text())
assert "input_checks" not in plain
assert not any("response_nodes" in f for f in plain["factors"])

# ---- (g) a catalog life -----------------------------------------------------------------
data = work / "data"
shutil.copytree(src / "factors", data / "factors")
shutil.copytree(src / "methodologies", data / "methodologies")
ibc = data / "methodologies" / "catalog" / "foldable-ibc-1000l-pool.yaml"
t = ibc.read_text()
assert t.count("design_life_trips: 25\n") == 1
ibc.write_text(t.replace("design_life_trips: 25\n", "design_life_trips: 25\ndesign_life_uncertainty: {range: [20, 30]}\n"))
cat = ["-m", "reusable-packaging-reduction", "-s", "sample.csv", "--from", "2020-01-01", "--to", "2021-12-31",
       "--data", data, "--factors", factor_set]
run("uncertainty", *cat, *mc, "-o", "life.json")
lu = json.loads((work / "life.json").read_text())
life = {f["factor_id"]: f for f in lu["factors"]}["life:foldable-ibc-1000l-pool"]
assert life["response_nodes"][0] == 0.8 and life["response_nodes"][-1] == 1.2, life["response_nodes"]
assert all(abs(n * 25 - round(n * 25)) < 1e-12 for n in life["response_nodes"]), life["response_nodes"]
lr = life["reduction_response_g"]
assert all(b > a for a, b in zip(lr, lr[1:])), lr
run("statement", *cat, "--customer", CUSTOMER, "--uncertainty", "1000", "-o", "life-st.json", "--format", "json")
assert "life:foldable-ibc-1000l-pool" in json.loads((work / "life-st.json").read_text())["uncertainty"]["method"]["drawn_inputs"]
v = run("verify", work / "life-st.json", "-s", "sample.csv", "--data", data, "--factors", factor_set, ok=False)
assert v.returncode == 0 and "OK" in v.stdout, (v.returncode, v.stdout, v.stderr)

print(f"inputs drawn: loss response {r[0]} ... {r[-1]} g around ER {er0} g; checks {checks}")
