"""Issue 15 from Python: the statement guard rails the command applies (same
error ids), overrides checked against the methodology's ranges, and the
signature and issuance-register bindings, checked against the command."""

from __future__ import annotations

import json
import math
import stat

import pytest

import footprint

CUSTOMER = "chem-jiangsu-01"
Q1 = ("2021-01-01", "2021-03-31")
Q2 = ("2021-04-01", "2021-06-30")


@pytest.fixture(scope="module")
def shipments(tmp_path_factory):
    path = tmp_path_factory.mktemp("guard") / "shipments.csv"
    path.write_text("""\
shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance[km],return_distance[km],grid_region,washed
SVC-0001,chem-jiangsu-01,2021-01-09,20,foldable-ibc-1000l-pool,steel-drum-208l-sheet,225.0,225.0,CN-Jiangsu,1
SVC-0002,chem-jiangsu-01,2021-01-18,15,foldable-ibc-1000l-pool,steel-drum-208l-sheet,75.8,69.8,CN-Shanghai,1
SVC-0007,chem-jiangsu-01,2021-04-02,12,foldable-ibc-1000l-pool,steel-drum-208l-sheet,201.4,194.0,CN-Jiangsu,1
SVC-0009,auto-parts-hubei-01,2021-01-30,30,euo-pallet-unit,carton-pallet-load,187.0,183.3,CN-Jilin,0
""")
    return path


# ---- guard rails ---------------------------------------------------------------------
def test_a_reversed_period_is_refused_before_anything_is_read(plan, shipments):
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build(plan, shipments, customer=CUSTOMER, period=("2021-06-30", "2021-01-01"))
    assert e.value.id == "footprint.statement.period"
    p = e.value.problems[0]
    assert p.field == "period[1]" and p.found == "2021-01-01" and "period[0] (2021-06-30)" in p.expected


def test_an_unknown_customer_is_refused(plan, shipments):
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build(plan, shipments, customer="nobody", period=Q1)
    assert e.value.id == "footprint.statement.unknown-customer"
    assert e.value.problems[0].found == "nobody" and e.value.problems[0].field == "customer"


def test_an_empty_period_is_refused_unless_asked_for(plan, shipments):
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build(plan, shipments, customer=CUSTOMER, period=("2022-01-01", "2022-12-31"))
    assert e.value.id == "footprint.statement.empty-period"
    assert "allow_empty=True" in e.value.problems[0].expected
    empty = footprint.Statement.build(plan, shipments, customer=CUSTOMER, period=("2022-01-01", "2022-12-31"),
                                      allow_empty=True)
    assert empty.shipments == 0 and empty.totals_g["reduction"] == 0 and empty.issuable_t == 0
    # All customers: those without shipments in the period are left out; none at all is refused.
    q2 = footprint.Statement.build_all(plan, shipments, period=Q2)
    assert list(q2) == [CUSTOMER]
    assert sorted(footprint.Statement.build_all(plan, shipments, period=Q2, allow_empty=True)) == \
        ["auto-parts-hubei-01", CUSTOMER]
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build_all(plan, shipments, period=("2022-01-01", "2022-12-31"))
    assert e.value.id == "footprint.statement.empty-period"


def test_an_input_without_accepted_shipments_is_refused(plan, tmp_path):
    path = tmp_path / "none.csv"
    path.write_text("shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance[km],"
                    "return_distance[km],grid_region,washed\n"
                    "X-1,chem-jiangsu-01,2021-01-09,0,foldable-ibc-1000l-pool,steel-drum-208l-sheet,225,225,CN-Jiangsu,1\n")
    # Units 0 is outside the column's range [1, 100000]: the only row is rejected.
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build_all(plan, path, period=Q1)
    assert e.value.id == "footprint.statement.no-customers"
    with pytest.raises(footprint.Error) as e:
        footprint.Statement.build(plan, path, customer=CUSTOMER, period=Q1)
    assert e.value.id == "footprint.statement.unknown-customer"


def test_the_command_refuses_the_same(run_cli, data_args, shipments, tmp_path):
    for args, error_id in ((["--customer", "nobody", "--from", Q1[0], "--to", Q1[1]], "unknown-customer"),
                           (["--customer", CUSTOMER, "--from", "2021-06-30", "--to", "2021-01-01"], "period"),
                           (["--customer", CUSTOMER, "--from", "2022-01-01", "--to", "2022-12-31"], "empty-period")):
        r = run_cli("statement", "-m", "reusable-packaging-reduction", "-s", str(shipments), *args,
                    "-o", str(tmp_path / "s.json"), *data_args, check=False)
        assert r.returncode == 1 and f"[footprint.statement.{error_id}]" in r.stderr, r.stderr
        assert not (tmp_path / "s.json").exists()


# ---- override ranges -------------------------------------------------------------------
def test_overrides_outside_their_range_are_refused_every_one():
    with pytest.raises(footprint.Error) as e:
        footprint.Plan.bind("reusable-packaging-reduction",
                            overrides={"annual_loss": -0.5, "cycles_per_year": 0, "damage_share_project": math.nan})
    assert e.value.ids == ["footprint.plan.override-range"] * 3
    by_field = {p.field: p for p in e.value.problems}
    assert "annual_loss=-0.5 is outside the range [0, 0.99]" in by_field["annual_loss"].message
    assert "cycles_per_year=0 is outside the range [1, 365]" in by_field["cycles_per_year"].message
    assert by_field["damage_share_project"].found == "nan"
    with pytest.raises(footprint.Error, match=r"annual_loss=10 is outside the range \[0, 0\.99\]"):
        footprint.Plan.bind("reusable-packaging-reduction").rebind(annual_loss=10)
    # The ends are inside.
    assert footprint.Plan.bind("reusable-packaging-reduction", overrides={"annual_loss": 0.99}).overrides == {"annual_loss": 0.99}


def test_a_methodology_exposes_its_ranges():
    m = footprint.Methodology.find("reusable-packaging-reduction")
    assert m.version == "2.2.0"
    old = footprint.Methodology.find("reusable-packaging-reduction@2.1.0")
    assert old.digest == "199d6966822b7d3967774bbf14776b585a78eeb1b8399a36a78cddae8605d3e4"


# ---- signatures ------------------------------------------------------------------------
@pytest.fixture()
def signed(plan, shipments, tmp_path):
    st = footprint.Statement.build(plan, shipments, customer=CUSTOMER, period=Q1)
    st.save(tmp_path / "q1.json", formats=["json"])
    operator = footprint.generate_key(tmp_path / "keys", "operator")
    auditor = footprint.generate_key(tmp_path / "keys", "auditor")
    return st, tmp_path / "q1.json", operator, auditor


def test_keys_sign_and_verify(signed, tmp_path, run_cli):
    st, path, operator, auditor = signed
    assert stat.S_IMODE(operator.private_key.stat().st_mode) == 0o600
    assert len(operator.fingerprint) == 64 and footprint.key_fingerprint(operator.public_key) == operator.fingerprint
    # The command computes the same fingerprint.
    assert run_cli("keys", "fingerprint", str(operator.public_key)).stdout.split()[0] == operator.fingerprint
    s1 = footprint.sign(path, operator.private_key, signer="Operator Ltd", role="preparer", time="2026-12-05T06:00:00Z")
    s2 = footprint.sign(path, auditor.private_key, signer="Verifier GmbH", role="verifier")
    assert s1.statement_digest == st.digest and s1.role == "preparer" and s1.key_fingerprint == operator.fingerprint
    assert s1.signed_at == "2026-12-05T06:00:00Z" and len(s1.signature) == 128
    on_file = json.loads((tmp_path / "q1.sig.json").read_text())["signatures"]
    assert [s["signer"] for s in on_file] == ["Operator Ltd", "Verifier GmbH"]
    report = footprint.verify_signatures(path, [operator.public_key, auditor.public_key])
    assert report.all_valid and report.sealed and [c.status for c in report.checks] == ["ok", "ok"]
    # The command agrees.
    (tmp_path / "trusted.pem").write_text(operator.public_key.read_text() + auditor.public_key.read_text())
    r = run_cli("signatures", "verify", str(path), "--trusted", str(tmp_path / "trusted.pem"), "--json")
    assert json.loads(r.stdout)["ok"] is True


def test_a_key_not_trusted_and_an_edited_statement_fail(signed, tmp_path):
    st, path, operator, auditor = signed
    footprint.sign(path, operator.private_key, signer="Operator Ltd", role="preparer")
    report = footprint.verify_signatures(path, auditor.public_key)
    assert not report.all_valid and [c.status for c in report.checks] == ["unknown-key"]
    assert report.checks[0].error_id == "footprint.signature.unknown-key"
    # Edited after it was signed (1000 t more): the content no longer hashes to the digest signed.
    edited = footprint.Statement(path.read_text().replace(f'"issuable_t": {st.issuable_t},',
                                                          f'"issuable_t": {st.issuable_t + 1000},'))
    assert edited.json != st.json
    report = footprint.verify_signatures(edited, operator.public_key, signatures=tmp_path / "q1.sig.json")
    assert not report.all_valid and not report.sealed
    with pytest.raises(footprint.Error) as e:
        footprint.sign(path, operator.private_key, signer="Operator Ltd", role="owner")
    assert e.value.id == "footprint.signature.role"
    with pytest.raises(ValueError, match="signatures="):
        footprint.sign(st, operator.private_key, signer="Operator Ltd", role="preparer")


# ---- the issuance register --------------------------------------------------------------
def test_register_add_list_show_check(plan, shipments, signed, tmp_path, run_cli):
    st, path, operator, auditor = signed
    footprint.sign(path, operator.private_key, signer="Operator Ltd", role="preparer")
    reg = footprint.Register(tmp_path / "reg.sqlite", create=True)
    i = reg.add(path, recorded_at="2026-12-05T06:01:00Z")
    assert i.number == 1 and i.statement_digest == st.digest and i.customer == CUSTOMER
    assert (i.period_from, i.period_to) == Q1 and i.methodology_version == "2.2.0"
    assert i.issued_t == st.issuable_t and i.reduction_g == st.totals_g["reduction"]
    assert [(s.role, s.signer) for s in i.signatures] == [("preparer", "Operator Ltd")]
    assert len(reg) == 1 and reg.list()[0].statement_digest == st.digest and reg.list("nobody") == []
    assert reg.show(st.digest[:10]).number == 1 and reg.show(st).number == 1 and reg.show(path).number == 1
    assert reg.to_frame()["issued_t"].tolist() == [st.issuable_t]
    # The command reads the same register.
    listed = json.loads(run_cli("register", "list", "--register", str(tmp_path / "reg.sqlite"), "--json").stdout)
    assert json.loads(i.json()) == listed["issuances"][0]
    check = reg.check(path)
    assert check.ok and check.issued.number == 1 and check.problems == []
    # An overlapping period is refused, naming the statement issued.
    lossy = footprint.Statement.build(plan.rebind(annual_loss=0.15), shipments, customer=CUSTOMER, period=Q1)
    with pytest.raises(footprint.Error) as e:
        reg.add(lossy)
    assert e.value.id == "footprint.register.overlap" and st.digest in str(e.value)
    check = reg.check(lossy)
    assert not check.ok and [p.id for p in check.problems] == ["footprint.register.not-issued"]
    assert [o.statement_digest for o in check.overlapping] == [st.digest]
    with pytest.raises(footprint.Error) as e:
        footprint.Register(tmp_path / "missing.sqlite")
    assert e.value.id == "footprint.register.missing"
