"""End-to-end checks of the command's manners (docs/cli.md).

1. `footprint help`, `footprint help compute` exit 0 and show the commands
   and the flags; `help nosuch` exits 2.
2. "Did you mean": `compute --shipmnts` exits 2 naming `--shipments` (not
   "--shipments is required"); `footprint statment` suggests `statement`;
   `methodology chek` suggests `check`.
3. `--json` of every command that reports something, parsed with json.loads
   from the whole of standard output, with values worked out independently:
   - compute on examples/cases/ibc-vs-drums: 3 rows (counted in the file),
     and totals equal to the sums of the case's expected.csv (each row worked
     by hand in examples/cases/README.md);
   - compute on a sample with seeded defects: accepted + rejected = the rows
     of the file (counted with the csv module), rejected = the 12 defects
     `sample --defects` lists, and the quarantine holds those 12 lines;
   - ledger import of the same file: same counts, the file's SHA-256 as
     hashlib computes it; imported again, every row is a duplicate;
   - statement --all-customers from the ledger over the whole sample
     period: the shipments of the statements add up to compute's accepted
     rows and their ER to compute's ER (two paths to the same grams);
     verify --json of one is ok; explain --json of IBC-1 has the ER of
     expected.csv; methodology list/check, project check, estimate,
     monitoring-report, project verify, cfp and factors show agree with
     each other and with the files they name.
4. `compute -s - -o - < shipments.csv | head` gives head a correct prefix of
   the results; footprint ends by SIGPIPE (or 0 if it had finished) with
   nothing on standard error and no file left behind in its folder.
5. The progress line is absent when standard error is not a terminal, and
   present on a pseudo-terminal (pty): percentage, rate, time left, erased at
   the end, redrawn at most 5 times a second (draws counted against the
   run's own duration, measured here: no time limit).

Usage: cli_manners_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import csv
import hashlib
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

fp, src, factors, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
data = ["--data", str(src), "--factors", factors]
common = ["-m", "reusable-packaging-reduction", *data]
case = src / "examples" / "cases" / "ibc-vs-drums"
case_common = ["-m", "reusable-packaging-reduction@1.0.0", *data]  # the version the cases were worked with


def run(*args, expect=0, cwd=work):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=cwd)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r


def run_json(*args, expect=0):
    r = run(*args, "--json", expect=expect)
    return json.loads(r.stdout)  # the whole of standard output is one JSON object


def csv_rows(path):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        return list(csv.DictReader(f))


# ---- 1. help ------------------------------------------------------------------
r = run("help")
for command in ("compute", "statement", "verify", "ledger", "methodology", "help"):
    assert re.search(rf"^\s+{command}\b", r.stdout, re.M), (command, r.stdout)
r = run("help", "compute")
for flag in ("--shipments", "--output", "--methodology", "--json", "--quarantine"):
    assert flag in r.stdout, (flag, r.stdout)
assert "footprint compute" in r.stdout
assert "--json" in run("help", "methodology", "check").stdout
r = run("help", "nosuch", expect=2)
assert "unknown command nosuch" in r.stderr and r.stdout == "", r.stderr
assert "did you mean statement?" in run("help", "statment", expect=2).stderr
print("help: ok")

# ---- 2. did you mean --------------------------------------------------------------
r = run("compute", "--shipmnts", "x.csv", "-o", "out.csv", *common, expect=2)
assert "unknown option --shipmnts; did you mean --shipments?" in r.stderr, r.stderr
assert "is required" not in r.stderr, r.stderr
# Everything else given: CLI11 would have said "not expected"; a swap of two letters is one edit.
r = run("compute", "-s", case / "shipments.csv", "-o", "out.csv", "--quiet", "--jsno", *common, expect=2)
assert "unknown option --jsno; did you mean --json?" in r.stderr, r.stderr
r = run("compute", "-s", case / "shipments.csv", "-o", "out.csv", "--frobnicate", *common, expect=2)
assert "unknown option --frobnicate\n" in r.stderr, r.stderr  # nothing near enough: no guess
assert not (work / "out.csv").exists()
assert "unknown command statment; did you mean statement?" in run("statment", expect=2).stderr
assert "unknown command chek; did you mean check?" in run("methodology", "chek", expect=2).stderr
print("did you mean: ok")

# ---- 3. --json ------------------------------------------------------------------------
# 3a. The worked case: 3 rows; totals = sums of expected.csv.
expected = csv_rows(case / "expected.csv")
rows_in = len(csv_rows(case / "shipments.csv"))
assert rows_in == 3
c = run_json("compute", *case_common, "-s", case / "shipments.csv", "-o", work / "case.csv")
assert c["format"] == "footprint-compute/1" and c["ok"] is True
assert (c["rows_in"], c["accepted"], c["rejected"]) == (rows_in, 3, 0), c
want = {k: sum(int(e[col]) for e in expected)
        for k, col in (("baseline", "BE_g"), ("project", "PE_g"), ("leakage", "LE_g"), ("reduction", "ER_g"))}
assert c["totals_g"] == want, (c["totals_g"], want)
assert c["methodology"]["id"] == "reusable-packaging-reduction" and c["methodology"]["version"] == "1.0.0"
assert len(c["factor_sets"]) == 1 and len(c["factor_sets"][0]["digest"]) == 64
assert [r["ER_g"] for r in csv_rows(work / "case.csv")] == [e["ER_g"] for e in expected]
assert c["results"] == str(work / "case.csv") and Path(c["quarantine"]).exists()
r = run("compute", *common, "-s", case / "shipments.csv", "-o", "-", "--json", expect=2)
assert r.stdout == "" and "--json" in r.stderr

# 3b. Seeded defects.
defects = work / "defects.csv"
listing = run("sample", "--rows", "2000", "--defects", "-o", defects).stdout
seeded = {int(m) for m in re.findall(r"^line (\d+): \S+", listing, re.M)}
assert len(seeded) == 12, listing
rows_in = len(csv_rows(defects))
assert rows_in == 2000
d = run_json("compute", *common, "-s", defects, "-o", work / "defects-results.csv")
assert d["rows_in"] == rows_in and d["accepted"] + d["rejected"] == rows_in, d
assert d["rejected"] == 12 and d["rejected_by_validation"] + d["rejected_by_plan"] == 12, d
assert {int(q["line"]) for q in csv_rows(d["quarantine"])} == seeded
assert sum(int(x["ER_g"]) for x in csv_rows(d["results"])) == d["totals_g"]["reduction"]

# 3c. ledger import.
ledger = work / "ledger.sqlite"
li = run_json("ledger", "import", defects, "--ledger", ledger, *common)
assert li["format"] == "footprint-ledger-import/1" and li["ok"] is True and li["batch"] == 1
assert li["file_sha256"] == hashlib.sha256(defects.read_bytes()).hexdigest()
assert (li["rows_in"], li["accepted"], li["rejected"]) == (2000, 2000 - 12, 12), li
assert li["ledger_shipments"] == 2000 - 12 and li["file_seen_before"] is False
assert len(csv_rows(li["quarantine"])) == 12
again = run_json("ledger", "import", defects, "--ledger", ledger, *common)
assert again["file_seen_before"] is True and again["batch"] == 2
assert (again["accepted"], again["rejected"], again["ledger_shipments"]) == (0, 2000, 2000 - 12), again

# 3d. statement, verify, explain.
st = run_json("statement", *common, "-s", ledger, "--all-customers", "--from", "2020-06-01", "--to", "2021-07-31",
              "-o", work / "statements", "--format", "json")
assert st["format"] == "footprint-statement-run/1" and len(st["statements"]) == 3, st
assert sum(s["shipments"] for s in st["statements"]) == d["accepted"]
assert sum(s["totals_g"]["reduction"] for s in st["statements"]) == d["totals_g"]["reduction"]
first = st["statements"][0]
on_disk = json.loads(Path(first["files"][0]).read_text())
assert on_disk["statement_digest"] == first["statement_digest"]
v = run_json("verify", first["files"][0], "-s", ledger, *data)
assert v["format"] == "footprint-verify/1" and v["ok"] is True and v["identical"] is True
e = run_json("explain", *case_common, "-s", case / "shipments.csv", "--shipment", "IBC-1")
assert e["totals_g"]["reduction"] == int(expected[0]["ER_g"]) and e["input"]["line"] == 2, e["totals_g"]

# 3e. methodology list / check.
ml = run_json("methodology", "list", "--data", src)
digest = {m["id"]: m["digest"] for m in ml["methodologies"]}
assert digest["reusable-packaging-reduction"] == d["methodology"]["digest"] and len(d["methodology"]["digest"]) == 64
mc = run_json("methodology", "check", "--data", src)
assert mc["ok"] is True and {m["id"] for m in mc["methodologies"]} == set(digest)
assert all(m["digest"] == digest[m["id"]] and m["equations"] > 0 for m in mc["methodologies"])
broken = work / "broken.yaml"
broken.write_text("id: broken\nversion: 1.0.0\n")
mb = run_json("methodology", "check", broken, "reusable-packaging-reduction", "--data", src, expect=1)
assert mb["ok"] is False and [m["ok"] for m in mb["methodologies"]] == [False, True], mb
assert mb["methodologies"][0]["problems"] and all(p["id"].startswith("footprint.") for p in mb["methodologies"][0]["problems"])
assert mb["methodologies"][0]["problems"][0]["file"].endswith("broken.yaml")

# 3f. The project commands, on examples/projects/demo-project.yaml.
project = src / "examples" / "projects" / "demo-project.yaml"
text = project.read_text()
pc = run_json("project", "check", "-p", project, *data)
assert pc["id"] == re.search(r"^id: (\S+)", text, re.M)[1]
assert pc["customers"] == len(re.findall(r"^  - id: ", text, re.M))
assert pc["pooled_units"] == sum(int(n) for n in re.findall(r"^    pool_size: (\d+)", text, re.M))
assert pc["crediting_period"]["from"] == "2020-06-01"
es = run_json("estimate", "-p", project, "-o", work / "estimate", "--format", "json", *data)
assert es["files"] == [str(work / "estimate" / "estimate.json")] and es["project"] == pc["id"]
assert json.loads((work / "estimate" / "estimate.json").read_text())["project"]["id"] == pc["id"]
mr = run_json("monitoring-report", "-p", project, "-s", ledger, "--from", "2020-06-01", "--to", "2020-12-31",
              "-o", work / "report", "--format", "json", *data)
report = work / "report" / "monitoring-report.json"
assert str(report) in mr["files"] and json.loads(report.read_text())["report_digest"] == mr["report_digest"]
assert len(mr["statements"]) == 3
pv = run_json("project", "verify", report, "-p", project, "-s", ledger, *data)
assert pv["ok"] is True and pv["report_digest"]["recorded"] == mr["report_digest"]

# 3g. cfp and factors (formats of their own, docs/catalog.md and docs/factors.md).
cfp = run_json("cfp", "steel-drum-208l", *data)
assert cfp["product"]["id"] == "steel-drum-208l"
assert sum(s["g_co2e"] for s in cfp["per_unit"]["stages"]) == cfp["per_unit"]["total_g_co2e"]
factor_id = cfp["per_unit"]["stages"][0]["items"][0]["factor"]["id"]
fs = run_json("factors", "show", factor_id, "--factors", factors)
assert factor_id in json.dumps(fs)
print("json: ok (compute, ledger import, statement, verify, explain, methodology list/check, project check/verify, "
      "estimate, monitoring-report, cfp, factors show)")

# ---- 4. a pipe closed early --------------------------------------------------------------
big = work / "big.csv"
run("sample", "--rows", "20000", "-o", big)
piped = work / "piped"
piped.mkdir()
with open(big, "rb") as stdin:
    p1 = subprocess.Popen([fp, "compute", *common, "-s", "-", "-o", "-"], stdin=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=piped)
    p2 = subprocess.Popen(["head", "-n", "5"], stdin=p1.stdout, stdout=subprocess.PIPE)
    p1.stdout.close()
    head_out = p2.communicate()[0].decode()
    err = p1.stderr.read().decode()
    p1.wait()
lines = head_out.splitlines()
assert len(lines) == 5 and lines[0].startswith("shipment_id,customer_id,date,line,BE_g"), lines
full = run("compute", *common, "-s", big, "-o", work / "big-results.csv", "--quiet")
assert (work / "big-results.csv").read_text().splitlines()[:5] == lines
# 20 000 result rows are far more than a pipe holds: footprint is still writing when head leaves.
assert p1.returncode == -signal.SIGPIPE, (p1.returncode, err)
assert err == "", err
assert list(piped.iterdir()) == [], list(piped.iterdir())  # no quarantine, no temporary file
print(f"pipe: head got 5 lines; footprint ended by SIGPIPE, nothing left behind")

# `-` as the shipments of statement, verify and explain (standard input), and as a statement's output:
# the same bytes as from the file.
small = work / "small.csv"
run("sample", "--rows", "500", "-o", small)
period = ["--customer", "chem-jiangsu-01", "--from", "2020-01-01", "--to", "2021-12-31", "--format", "json"]


def with_stdin(*args):
    with open(small, "rb") as stdin:
        r = subprocess.run([fp, *map(str, args)], stdin=stdin, capture_output=True, cwd=work)
    assert r.returncode == 0, (args, r.returncode, r.stderr.decode())
    return r.stdout.decode()


run("statement", *common, "-s", small, *period, "-o", work / "from-file.json")
with_stdin("statement", *common, "-s", "-", *period, "-o", work / "from-stdin.json")
assert (work / "from-stdin.json").read_bytes() == (work / "from-file.json").read_bytes()
assert with_stdin("statement", *common, "-s", "-", *period, "-o", "-") == (work / "from-file.json").read_text()
assert with_stdin("verify", work / "from-file.json", "-s", "-", *data).startswith("OK")
shipment = csv_rows(small)[3]["shipment_id"]
# The first line names the input as given: "(-, line 5)" instead of "(small.csv, line 5)".
assert with_stdin("explain", *common, "-s", "-", "--shipment", shipment).replace("(-, line", "(small.csv, line") == \
    run("explain", *common, "-s", "small.csv", "--shipment", shipment).stdout
r = run("statement", *common, "-s", small, *period, "-o", "-", "--json", expect=2)  # both would be on stdout
assert "--json prints to standard output" in r.stderr, r.stderr
print("stdin: statement, verify and explain read '-' as the file; statement -o - prints only the statement")

# ---- 5. progress line ------------------------------------------------------------------------
many = work / "many.csv"
run("sample", "--rows", "300000", "-o", many)
r = run("compute", *common, "-s", many, "-o", work / "many-results.csv")
assert "\r" not in r.stderr and "rows/s" not in r.stderr, r.stderr  # stderr is a pipe here
assert "rows in      300000" in r.stdout


def on_pty(*args):
    """Runs footprint with standard error on a pseudo-terminal; returns (what it drew, seconds, stdout)."""
    master, slave = pty.openpty()
    start = time.monotonic()
    p = subprocess.Popen([fp, *map(str, args)], stdout=subprocess.PIPE, stderr=slave, cwd=work)
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    out = p.stdout.read().decode()
    p.wait()
    seconds = time.monotonic() - start
    os.close(master)
    assert p.returncode == 0, (args, p.returncode, drawn)
    return drawn.decode(), seconds, out


drawn, seconds, out = on_pty("compute", *common, "-s", many, "-o", work / "many-results.csv")
draws = drawn.count("\rcompute ")
assert draws >= 1, repr(drawn)
assert draws <= 5 * seconds + 2, (draws, seconds)  # at most one draw per 200 ms, plus the first
assert re.search(r"\rcompute +\d+%  \d+ rows, \d+ rejected  \d+ rows/s  \d+:\d\d left\x1b\[K", drawn), repr(drawn)
assert drawn.endswith("\r\x1b[K"), repr(drawn[-40:])  # erased at the end
assert "rows in      300000" in out
print(f"progress: compute drew {draws} times in {seconds:.2f} s on a terminal, none on a pipe")
drawn, _, _ = on_pty("compute", *common, "-s", many, "-o", work / "more.json", "--json")
assert drawn == "", repr(drawn)  # never with --json
drawn, seconds, _ = on_pty("ledger", "import", many, "--ledger", work / "pty.sqlite", *common)
draws = drawn.count("\rledger import ")
assert draws >= 1 and draws <= 5 * seconds + 2 and "%" in drawn and drawn.endswith("\r\x1b[K"), repr(drawn)
drawn, seconds, _ = on_pty("statement", *common, "-s", many, "--all-customers", "--from", "2020-06-01", "--to",
                           "2021-07-31", "-o", work / "pty-statements", "--format", "json")
draws = drawn.count("\rstatement ")
assert draws >= 1 and draws <= 5 * seconds + 2 and "%" in drawn and drawn.endswith("\r\x1b[K"), repr(drawn)
# demo (one line per step) and uncertainty (one line per reading of the shipments: the statement, then
# the coefficient pass, named "N factors" or "coefficients") show it too.
drawn, _, _ = on_pty("demo", "--rows", "20000", "-o", work / "pty-demo", *data)
for step in ("demo: ledger import", "demo: compute", "demo: statements"):
    assert f"\r{step} " in drawn, (step, repr(drawn[:400]))
drawn, _, _ = on_pty("uncertainty", *common, "-s", many, "--customer", "chem-jiangsu-01", "--from", "2020-06-01",
                     "--to", "2021-07-31", "-n", "100")
assert "\runcertainty: statement " in drawn, repr(drawn[:400])
assert re.search("\runcertainty: (\\d+ factors|coefficients) ", drawn), repr(drawn[-400:])
assert drawn.endswith("\r\x1b[K"), repr(drawn[-40:])
print("cli manners: ok")
