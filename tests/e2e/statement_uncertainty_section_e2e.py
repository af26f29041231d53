"""`footprint statement --uncertainty`: the uncertainty section in the statement
of record (footprint-statement/3), rebuilt by `verify` (issue 16).

On 3 000 sample shipments, all three customers in one command (one coefficient
pass for all), N = 4 000, seed 11, quantile 0.1:
(a) Second path: `footprint uncertainty --json` for one customer with the same
    seed, N and quantile (its own pass, its own statement) gives the same ER
    summary, P(ER > 0), ER and whole tonnes at the quantile, and the same
    Spearman rho per factor, to the bit (the section writes each double as the
    shortest text that reads back to it).
(b) verify: OK on each format-3 statement; after one figure of the section is
    edited AND the digest recomputed here (SHA-256 of the canonical JSON without
    statement_digest: sorted keys, no spaces, UTF-8), FAIL naming the edited
    /uncertainty/... path: the rebuild catches it, not the digest; edited
    without recomputing, FAIL on the digest.
(c) --threads 1 and 2 give the same statement bytes.
(d) The section is purely additive: the format-3 statement without it, with
    format set back to /2, is field for field the statement built without
    --uncertainty, which stays footprint-statement/2 (byte identity with the
    previous release is checked by the statements on record in tests/data).
(e) The HTML has the inline SVG tornado (no script); its first bar (the widest
    of the 10 first factors by |rho|) ends at ER0 + c_f (q - 1), worked out
    here from the section's model: c_f the factor's ER grams per unit
    multiplier, q its multiplier's 2.5 % and 97.5 % quantiles: lognormal
    q = exp(sigma z), z = -/+1.959964 (Phi^-1(0.975)); triangular and uniform
    by their inverse CDF.
(f) A customer with rows only outside the period still gets a statement
    (--allow-empty) whose section says there is nothing to draw; it verifies.

Usage: statement_uncertainty_section_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import copy
import csv
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

fp, src, factor_set, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
N, SEED, Q = 4000, 11, 0.1


def run(*args, ok=True):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work)
    if ok:
        assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


run("sample", "--rows", "3000", "-o", "sample.csv")
# (f): one more customer whose only shipment is after the period.
with open(work / "sample.csv", newline="") as f:
    rows = list(csv.reader(f))
late = list(rows[1])
late[0], late[1], late[2] = "S9999999999", "late-customer-01", "2022-06-01"
with open(work / "shipments.csv", "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows + [late])

base = ["-m", "reusable-packaging-reduction", "-s", "shipments.csv", "--from", "2020-01-01", "--to", "2021-12-31",
        "--data", src, "--factors", factor_set]
mc = ["--uncertainty", N, "--seed", SEED, "--quantile", Q]
run("statement", *base, "--all-customers", "--allow-empty", "-o", "t1", *mc, "--threads", "1")
run("statement", *base, "--all-customers", "--allow-empty", "-o", "t2", *mc, "--threads", "2",
    "--format", "json,html")
run("statement", *base, "--all-customers", "--allow-empty", "-o", "plain", "--format", "json")
customers = ["appliance-anhui-01", "auto-parts-hubei-01", "chem-jiangsu-01"]

# ---- (c) threads ----------------------------------------------------------------------------
for c in customers + ["late-customer-01"]:
    assert (work / "t1" / f"{c}.json").read_bytes() == (work / "t2" / f"{c}.json").read_bytes(), c
docs = {c: json.loads((work / "t1" / f"{c}.json").read_text()) for c in customers}
for c, d in docs.items():
    assert d["format"] == "footprint-statement/3", d["format"]
    assert "threads" not in json.dumps(d["uncertainty"]["method"])

# ---- (a) second path: `footprint uncertainty` ---------------------------------------------------
for c in ["appliance-anhui-01", "chem-jiangsu-01"]:
    u = json.loads(run("uncertainty", *base, "--customer", c, "-n", N, "--seed", SEED, "--quantile", Q,
                       "--json").stdout)
    s = docs[c]["uncertainty"]
    res = s["results"]
    for k, v in u["reduction_t"].items():
        assert float(res["reduction_t"][k]) == v, (c, k, res["reduction_t"][k], v)
    for k in ["baseline_t", "project_t"]:
        assert float(res[k]["mean"]) == u[k]["mean"], (c, k)
    assert float(res["probability_reduction_positive"]) == u["probability_reduction_positive"]
    assert float(res["reduction_at_quantile_t"]) == u["reduction_at_quantile_t"]
    assert res["issuable_at_quantile_t"] == u["issuable_at_quantile_t"]
    assert [f["factor_id"] for f in s["sensitivity"]] == [f["factor_id"] for f in u["factors"]], c
    for a, b in zip(s["sensitivity"], u["factors"]):
        assert float(a["spearman_reduction"]) == b["spearman_reduction"], (c, a, b)
        assert float(a["variance_share"]) == b["variance_share"], (c, a, b)
    coeff = {f["factor_id"]: f["g_per_unit_multiplier"]["reduction"] for f in s["model"]["factors"]}
    assert coeff == {f["factor_id"]: f["reduction_g_per_unit"] for f in u["factors"]}, c
    assert s["model"]["reduction_g"] == docs[c]["totals_g"]["reduction"]
    # The deterministic issuance is untouched by the section.
    assert docs[c]["issuable_t"] == max(docs[c]["totals_g"]["reduction"], 0) // 1000000

# ---- (b) verify -----------------------------------------------------------------------------------


def verify(path, *extra):
    return run("verify", path, "-s", "shipments.csv", "--data", src, "--factors", factor_set, *extra, ok=False)


for c in customers + ["late-customer-01"]:
    r = verify(f"t1/{c}.json", "--threads", "2")
    assert r.returncode == 0 and r.stdout.startswith("OK"), (c, r.stdout, r.stderr)


def digest(doc):
    body = {k: v for k, v in doc.items() if k != "statement_digest"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode()).hexdigest()


chem = docs["chem-jiangsu-01"]
assert digest(chem) == chem["statement_digest"]  # the digest recipe is the statement's
edited = copy.deepcopy(chem)
edited["uncertainty"]["results"]["reduction_t"]["p2_5"] = "1.5"
edited["statement_digest"] = digest(edited)
(work / "resealed.json").write_text(json.dumps(edited, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
r = verify("resealed.json")
assert r.returncode != 0 and r.stdout.startswith("FAIL"), r.stdout
assert "footprint.verify.digest" not in r.stdout, r.stdout
assert "first differing field /uncertainty/results/reduction_t/p2_5" in r.stdout, r.stdout
edited = copy.deepcopy(chem)
edited["uncertainty"]["sensitivity"][0]["reduction_at_p97_5_t"] = "1"
(work / "unsealed.json").write_text(json.dumps(edited, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
r = verify("unsealed.json")
assert r.returncode != 0 and "[footprint.verify.digest]" in r.stdout, r.stdout
assert "/uncertainty/sensitivity/0/reduction_at_p97_5_t" in r.stdout, r.stdout

# ---- (d) additive; format 2 without --uncertainty -----------------------------------------------
for c in customers + ["late-customer-01"]:
    plain = json.loads((work / "plain" / f"{c}.json").read_text())
    assert plain["format"] == "footprint-statement/2" and "uncertainty" not in plain
    three = json.loads((work / "t1" / f"{c}.json").read_text())
    del three["uncertainty"], three["statement_digest"], plain["statement_digest"]
    three["format"] = "footprint-statement/2"
    assert three == plain, c

# ---- (e) the tornado --------------------------------------------------------------------------------
Z = 1.959963984540054


def multiplier_at(d, p):
    if d["shape"] == "lognormal":
        return math.exp(float(d["sigma"]) * (Z if p > 0.5 else -Z))
    if d["shape"] == "normal":
        return 1 + float(d["sigma"]) * (Z if p > 0.5 else -Z)
    lo, mode, hi = float(d["low"]), float(d["mode"]), float(d["high"])
    if d["shape"] == "uniform":
        return lo + (hi - lo) * p
    c = (mode - lo) / (hi - lo)  # triangular inverse CDF
    return lo + math.sqrt(p * (hi - lo) * (mode - lo)) if p < c else hi - math.sqrt((1 - p) * (hi - lo) * (hi - mode))


checked = 0
for c in ["appliance-anhui-01", "chem-jiangsu-01"]:
    html = (work / "t2" / f"{c}.html").read_text()
    assert "<script" not in html and 'id="tornado-chart"' in html
    svg = html[html.index('<svg id="tornado-chart"'):]
    svg = svg[:svg.index("</svg>")]
    bars = re.findall(r'<g class="tornado-bar" data-factor="([^"]+)" data-er-p2-5-t="([^"]+)" data-er-p97-5-t="([^"]+)"',
                      svg)
    s = docs[c]["uncertainty"]
    assert 1 <= len(bars) <= 10 and len(bars) == min(10, len(s["sensitivity"]))
    model = {f["factor_id"]: f for f in s["model"]["factors"]}
    er0 = s["model"]["reduction_g"]
    ends = {}
    for f in s["sensitivity"][:10]:
        m = model[f["factor_id"]]
        cf = m["g_per_unit_multiplier"]["reduction"]
        ends[f["factor_id"]] = tuple((er0 + cf * (multiplier_at(m["distribution"], p) - 1)) / 1e6 for p in (0.025, 0.975))
    widest = max(ends, key=lambda k: abs(ends[k][1] - ends[k][0]))
    fid, low, high = bars[0]
    assert fid == widest, (fid, widest)
    assert math.isclose(float(low), ends[fid][0], rel_tol=1e-12, abs_tol=1e-9), (low, ends[fid])
    assert math.isclose(float(high), ends[fid][1], rel_tol=1e-12, abs_tol=1e-9), (high, ends[fid])
    widths = [abs(float(h) - float(l)) for _, l, h in bars]
    assert widths == sorted(widths, reverse=True), widths
    share = next(f for f in s["sensitivity"] if f["factor_id"] == fid)["variance_share"]
    assert f"{100 * float(share):.1f} %" in svg
    checked += 1
zh = run("statement", *base, "--customer", "appliance-anhui-01", "-o", "zh.json", *mc, "--format", "html",
         "--lang", "zh")
assert "确定程度" in (work / "zh.html").read_text()

# ---- (f) no shipments in the period ------------------------------------------------------------------
late_doc = json.loads((work / "t1" / "late-customer-01.json").read_text())
assert late_doc["shipments"] == 0 and late_doc["format"] == "footprint-statement/3"
assert "nothing to draw" in late_doc["uncertainty"]["note"], late_doc["uncertainty"]
assert "results" not in late_doc["uncertainty"]

print(f"section checked against `footprint uncertainty`, verify and {checked} tornado charts")
