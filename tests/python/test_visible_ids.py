"""Ids and text values with control, invisible or direction-control characters
are quarantined in frames with the id and message CSV ingest uses
(footprint.shipment.invisible-character; issue 14's id policy), so a value is
refused the same way whether it comes from a file or a DataFrame.
"""
from __future__ import annotations

import footprint


def test_zero_width_and_bidi_characters_are_quarantined(plan, small_df):
    df = small_df.head(4).copy()
    df["shipment_id"] = df["shipment_id"].astype(str)
    df["customer_id"] = df["customer_id"].astype(str)
    df.loc[df.index[1], "shipment_id"] = df.loc[df.index[1], "shipment_id"] + "\u200b"  # zero-width space
    df.loc[df.index[2], "customer_id"] = "chem-\u202ejiangsu-01"                          # right-to-left override
    results, quarantine = footprint.compute_with_quarantine(df, plan=plan)
    assert len(results) == 2 and len(quarantine) == 2
    assert set(quarantine["error_id"]) == {"footprint.shipment.invisible-character"}
    by_field = dict(zip(quarantine["field"], quarantine["message"]))
    # "chem-" is 5 bytes, so the override starts at byte 6, as the CSV quarantine says
    assert by_field["customer_id"] == "control or invisible character at byte 6"
    assert "shipment_id" in by_field
