"""The Python face as a Python user meets it (issue 17): a docstring on every
public name, short informative reprs, ``__all__`` and a clean namespace,
``read_shipments`` with its quarantine, paths wherever a frame is taken, one
return type per function, and errors that name the parameter."""

from __future__ import annotations

import importlib
import inspect
import pydoc
import re
import types
import warnings

import numpy as np
import pandas as pd
import pytest

import footprint

PUBLIC_SUBMODULES = ("factors", "methodology", "montecarlo", "plan", "frame", "statement", "signature",
                     "issuance", "plot", "dask", "statement_montecarlo")

# ---- docstrings -------------------------------------------------------------------------

# pybind11 puts the signature first in a function's __doc__ ("name(self: ...) -> str"),
# even when the binding gives no text: a signature alone is no docstring.
_SIGNATURE_LINE = re.compile(r"^\s*(\d+\.\s*)?\w+\(.*\)( -> .*)?\s*$|^\s*Overloaded function\.\s*$")


def _doc_text(obj) -> str:
    doc = getattr(obj, "__doc__", None)
    if not isinstance(doc, str):
        return ""
    return "\n".join(line for line in doc.splitlines() if not _SIGNATURE_LINE.match(line)).strip()


def _class_doc(cls) -> str:
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str):
        return ""
    # dataclasses and named tuples make "Name(field, ...)" when the class has no docstring
    if re.fullmatch(re.escape(cls.__name__) + r"\(.*\)", doc.strip(), re.S):
        return ""
    return doc.strip()


_BASES = (object, tuple, Exception, BaseException)


def _members(cls):
    """(name, raw attribute) of every public method and property of `cls`, its
    own and inherited from the package's classes (not from object, tuple, ...)."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is None or owner in _BASES or owner.__module__ in ("builtins", "pybind11_builtins"):
            continue
        raw = vars(owner)[name]
        if isinstance(raw, (staticmethod, classmethod)):
            raw = raw.__func__
        if isinstance(raw, property) or callable(raw) or type(raw).__name__ in ("_tuplegetter", "instancemethod"):
            yield name, raw


def _public_modules():
    yield "footprint", footprint
    for name in PUBLIC_SUBMODULES:
        yield f"footprint.{name}", importlib.import_module(f"footprint.{name}")


def _undocumented():
    missing = []
    for modname, mod in _public_modules():
        if not _doc_text(mod):
            missing.append(modname)
        for name in mod.__all__:
            obj = getattr(mod, name)
            where = f"{modname}.{name}"
            if inspect.isclass(obj):
                if not _class_doc(obj):
                    missing.append(where)
                for member, raw in _members(obj):
                    if not _doc_text(raw):
                        missing.append(f"{where}.{member}")
            elif callable(obj) and type(obj).__module__ != "typing" and not _doc_text(obj):
                # (a type alias such as FrameLike is data: typing's objects carry typing's doc)
                missing.append(where)
    return sorted(set(missing))


def test_every_public_name_has_a_docstring():
    missing = _undocumented()
    assert not missing, f"{len(missing)} public names without a docstring: {missing}"


def test_the_docstring_check_can_fail():
    # The check sees what it must see: a pybind11 signature without text, a bare function, a dataclass.
    assert _doc_text(footprint._core.engine.days_from_civil) == ""
    assert _doc_text(footprint.compute) != ""

    def bare(x):
        return x

    assert _doc_text(bare) == ""
    import dataclasses

    @dataclasses.dataclass
    class Bare:
        x: int

    assert _class_doc(Bare) == ""
    assert _class_doc(footprint.Problem) != ""


def test_help_shows_parameters_and_an_example():
    text = pydoc.render_doc(footprint.compute, renderer=pydoc.plaintext)
    for parameter in ("data", "methodology", "plan", "factors", "catalog", "gwp", "overrides", "errors",
                      "extra_columns", "batch_rows"):
        assert f"{parameter}:" in text, parameter
    assert ">>> results = footprint.compute(df" in text
    assert "compute_with_quarantine" in text


# ---- __all__ and the namespace ------------------------------------------------------------

def test_namespace_holds_only_public_names_private_names_and_submodules():
    extra = set(dir(footprint)) - set(footprint.__all__)
    leaked = sorted(n for n in extra if not n.startswith("_")
                    and not isinstance(getattr(footprint, n), types.ModuleType))
    assert leaked == [], leaked
    for name in ("os", "pd", "np", "annotations", "importlib"):
        assert not hasattr(footprint, name), name
    for name in footprint.__all__:
        assert hasattr(footprint, name), name


@pytest.mark.parametrize("name", PUBLIC_SUBMODULES)
def test_public_submodules_declare_all(name):
    mod = importlib.import_module(f"footprint.{name}")
    assert isinstance(mod.__all__, list) and mod.__all__
    for n in mod.__all__:
        assert hasattr(mod, n), f"footprint.{name}.{n}"
    # what the package exports of a submodule is the submodule's own object
    # (footprint.dask has its own compute over Dask DataFrames)
    for n in footprint.__all__:
        if n in mod.__all__ and name != "dask":
            assert getattr(footprint, n) is getattr(mod, n)


# ---- reprs ------------------------------------------------------------------------------

_DEFAULT_REPR = re.compile(r"<footprint\._core\.\S+ object at 0x|object at 0x")


def test_factor_repr_is_short_and_says_what_the_factor_is():
    fs = footprint.FactorSet.open()
    f = fs["ipcc2006.diesel.road.per-tj"]
    # Worked out from the factor's own fields: the value as written with its unit, region, years, source.
    years = str(f.year_first) if f.year_first == f.year_last else f"{f.year_first}-{f.year_last}"
    value = f"{f.value:g} {f.unit}" if f.value else None
    r = repr(f)
    assert r.startswith("Factor('ipcc2006.diesel.road.per-tj', ")
    if value is not None:
        assert f"'ipcc2006.diesel.road.per-tj', {value}, {f.region} {years}, source='{f.source}')" in r
    assert len(r) < 160
    assert repr(fs.info).startswith(f"FactorSetInfo('{fs.name}', '{fs.version}', digest='{fs.digest[:16]}")


def test_a_factor_given_gas_by_gas_shows_its_co2e_under_ar6():
    fs = footprint.FactorSet.open()
    gas_by_gas = [f for f in fs if not f.value and f.gases]
    if not gas_by_gas:
        pytest.fail("the bundled set has no factor given gas by gas to show")
    f = gas_by_gas[0]
    expected = f.kg_co2e_per_activity_unit("AR6")
    m = re.search(r", ([-0-9.e+]+) kg CO2e/(\S+) \(AR6\)", repr(f))
    assert m, repr(f)
    assert float(m.group(1)) == expected and m.group(2) == f.activity_unit


def test_product_and_plan_parts_reprs():
    cat = footprint.Catalog.open()
    p = cat["foldable-ibc-1000l-pool"]
    cap, cap_unit = p.capacity
    tare, tare_unit = p.tare_mass
    assert repr(p) == (f"Product('foldable-ibc-1000l-pool', reusable, {cap:g} {cap_unit}, "
                       f"tare {tare:g} {tare_unit}, {p.design_life_trips} trips)")
    plan = footprint.Plan.bind()
    for x in plan.inputs():
        assert repr(x).startswith(f"MonitoredParameter('{x.name}', {x.type}")
    m = plan.methodology
    assert all(repr(e).startswith(f"Equation('{e.name}', {e.term}, ") for e in m.equations)
    assert all(repr(fp).startswith(f"FixedParameter('{fp.name}', ") for fp in m.fixed)


def test_verify_result_repr(plan, tmp_path):
    df = footprint.sample(300)
    st = footprint.Statement.build(plan, df, customer="chem-jiangsu-01", period=("2020-06-01", "2021-07-31"))
    ok = footprint.verify(st, df)
    assert repr(ok) == "VerifyResult(identical=True, digest_ok=True)"
    changed = df.copy()
    row = int(np.flatnonzero((changed["customer_id"] == "chem-jiangsu-01").to_numpy())[0])
    changed.loc[changed.index[row], "units"] = int(changed["units"].iloc[row]) + 1
    bad = footprint.verify(st, changed)
    r = repr(bad)
    assert r.startswith("VerifyResult(identical=False, digest_ok=True, first_difference=")
    assert f"shipments={len(bad.shipments)}" in r and len(bad.shipments) == 1


def test_signature_and_register_reprs(plan, tmp_path):
    keys = footprint.generate_key(tmp_path / "keys", "operator")
    assert repr(keys) == (f"KeyFiles(private_key='{keys.private_key}', public_key='{keys.public_key}', "
                          f"fingerprint='{keys.fingerprint[:16]}\u2026')")
    st = footprint.Statement.build(plan, footprint.sample(300), customer="chem-jiangsu-01",
                                   period=("2020-06-01", "2021-07-31"))
    path = tmp_path / "chem.json"
    st.save(path, formats=("json",))
    sig = footprint.sign(path, keys.private_key, signer="Operator Ltd", role="preparer",
                         time="2026-01-02T03:04:05Z")
    assert repr(sig) == (f"Signature('Operator Ltd', role='preparer', signed_at='2026-01-02T03:04:05Z', "
                         f"key='{keys.fingerprint[:16]}\u2026')")
    report = footprint.verify_signatures(path, trusted=keys.public_key)
    assert repr(report) == "SignaturesReport(all_valid=True, sealed=True, checks=['ok'])"
    assert repr(report.checks[0]) == "SignatureCheck('ok', signer='Operator Ltd', role='preparer')"
    reg = footprint.Register(tmp_path / "register.sqlite", create=True)
    issued = reg.add(path)
    assert repr(issued) == (f"Issuance(1, 'chem-jiangsu-01', 2020-06-01..2021-07-31, {st.issuable_t} t, "
                            f"'{st.data['methodology']['id']}' {st.data['methodology']['version']}, "
                            f"digest='{st.digest[:16]}\u2026')")


def test_no_public_class_prints_as_a_bare_object(plan, tmp_path, source_dir, factor_set_path):
    # The CCER project classes (footprint.project) on the demo project and 500 sample shipments.
    project = footprint.Project.open(source_dir / "examples" / "projects" / "demo-project.yaml",
                                     factors=factor_set_path, data=source_dir)
    shipments = tmp_path / "shipments.csv"
    footprint.write_sample(shipments, 500)
    report = project.monitoring_report(shipments, period=("2020-06-01", "2020-12-31"))
    fs = footprint.FactorSet.open()
    cat = footprint.Catalog.open()
    df = footprint.sample(50)
    st = footprint.Statement.build(plan, df, customer="chem-jiangsu-01", period=("2020-06-01", "2021-07-31"))
    instances = {
        "Factor": fs["ipcc2006.diesel.road.per-tj"], "FactorSet": fs, "FactorStack": fs.stack(),
        "FactorSetInfo": fs.info, "FactorMatch": fs.lookup("electricity.grid", "CN-Jiangsu", 2023),
        "Methodology": plan.methodology, "Catalog": cat, "Product": cat["foldable-ibc-1000l-pool"],
        "Plan": plan, "Statement": st, "VerifyResult": footprint.verify(st, df),
        "Problem": footprint.Problem("footprint.x", "m"), "Error": footprint.Error(footprint.Problem("footprint.x", "m")),
        "Uncertainty": footprint.uncertainty("foldable-ibc-1000l-pool", 50, seed=1),
        "Computed": footprint.compute_with_quarantine(df, plan=plan),
        "Project": project, "Estimate": footprint.estimate(project), "MonitoringReport": report,
        "ReportVerification": report.verify(project, shipments),
        "StatementUncertainty": footprint.statement_uncertainty(df, plan=plan, customer="chem-jiangsu-01",
                                                                period=("2020-06-01", "2021-07-31"), iterations=50),
    }
    instances["StatementModel"] = instances["StatementUncertainty"].model
    for name in footprint.__all__:
        obj = getattr(footprint, name)
        if inspect.isclass(obj) and name not in ("Register", "RegisterCheck", "Issuance", "ShipmentsRead"):
            assert name in instances, f"no instance of {name} to check"
    for name, x in instances.items():
        r = repr(x)
        assert not _DEFAULT_REPR.search(r), f"{name}: {r}"
        assert len(r) < 400, f"{name}: {len(r)} characters"
    u = instances["Uncertainty"]
    trip = u.summary.loc["trip"]
    assert repr(u) == (f"Uncertainty('foldable-ibc-1000l-pool', 50 iterations, seed=1, per trip: mean "
                       f"{trip['mean']:.6g} kg CO2e, 95 % [{trip['p2_5']:.6g}, {trip['p97_5']:.6g}])")
    assert repr(instances["Computed"]) == ("Computed(results=<DataFrame: 50 rows x "
                                           f"{len(instances['Computed'].results.columns)} columns>, "
                                           "quarantine=<no rejected rows>)")


# ---- read_shipments ---------------------------------------------------------------------

def _small_csv(tmp_path, plan):
    """Eight rows: the sample's first five, and three bad ones: a byte that is
    not UTF-8 (line 3), a negative distance (line 5) and a repeated shipment
    id (line 8). Line 1 is the header."""
    df = footprint.sample(5)
    cols = list(df.columns)
    good = footprint.frame_to_csv(df, header=False).splitlines()
    bad = good[2].split(",")
    bad[cols.index("shipment_id")] = "BAD-1"
    bad[cols.index("reusable_product")] = "PLACEHOLDER"
    neg = good[1].split(",")
    neg[cols.index("shipment_id")] = "NEG-1"
    neg[cols.index("loaded_distance[km]")] = "-3"
    rows = [",".join(cols), good[0], ",".join(bad), good[1], ",".join(neg), good[2], good[3], good[0], good[4]]
    path = tmp_path / "small.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode().replace(b"PLACEHOLDER", b"caf\xe9"))
    return path, df


def test_read_shipments_reads_footprints_csv_with_its_quarantine(tmp_path, plan):
    path, df = _small_csv(tmp_path, plan)
    read = footprint.read_shipments(path, plan=plan)
    assert isinstance(read, footprint.ShipmentsRead)
    shipments, quarantine = read
    # 8 data rows: 5 good ones accepted; the non-UTF-8 row, the negative distance and the repeated id refused.
    assert len(shipments) == 5 and len(quarantine) == 3
    assert shipments.attrs["footprint"] == {"file": str(path), "rows_in": 8, "accepted": 5, "rejected": 3}
    assert list(quarantine["line"]) == [3, 5, 8]
    assert quarantine["error_id"].iloc[0] == "footprint.csv.malformed"
    assert quarantine["error_id"].iloc[1] == "footprint.shipment.negative"
    assert quarantine["field"].iloc[1] == "loaded_distance"
    assert quarantine["shipment_id"].iloc[1] == "NEG-1"
    assert quarantine["error_id"].iloc[2] == "footprint.shipment.duplicate-id"
    assert "\ufffd" in quarantine["record"].iloc[0]      # the bad byte shown, not a crash
    assert list(shipments.index) == [2, 4, 6, 7, 9]      # file lines of the accepted rows
    # the values are the sample's, typed
    assert list(shipments["shipment_id"]) == list(df["shipment_id"])
    assert (shipments["loaded_distance"].to_numpy() == df["loaded_distance[km]"].to_numpy()).all()
    assert (shipments["units"].to_numpy() == df["units"].to_numpy()).all()
    assert (shipments["date"].to_numpy() == df["date"].to_numpy()).all()
    assert shipments["customer_id"].dtype == "category" and shipments["units"].dtype == np.int64


def test_read_shipments_quarantines_the_seeded_defects_of_the_demo_file(tmp_path, plan):
    path = tmp_path / "demo.csv"
    seeded = footprint.write_sample(path, 2000, defects=True)
    shipments, quarantine = footprint.read_shipments(path, plan=plan)
    # Every seeded defect is a rejected row at the line the generator says, with its id; nothing else.
    assert sorted(zip(quarantine["line"], quarantine["error_id"])) == sorted((line, i) for line, i, _ in seeded)
    assert any(i == "footprint.csv.malformed" for _, i, _ in seeded)   # the row that is not UTF-8
    assert len(shipments) + len(quarantine) == shipments.attrs["footprint"]["rows_in"]


def test_read_shipments_refuses_a_header_that_does_not_fit(tmp_path, plan):
    path = tmp_path / "h.csv"
    path.write_text("shipment_id,customer_id,date\nS1,c,2020-01-01\n")
    with pytest.raises(footprint.Error) as e:
        footprint.read_shipments(path, plan=plan)
    assert "footprint.shipment.missing-column" in e.value.ids
    with pytest.raises(TypeError, match="path must be a file path"):
        footprint.read_shipments(footprint.sample(3), plan=plan)


# ---- paths wherever a frame is taken -------------------------------------------------------

def test_compute_of_a_path_equals_compute_of_its_frame_and_the_command(tmp_path, plan, run_cli, data_args):
    path = tmp_path / "clean.csv"
    footprint.write_sample(path, 3000)
    by_path = footprint.compute(path, plan=plan)
    by_frame = footprint.compute(footprint.read_shipments(path, plan=plan).shipments, plan=plan)
    assert by_path.equals(by_frame)
    assert list(by_path.index) == list(range(2, 3002))
    out = tmp_path / "r.csv"
    run_cli("compute", "-m", "reusable-packaging-reduction", "-s", str(path), "-o", str(out), "-q", *data_args)
    cli = pd.read_csv(out)
    amounts = [c for c in cli.columns if c.endswith("_g")]
    assert (by_path[amounts].to_numpy() == cli[amounts].to_numpy()).all()
    assert footprint.sweep(path, "annual_loss", [0.02, 0.15], plan=plan).equals(
        footprint.sweep(footprint.read_shipments(path, plan=plan).shipments, "annual_loss", [0.02, 0.15], plan=plan))


def test_compute_of_a_path_with_bad_rows(tmp_path, plan):
    path, _ = _small_csv(tmp_path, plan)
    with pytest.raises(footprint.Error) as e:
        footprint.compute(path, plan=plan)
    assert e.value.ids == ["footprint.csv.malformed", "footprint.shipment.negative", "footprint.shipment.duplicate-id"]
    assert [p.line for p in e.value.problems] == [3, 5, 8] and e.value.problems[0].file == str(path)
    results, quarantine = footprint.compute_with_quarantine(path, plan=plan)
    assert len(results) == 5 and list(quarantine["line"]) == [3, 5, 8]
    assert results.attrs["footprint"]["rows_in"] == 8 and results.attrs["footprint"]["rejected"] == 3


def test_explain_a_path_reads_it_with_the_library(tmp_path, plan):
    path, df = _small_csv(tmp_path, plan)
    sid = df["shipment_id"].iloc[2]
    text = footprint.explain(path, sid, plan=plan)
    assert text.startswith(f"Shipment {sid} ({path}, line 6)\n")
    assert text.split("\n", 1)[1] == footprint.explain(df, sid, plan=plan).split("\n", 1)[1]
    with pytest.raises(footprint.Error) as e:
        footprint.explain(path, "NEG-1", plan=plan)
    assert e.value.id == "footprint.shipment.negative" and e.value.problems[0].line == 5


# ---- one return type per function ----------------------------------------------------------

def test_compute_returns_a_frame_and_compute_with_quarantine_a_named_tuple(plan, tmp_path):
    bad = footprint.sample(300, defects=True)
    got = footprint.compute_with_quarantine(bad, plan=plan)
    assert isinstance(got, footprint.Computed) and isinstance(got.results, pd.DataFrame)
    assert len(got.results) + len(got.quarantine) == len(bad)
    # The same rows as a file, read by the library: every seeded defect in the quarantine at its line
    # (pd.read_csv, behind sample(defects=True), decodes the non-UTF-8 row with replacement and pads
    # the short row, so the frame cannot show those two as the file does).
    path = tmp_path / "bad.csv"
    seeded = footprint.write_sample(path, 300, defects=True)
    results, quarantine = footprint.compute_with_quarantine(path, plan=plan)
    assert list(zip(quarantine["line"], quarantine["error_id"])) == [(line, i) for line, i, _ in seeded]
    assert len(results) + len(quarantine) == 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(footprint.compute(footprint.sample(20), plan=plan), pd.DataFrame)


def test_the_old_quarantine_flag_still_works_and_warns(plan):
    bad = footprint.sample(300, defects=True)
    with pytest.warns(DeprecationWarning, match=r'compute\(\.\.\., errors="quarantine"\) is deprecated; use '
                                                r'footprint\.compute_with_quarantine'):
        old = footprint.compute(bad, plan=plan, errors="quarantine")
    new = footprint.compute_with_quarantine(bad, plan=plan)
    assert type(old) is tuple and len(old) == 2
    assert old[0].equals(new.results) and old[1].equals(new.quarantine)


# ---- errors that name the parameter ----------------------------------------------------------

def test_an_override_that_is_not_a_number_is_named():
    with pytest.raises(footprint.Error) as e:
        footprint.Plan.bind(overrides={"loss_rate": "lots", "annual_loss": 0.1, "cycles_per_year": [8]})
    assert e.value.ids == ["footprint.plan.override-value", "footprint.plan.override-value"]
    first = e.value.problems[0]
    assert first.field == "loss_rate" and first.found == "lots"
    assert "a number for loss_rate" in first.expected and "loss_rate" in str(e.value)
    assert e.value.problems[1].field == "cycles_per_year" and e.value.problems[1].found == "[8]"
    with pytest.raises(footprint.Error) as e:                # NaN is a number out of any range: the library's
        footprint.Plan.bind(overrides={"annual_loss": float("nan")})
    assert e.value.id == "footprint.plan.override-range" and e.value.problems[0].field == "annual_loss"
    with pytest.raises(footprint.Error) as e:
        footprint.compute(footprint.sample(5), overrides={"loss_rate": "lots"})
    assert e.value.problems[0].field == "loss_rate"
    # a number written as text is read as the command reads --set
    assert footprint.Plan.bind(overrides={"annual_loss": "0.15"}).overrides == {"annual_loss": 0.15}
    with pytest.raises(TypeError, match="overrides: expected a dict"):
        footprint.Plan.bind(overrides=[("annual_loss", 0.15)])


def test_cfp_takes_a_product_as_the_docs_suggest():
    cat = footprint.Catalog.open()
    by_object = footprint.cfp(cat["foldable-ibc-1000l-pool"], per="unit")
    by_id = footprint.cfp("foldable-ibc-1000l-pool", per="unit")
    assert by_object.equals(by_id) and by_object.attrs == by_id.attrs
    assert footprint.pact(cat["steel-drum-208l"], company_name="Acme", exempted_percent="2",
                          company_ids=["urn:pact:acme.example:company-id:1"], created="2026-01-01T00:00:00Z") == \
        footprint.pact("steel-drum-208l", company_name="Acme", exempted_percent="2",
                       company_ids=["urn:pact:acme.example:company-id:1"], created="2026-01-01T00:00:00Z")
    with pytest.raises(TypeError, match=r"product: expected a catalog product id \(str"):
        footprint.cfp(42)
