"""End-to-end checks of signatures and the issuance register, with the command.

- `keys generate` makes a key pair, the private key with mode 0600.
- A statement made by `footprint statement` is signed by a preparer and a
  verifier; `signatures verify` passes with both keys trusted (text and
  --json), and the signature checks out with the openssl command alone, over
  the message docs/auditing.md describes.
- It fails (exit 1, the signature's status named) for: the statement edited
  and its digest recomputed (digest-mismatch), a signer whose key is not in
  the trusted list (unknown-key), a changed signature byte (bad-signature),
  and a statement without signatures.
- `register add` records the first quarter and the adjacent second quarter,
  refuses a period overlapping the first quarter naming its digest and period,
  and `register list | show | export` show what was issued.

Usage: signature_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import csv
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

fp, data, factors, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
src = ["--data", data, "--factors", factors]


def run(*args, expect=0):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout + r.stderr


(work / "shipments.csv").write_text("""\
shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance[km],return_distance[km],grid_region,washed
SVC-0001,chem-jiangsu-01,2021-01-09,20,foldable-ibc-1000l-pool,steel-drum-208l-sheet,225.0,225.0,CN-Jiangsu,1
SVC-0002,chem-jiangsu-01,2021-01-18,15,foldable-ibc-1000l-pool,steel-drum-208l-sheet,75.8,69.8,CN-Shanghai,1
SVC-0004,chem-jiangsu-01,2021-02-10,2,foldable-ibc-1000l-pool,steel-drum-208l-sheet,225.0,225.0,CN-Jiangsu,1
SVC-0005,chem-jiangsu-01,2021-03-09,8,foldable-ibc-1000l-pool,steel-drum-208l-sheet,45.0,42.4,CN-Jiangsu,1
SVC-0007,chem-jiangsu-01,2021-04-02,12,foldable-ibc-1000l-pool,steel-drum-208l-sheet,201.4,194.0,CN-Jiangsu,1
SVC-0008,chem-jiangsu-01,2021-05-20,30,foldable-ibc-1000l-pool,steel-drum-208l-sheet,120.0,118.0,CN-Jiangsu,1
SVC-0009,auto-parts-hubei-01,2021-01-30,30,euo-pallet-unit,carton-pallet-load,187.0,183.3,CN-Jilin,0
""")


def statement(name, start, end):
    run("statement", "-m", "reusable-packaging-reduction", *src, "-s", "shipments.csv", "--customer", "chem-jiangsu-01",
        "--from", start, "--to", end, "-o", name, "--format", "json")
    return json.loads((work / name).read_text())


q1 = statement("q1.json", "2021-01-01", "2021-03-31")
q2 = statement("q2.json", "2021-04-01", "2021-06-30")
overlap = statement("mar-apr.json", "2021-03-01", "2021-04-30")

# ---- keys ------------------------------------------------------------------------
out = run("keys", "generate", "--out", "keys", "--name", "operator")
assert "fingerprint  " in out, out
for name in ("auditor", "mallory"):
    run("keys", "generate", "--out", "keys", "--name", name)
assert stat.S_IMODE(os.stat(work / "keys/operator.key.pem").st_mode) == 0o600
run("keys", "generate", "--out", "keys", "--name", "operator", expect=1)  # never replaced
fingerprint = {n: run("keys", "fingerprint", f"keys/{n}.pub.pem").split()[0] for n in ("operator", "auditor", "mallory")}
raw = subprocess.run(["openssl", "pkey", "-pubin", "-in", work / "keys/operator.pub.pem", "-outform", "DER"],
                     capture_output=True, check=True).stdout[-32:]
assert hashlib.sha256(raw).hexdigest() == fingerprint["operator"], "fingerprint is not the SHA-256 of the raw public key"
(work / "trusted.pem").write_text((work / "keys/operator.pub.pem").read_text() + (work / "keys/auditor.pub.pem").read_text())
print("keys: 0600 private key, fingerprint = SHA-256 of the raw public key")

# ---- sign and verify ----------------------------------------------------------------
run("sign", "q1.json", "--key", "keys/operator.key.pem", "--signer", "Operator Ltd", "--role", "preparer",
    "--time", "2026-12-05T02:00:00Z")
out = run("sign", "q1.json", "--key", "keys/auditor.key.pem", "--signer", "Verifier GmbH", "--role", "verifier",
          "--time", "2026-12-06T09:30:00Z")
assert "wrote  q1.sig.json (2 signatures)" in out, out
out = run("signatures", "verify", "q1.json", "--trusted", "trusted.pem")
assert out.startswith("OK   q1.json: 2 signatures, every one valid and from a trusted key\n"), out
report = json.loads(run("signatures", "verify", "q1.json", "--trusted", "trusted.pem", "--json"))
assert report["format"] == "footprint-signature-check/1" and report["ok"] is True, report
assert [s["status"] for s in report["signatures"]] == ["ok", "ok"], report
assert [s["role"] for s in report["signatures"]] == ["preparer", "verifier"], report
assert report["statement_digest"]["computed"] == q1["statement_digest"], report

# The signature with openssl alone, over the message the docs describe.
sigs = json.loads((work / "q1.sig.json").read_text())
assert sigs["format"] == "footprint-signatures/1"
record = dict(sigs["signatures"][0])
signature = bytes.fromhex(record.pop("signature"))
message = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
(work / "message.bin").write_bytes(message)
(work / "signature.bin").write_bytes(signature)
r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "keys/operator.pub.pem", "-rawin",
                    "-in", "message.bin", "-sigfile", "signature.bin"], capture_output=True, text=True, cwd=work)
assert r.returncode == 0 and "Signature Verified Successfully" in r.stdout, (r.stdout, r.stderr)
print("sign: preparer and verifier signatures verify, with footprint and with openssl alone")

# Edited and resealed: the statement's own digest is right, the signatures are not over it.
edited = dict(q1)
edited["totals_g"] = dict(q1["totals_g"], reduction=99000000)
edited.pop("statement_digest")
edited["statement_digest"] = hashlib.sha256(
    json.dumps(edited, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
(work / "edited.json").write_text(json.dumps(edited, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
shutil.copy(work / "q1.sig.json", work / "edited.sig.json")
out = run("signatures", "verify", "edited.json", "--trusted", "trusted.pem", expect=1)
assert out.startswith("FAIL edited.json: 2 of 2 signatures not valid\n"), out
assert out.count("[footprint.signature.digest-mismatch]") == 2, out
report = json.loads(run("signatures", "verify", "edited.json", "--trusted", "trusted.pem", "--json", expect=1))
assert report["ok"] is False and report["statement_digest"]["sealed"] is True, report
assert [s["status"] for s in report["signatures"]] == ["digest-mismatch"] * 2, report
print("edited statement with a recomputed digest: digest-mismatch")

# A key not in the trusted list.
added = json.loads(run("sign", "q1.json", "--key", "keys/mallory.key.pem", "--signer", "Verifier GmbH", "--role",
                        "verifier", "--signatures", "mallory.sig.json", "--json"))
assert added["signatures"] == 1 and added["signature_file"] == "mallory.sig.json", added
assert added["signature"] == json.loads((work / "mallory.sig.json").read_text())["signatures"][0], added
out = run("signatures", "verify", "q1.json", "--trusted", "trusted.pem", "--signatures", "mallory.sig.json", expect=1)
assert "[footprint.signature.unknown-key] key " + fingerprint["mallory"] in out, out
print("untrusted key: unknown-key")

# verify --trusted: the rebuild and the signatures in one command.
verify_args = ["verify", "q1.json", "-s", "shipments.csv", "-m", "reusable-packaging-reduction", *src]
out = run(*verify_args, "--trusted", "trusted.pem")
assert out.startswith("OK   q1.json") and out.count("signature ok ") == 2, out
out = run(*verify_args, "--trusted", "trusted.pem", "--signatures", "mallory.sig.json", expect=1)
assert "signature unknown-key Verifier GmbH" in out and "FAIL q1.json" in out, out
out = run(*verify_args, "--trusted", "trusted.pem", "--signatures", "none.sig.json", expect=1)
assert "[footprint.signature.none]" in out, out
print("verify --trusted: rebuilt and signed by trusted keys passes; an untrusted key or no signature file fails")

# One changed hex digit of a signature.
text = (work / "q1.sig.json").read_text()
sig_hex = json.loads(text)["signatures"][1]["signature"]
flipped = sig_hex[:5] + ("0" if sig_hex[5] != "0" else "1") + sig_hex[6:]
(work / "tampered.sig.json").write_text(text.replace(sig_hex, flipped))
report = json.loads(run("signatures", "verify", "q1.json", "--trusted", "trusted.pem", "--signatures", "tampered.sig.json",
                        "--json", expect=1))
assert [s["status"] for s in report["signatures"]] == ["ok", "bad-signature"], report
out = run("signatures", "verify", "q2.json", "--trusted", "trusted.pem", expect=1)
assert "[footprint.signature.none]" in out, out
print("tampered signature: bad-signature; no signatures: refused")

# ---- the register ---------------------------------------------------------------------
out = run("register", "add", "q1.json", "--register", "register.sqlite", "--trusted", "trusted.pem",
          "--time", "2026-12-06T10:00:00Z")
assert out.startswith("registered q1.json as issuance 1: chem-jiangsu-01 2021-01-01 to 2021-03-31"), out
assert "2 signatures" in out, out
run("register", "add", "q2.json", "--register", "register.sqlite", "--trusted", "trusted.pem", expect=1)  # unsigned
run("register", "add", "edited.json", "--register", "register.sqlite", expect=1)  # signatures over another digest
out = run("register", "add", "q2.json", "--register", "register.sqlite", "--time", "2026-12-06T10:01:00Z")
assert "as issuance 2" in out, out
out = run("register", "add", "mar-apr.json", "--register", "register.sqlite", expect=1)
assert "[footprint.register.overlap]" in out and q1["statement_digest"] in out and "2021-01-01 to 2021-03-31" in out, out
assert q2["statement_digest"] in out and "2021-04-01 to 2021-06-30" in out, out
run("register", "add", "q1.json", "--register", "register.sqlite", expect=1)  # a duplicate

out = run("register", "list", "--register", "register.sqlite")
lines = out.strip().split("\n")
assert len(lines) == 3 and lines[1].split()[:4] == ["1", "chem-jiangsu-01", "2021-01-01", "2021-03-31"], out
assert lines[1].split()[-1] == "preparer,verifier" and lines[2].split()[-1] == "-", out
out = run("register", "show", q1["statement_digest"][:12], "--register", "register.sqlite")
assert f"statement    {q1['statement_digest']}\n" in out and f"issued       {q1['issuable_t']} t" in out, out
assert f"key {fingerprint['auditor']}" in out, out
exported = json.loads(run("register", "export", "--register", "register.sqlite", "--format", "json"))
assert exported["format"] == "footprint-register/1"
assert [i["statement_digest"] for i in exported["issuances"]] == [q1["statement_digest"], q2["statement_digest"]]
assert exported["issuances"][0]["signatures"][1]["key_fingerprint"] == fingerprint["auditor"]
run("register", "export", "--register", "register.sqlite", "--format", "csv", "-o", "register.csv")
rows = list(csv.DictReader(io.StringIO((work / "register.csv").read_text())))
assert [(r["customer"], r["period_from"], r["period_to"], r["issued_t"]) for r in rows] == [
    ("chem-jiangsu-01", "2021-01-01", "2021-03-31", str(q1["issuable_t"])),
    ("chem-jiangsu-01", "2021-04-01", "2021-06-30", str(q2["issuable_t"]))], rows
print("register: overlap refused naming both issued statements, adjacent quarters accepted, list/show/export")
