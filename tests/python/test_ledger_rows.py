"""A byte changed inside a stored ledger row is found when the ledger is read
(issue 14 weak spot: it passed SQLite's integrity_check, and a statement
built from it verified OK)."""

from __future__ import annotations

import sqlite3

import pytest

import footprint

PERIOD = ("2020-06-01", "2021-07-31")


@pytest.fixture()
def ledger(run_cli, data_args, tmp_path):
    csv = tmp_path / "shipments.csv"
    footprint.write_sample(csv, rows=50)
    path = tmp_path / "ledger.sqlite"
    run_cli("ledger", "import", str(csv), "--ledger", str(path), "-m", "reusable-packaging-reduction", *data_args)
    return path, csv


def test_an_untouched_ledger_gives_the_csv_statements(plan, ledger):
    path, csv = ledger
    from_ledger = footprint.Statement.build_all(plan, path, period=PERIOD)
    from_csv = footprint.Statement.build_all(plan, csv, period=PERIOD)
    assert {c: s.json for c, s in from_ledger.items()} == {c: s.json for c, s in from_csv.items()}


def test_a_changed_byte_in_a_stored_row_is_refused_naming_the_shipment(plan, ledger):
    path, _ = ledger
    with sqlite3.connect(path) as db:
        sid, row = db.execute("SELECT shipment_id, row FROM shipments ORDER BY shipment_id LIMIT 1 OFFSET 7").fetchone()
        fields = row.split(",")
        fields[3] = str(int(fields[3]) + 1)  # one more unit: a plausible edit
        db.execute("UPDATE shipments SET row = ? WHERE shipment_id = ?", (",".join(fields), sid))
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build_all(plan, path, period=PERIOD)
    p = e.value.problems[0]
    assert (p.id, p.shipment, p.field) == ("footprint.ledger.tampered", sid, "row")
    assert p.file == str(path)
