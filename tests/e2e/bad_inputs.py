"""Bad inputs: every case of tests/data/bad/MANIFEST.tsv, run through the
`footprint` command the build made.

A refused input must exit with status 1 (never a signal or a sanitizer
report), its first problem must be `LOCATION: error [ID]`, and no output file
nor temporary file may be left behind. A quarantined row must be in the
quarantine with its id, line and column, and not in the results. An accepted
input must give its outputs. Every id must be documented in docs/errors.md.
Large and binary inputs are made here rather than committed.

Usage: bad_inputs.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

fp, src, bundled_set, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
bad = src / "tests" / "data" / "bad"
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
documented = set(re.findall(r"^### `(footprint\.[a-z0-9.-]+)`", (src / "docs" / "errors.md").read_text(), re.M))

SHIPMENT_HEADER = ("shipment_id,customer_id,date,units,reusable_product,baseline_product,"
                   "loaded_distance[km],return_distance[km],grid_region,washed\n")
ROW = "S{},chem-jiangsu-01,2023-03-01,10,foldable-ibc-1000l,steel-drum-208l,650.4,666.2,CN-Jiangsu,1\n"
TEN_MB = 10 * 1024 * 1024


def flip(data, marker):
    at = data.index(marker)
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def good_statement():
    """A statement `footprint statement` writes for 20 sample shipments (made once), and those shipments."""
    made = work / "statement-inputs"
    if not made.is_dir():
        made.mkdir()
        subprocess.run([fp, "sample", "--rows", "20", "-o", str(made / "shipments.csv")], check=True, capture_output=True)
        subprocess.run([fp, "statement", "-m", "reusable-packaging-reduction", "-s", str(made / "shipments.csv"),
                        "--customer", "chem-jiangsu-01", "--from", "2020-01-01", "--to", "2021-12-31",
                        "-o", str(made / "good.json"), "--format", "json", "--data", str(src),
                        "--factors", str(bundled_set)], check=True, capture_output=True)
    return (made / "good.json").read_text(encoding="utf-8"), made / "shipments.csv"


def edited_statement(edit):
    import json
    text, _ = good_statement()
    return edit(text, json.loads(text)).encode()


def sample_rows(rows, seed):
    """`footprint sample` shipments, made in a scratch folder."""
    made = work / f"sample-{rows}-{seed}.csv"
    if not made.exists():
        subprocess.run([fp, "sample", "--rows", str(rows), "--seed", str(seed), "-o", str(made)], check=True,
                       capture_output=True)
    return made


def tampered_ledger():
    """A ledger of 20 sample shipments in which one stored row's last byte was changed with SQLite itself,
    its stored SHA-256 left as it was: SQLite's integrity_check sees nothing wrong."""
    import sqlite3
    ledger = work / "tampered-source.sqlite"
    ledger.unlink(missing_ok=True)
    subprocess.run([fp, "ledger", "import", str(sample_rows(20, 20200601)), "--ledger", str(ledger),
                    "-m", "reusable-packaging-reduction", "--data", str(src), "--factors", str(bundled_set)],
                   check=True, capture_output=True)
    db = sqlite3.connect(ledger)
    sid, row = db.execute("SELECT shipment_id, row FROM shipments ORDER BY shipment_id LIMIT 1 OFFSET 4").fetchone()
    db.execute("UPDATE shipments SET row = ? WHERE shipment_id = ?", (row[:-1] + chr(ord(row[-1]) ^ 1), sid))
    db.commit()
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    return ledger.read_bytes()


generated = {
    # yaml-cpp's own depth guard (2000 levels) fires before footprint's walk.
    "very-deep.catalog.yaml": lambda: b"[" * 5000 + b"]" * 5000 + b"\n",
    # A NUL before an 'N' in a name: yaml-cpp would make it a lone 0x85 byte.
    "nul.catalog.yaml": lambda: b"id: x\nname: a\x00Nb\n",
    # 17 MiB: refused while reading, before YAML sees it.
    "too-large.catalog.yaml": lambda: b"id: big\nnotes: " + b"x" * (17 * 1024 * 1024) + b"\n",
    # A 10 MB header line (the CSV record limit is 1 MiB).
    "long-line.shipments.csv": lambda: (b"shipment_id," + b"x" * TEN_MB + b"\n" + ROW.format(1).encode()),
    # A 10 MB row between two good ones: quarantined, reading goes on.
    "long-line-row.shipments.csv": lambda: (SHIPMENT_HEADER + ROW.format(1)).encode() + b"S2," + b"x" * TEN_MB
    + b"\n" + ROW.format(3).encode(),
    # 499 000 unknown keys in 5 MB: 1000 problems listed, the rest counted.
    "many-keys.methodology.yaml": lambda: ("id: x\n" + "".join(f"k{i}: 1\n" for i in range(499000))).encode(),
    # The bundled set cut after its first 32 KiB.
    "truncated.sqlite": lambda: bundled_set.read_bytes()[:32768],
    # One bit of one factor's name changed: SQLite sees nothing wrong, the digest does.
    "flipped-byte.sqlite": lambda: flip(bundled_set.read_bytes(), b"Mains water supply (UK)"),
    # A statement whose total reduction was raised by 1 kg, its recorded digest left as it was.
    "forged-digest.statement.json": lambda: edited_statement(
        lambda t, j: t.replace(f'"reduction": {j["totals_g"]["reduction"]}', f'"reduction": {j["totals_g"]["reduction"] + 1000}', 1)),
    # The first 60 % of a statement.
    "truncated.statement.json": lambda: good_statement()[0].encode()[: len(good_statement()[0].encode()) * 6 // 10],
    # A total beyond a double's range.
    "huge-number.statement.json": lambda: edited_statement(
        lambda t, j: t.replace(f'"reduction": {j["totals_g"]["reduction"]}', '"reduction": 1e400', 1)),
    # A million levels of brackets in the note (reading it recursively would overflow the stack).
    "deep.statement.json": lambda: b'{"note":' + b"[" * 1_000_000 + b"]" * 1_000_000 + b"}",
    # 20 000 sample shipments with the goods' footprint raised to 1e9 kg/L: each row fits in an int64 of
    # grams, their BE sum passes 9.2e18 g at the shipment on line 11 574 (issue 14, bug 1).
    "overflow.shipments.csv": lambda: sample_rows(20000, 3).read_bytes(),
    # A stored row changed behind footprint's back (issue 14, ledger weak spot).
    "tampered.ledger.sqlite": tampered_ledger,
    # JSON, but not a statement.
    "not-a-statement.statement.json": lambda: b'{"format": "footprint-statement/1", "customer": 7}',
}


def run(args, cwd):
    r = subprocess.run([fp, *args], cwd=cwd, capture_output=True)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def leftovers(case, inputs):
    """Files a crashed or careless writer leaves: temporaries (.NAME.tmp-PID) and outputs (out.*)."""
    return sorted(str(p) for d in (case, inputs) for p in d.iterdir()
                  if p.name.startswith(".") or (d == case and p.name.startswith("out")))


failures = []
cases = [line.rstrip("\n").split("\t") for line in (bad / "MANIFEST.tsv").read_text().splitlines()
         if line.strip() and not line.startswith("#")]
for n, (file, command, outcome, eid, location, *extra) in enumerate(cases, 1):
    extra = extra[0].split() if extra else []
    name = file.split(":", 1)[1] if file.startswith("generated:") else Path(file).name
    case = work / f"{n:02d}-{name}"
    inputs = case / "in"
    inputs.mkdir(parents=True)
    target = inputs / name
    if file.startswith("generated:"):
        target.write_bytes(generated[name]())
    else:
        shutil.copy(bad / file, target)
    out = case / "out.csv"
    args = {
        "catalog": ["cfp", "--all", "--data", str(src), "--catalog", str(inputs), "-o", str(case / "out.txt")],
        "factors": ["factors", "build", str(inputs), "-o", str(case / "out.sqlite")],
        "methodology": ["methodology", "check", str(target), "--data", str(src)],
        "compute": ["compute", "-m", "reusable-packaging-reduction", "-s", str(target), "-o", str(out), "--data",
                    str(src), "--factors", str(bundled_set), "-q"],
        "factorset": ["factors", "check", str(target)],
        "verify": ["verify", str(target), "-s", str(good_statement()[1]), "--data", str(src), "--factors",
                   str(bundled_set)] if command == "verify" else [],
    }[command] + extra
    rc, stdout, stderr = run(args, case)
    before = len(failures)
    what = f"{file} ({command}, {outcome} {eid} {location})"

    def fail(msg):
        failures.append(f"{what}: {msg}\n  exit {rc}\n  stderr: {stderr[:2000]}")

    if rc not in (0, 1) or "footprint.internal" in stderr or "Sanitizer" in stderr or "runtime error" in stderr:
        fail("crashed or failed inside footprint")
        print(f"FAIL {what}")
        continue
    if eid != "-" and eid not in documented:
        fail(f"{eid} has no section in docs/errors.md")
    if outcome == "refused":
        problems = [l for l in stderr.splitlines() if ": error [" in l]
        expected = f"{inputs}/{location}: error [{eid}]"
        if rc != 1:
            fail("expected exit status 1")
        elif not problems or not problems[0].startswith(expected):
            fail(f"expected the first problem to start with\n  {expected}")
        elif len(problems) > 1001:
            fail(f"{len(problems)} problems listed: at most 1000 and a count of the rest")
        elif left := leftovers(case, inputs):
            fail(f"files left behind: {left}")
    elif outcome == "quarantined":
        m = re.fullmatch(r"[^:]+:(\d+)(?::(\d+))?", location)
        line, column = m[1], m[2] or ""
        if rc != 0:
            fail("expected exit status 0 (rows quarantined, counts reconcile)")
            print(f"FAIL {what}")
            continue
        with open(case / "out.quarantine.csv", newline="", encoding="utf-8", errors="replace") as f:
            rows = [(r["line"], r["column"], r["error_id"]) for r in csv.DictReader(f)]
        with open(out, newline="", encoding="utf-8") as f:
            computed = {r["line"] for r in csv.DictReader(f)}
        if (line, column, eid) not in rows:
            fail(f"quarantine lacks line {line} column '{column}' {eid}: {rows}")
        elif line in computed:
            fail(f"line {line} is both quarantined and in the results")
        elif [p for p in case.iterdir() if p.name.startswith(".")]:
            fail("a temporary file was left behind")
    elif outcome == "fails-verify":
        if rc != 1 or not stdout.startswith(f"FAIL {target}") or f"[{eid}]" not in stdout:
            fail(f"expected exit status 1 and FAIL naming {eid}; stdout:\n{stdout}")
        elif left := leftovers(case, inputs):
            fail(f"files left behind: {left}")
    elif outcome == "accepted":
        produced = case / ("out.txt" if command == "catalog" else "out.csv")
        if rc != 0 or not produced.is_file() or produced.stat().st_size == 0:
            fail("expected exit status 0 and an output")
    else:
        fail(f"unknown outcome {outcome}")
    print(f"{'FAIL' if len(failures) > before else 'ok  '} {what}")

if failures:
    print("\n\n".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"{len(cases)} bad-input cases behave as the manifest says")
