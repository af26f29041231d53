"""footprint.pact: the PACT ProductFootprint from Python equals the command's
(docs/interchange.md) and validates against the test schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import footprint

SCHEMA = Path(__file__).resolve().parents[2] / "tests" / "data" / "pact" / "productfootprint-3.0.checks.schema.json"
OWNER = dict(company_name="Test Packaging Co", company_ids=["urn:pact:test.example:company-id:1"])


def test_pact_steel_drum():
    pf = footprint.pact("steel-drum-208l", exempted_percent="1", created="2026-01-01T00:00:00Z", **OWNER)
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(pf)
    # 18.1 kg steel x worldsteel 1.91 t CO2/t = 34.571 kg CO2e, cradle to gate (no production items).
    assert pf["pcf"]["pcfExcludingBiogenicUptake"] == "34.571"
    # The same inputs, the same id; created does not enter it.
    again = footprint.pact("steel-drum-208l", exempted_percent="1", **OWNER)
    assert again["id"] == pf["id"]


def test_pact_refusals_name_the_field():
    with pytest.raises(footprint.Error) as e:
        footprint.pact("steel-drum-208l", company_name="", company_ids=["not-a-urn"], exempted_percent="1")
    text = str(e.value)
    assert "company_name" in text and "company_ids" in text
    with pytest.raises(footprint.Error, match="footprint.pact.exempted-unknown"):
        footprint.pact("steel-drum-208l", **OWNER)
    with pytest.raises(TypeError, match="company_ids"):
        footprint.pact("steel-drum-208l", company_name="A", company_ids="urn:pact:a:b:c")
