"""Writes demo-loss-record.csv, the demo project's loss record: a GENERATED
SAMPLE, like the demo's shipments (libfootprint/src/ingest/sample_data.cpp),
not the asset register of any real operator.

For each reusable product of examples/projects/demo-project.yaml and each
month of the demo's ledger (June 2020 - July 2021), the units written off are
drawn around what the methodology's annual_loss (0.02 in
reusable-packaging-reduction 2.1.0) gives for the product's pool:
lambda = pool x 0.02 x days of the month / 365.25, and the count is
lambda + sqrt(lambda) x z rounded to a whole unit, z standard normal (the
normal approximation of a Poisson count, lambda being 290 to 1 100), from a
fixed seed so that the file is the same on every machine.

Usage: make_demo_loss_record.py [OUTPUT]   (default: demo-loss-record.csv beside this script)
"""
import calendar
import math
import random
import sys
from pathlib import Path

POOLS = {"foldable-ibc-1000l-pool": 172551, "euo-pallet-unit": 646261, "foldable-pallet-box-pool": 227210}
ANNUAL_LOSS = 0.02
SEED = 20200601


def rows():
    rng = random.Random(SEED)
    year, month = 2020, 6
    for _ in range(14):
        days = calendar.monthrange(year, month)[1]
        for product, pool in POOLS.items():
            lam = pool * ANNUAL_LOSS * days / 365.25
            yield f"{year:04}-{month:02}", product, max(0, round(lam + math.sqrt(lam) * rng.gauss(0.0, 1.0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("demo-loss-record.csv")
    text = "month,reusable_product,units_written_off\n" + "".join(f"{m},{p},{n}\n" for m, p, n in rows())
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
