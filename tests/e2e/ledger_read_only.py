"""A ledger in a folder its reader may not write into can be read (issue 14
weak spot): an auditor's copy on a read-only mount, or a ledger handed over
with mode 444 in a 555 folder. It used to fail with "attempt to write a
readonly database": SQLite reads a WAL-mode file only through a shared-memory
file it makes beside it.

Two fixes, each checked here by reading as the unprivileged user `nobody`
(root may write into any folder, so the test needs root to drop to nobody and
is skipped, exit 77, without it):
- an import leaves the ledger as one file in rollback-journal mode (bytes 18
  and 19 of the SQLite header are 1, not 2; no -wal or -shm file beside it);
- a ledger left in WAL mode by an older footprint (header 2) and no `-wal`
  file, in a folder the reader may not write, is opened as immutable.
Both readings must give the statement root gets from the same ledger, byte
for byte.

Usage: ledger_read_only.py FOOTPRINT DATA_DIR FACTOR_SET
"""
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

fp, data, factors = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if os.geteuid() != 0 or shutil.which("setpriv") is None:
    print("skipped: needs root and setpriv to read as nobody")
    sys.exit(77)

# Everything nobody reads is copied into a folder nobody can traverse: the
# build and source trees may sit under a folder only root can enter.
work = Path(tempfile.mkdtemp(prefix="footprint-ro-"))
try:
    os.chmod(work, 0o755)
    cli = work / "footprint"
    shutil.copy(fp, cli)
    os.chmod(cli, 0o755)
    for sub in ("factors", "methodologies"):
        shutil.copytree(data / sub, work / "data" / sub)
    shutil.copy(factors, work / "factor-set.sqlite")
    for root, dirs, files in os.walk(work):
        for d in dirs:
            os.chmod(Path(root) / d, 0o755)
        for f in files:
            os.chmod(Path(root) / f, os.stat(Path(root) / f).st_mode | 0o444)
    common = ["-m", "reusable-packaging-reduction", "--data", str(work / "data"),
              "--factors", str(work / "factor-set.sqlite")]

    shipments = work / "shipments.csv"
    r = subprocess.run([str(cli), "sample", "--rows", "3000", "--seed", "11", "-o", str(shipments)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr

    def import_into(folder):
        folder.mkdir()
        ledger = folder / "ledger.sqlite"
        r = subprocess.run([str(cli), "ledger", "import", str(shipments), "--ledger", str(ledger), *common],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        return ledger

    def statement(ledger, out, as_nobody):
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if as_nobody else []
        r = subprocess.run(prefix + [str(cli), "statement", "-s", str(ledger), "--customer", "chem-jiangsu-01",
                                     "--from", "2021-01-01", "--to", "2021-12-31", "--format", "json",
                                     "-o", str(out), *common], capture_output=True, text=True)
        assert r.returncode == 0, (as_nobody, r.stdout + r.stderr)
        return out.read_bytes()

    def make_read_only(folder):
        for f in folder.iterdir():
            os.chmod(f, 0o444)
        os.chmod(folder, 0o555)

    outputs = work / "out"
    outputs.mkdir(mode=0o777)
    os.chmod(outputs, 0o777)

    # 1. An import leaves one file in rollback-journal mode.
    ledger = import_into(work / "settled")
    header = ledger.read_bytes()[:20]
    assert (header[18], header[19]) == (1, 1), f"journal mode bytes {header[18]}, {header[19]}: still WAL"
    assert sorted(p.name for p in ledger.parent.iterdir()) == ["ledger.sqlite"], list(ledger.parent.iterdir())
    expected = statement(ledger, outputs / "root.json", as_nobody=False)
    make_read_only(ledger.parent)
    got = statement(ledger, outputs / "nobody.json", as_nobody=True)
    assert got == expected, "nobody's statement from the read-only ledger differs from root's"

    # 2. A ledger an older footprint left in WAL mode (no -wal file once closed).
    legacy = import_into(work / "legacy")
    with sqlite3.connect(legacy) as db:
        assert db.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    db.close()
    header = legacy.read_bytes()[:20]
    assert (header[18], header[19]) == (2, 2), (header[18], header[19])
    assert not Path(str(legacy) + "-wal").exists()
    make_read_only(legacy.parent)
    got = statement(legacy, outputs / "nobody-legacy.json", as_nobody=True)
    assert got == expected, "nobody's statement from the read-only WAL ledger differs from root's"
    print("ledger: read-only ledgers read by nobody, rollback and WAL, statements identical to root's")
finally:
    for root, dirs, files in os.walk(work):
        os.chmod(root, 0o755)
    shutil.rmtree(work, ignore_errors=True)
