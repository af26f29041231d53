"""Seed corpora for the fuzz targets, made from the real files.

Usage: make_corpus.py SOURCE_DIR OUT_DIR FOOTPRINT TARGET...

For each TARGET (a fuzz_NAME executable's NAME) writes OUT_DIR/NAME/ with the
committed seeds of tests/fuzz/seeds/NAME/ and, for the targets listed in
`from_data` below, inputs taken from the bundled data: YAML files as they are,
the expressions and unit strings inside them, shipment CSV written by
`footprint sample`, factor sets built by `footprint factors build`
and statements written by `footprint statement`
(re-packed with 512-byte pages so that the fuzzer mutates a small file).
A new target needs no entry here; it gets its committed seeds, if any.
"""
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

src, out, fp, targets = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4:]


def walk(node, keys):
    """Every string value under one of `keys`, anywhere in a YAML document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys and isinstance(v, str):
                yield v
            yield from walk(v, keys)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, keys)


def strings(files, keys):
    found = []
    for f in files:
        found += [s for s in walk(yaml.safe_load(f.read_text(encoding="utf-8")), keys) if s not in found]
    return found


def copy_files(files, dest):
    for f in files:
        shutil.copy(f, dest / f.name)


def write_texts(texts, dest):
    for i, t in enumerate(texts):
        (dest / f"data-{i:03d}.txt").write_text(t, encoding="utf-8")


def sample_csv(dest):
    for name, args in {"plain": ["--rows", "25", "--seed", "1"], "other-seed": ["--rows", "25", "--seed", "2"],
                       "defects": ["--rows", "60", "--defects"]}.items():
        subprocess.run([fp, "sample", *args, "-o", str(dest / f"{name}.csv")], check=True, capture_output=True)


def small_set(dest, work):
    """The bundled set and a set of two factors, each re-packed with 512-byte pages."""
    small = work / "small-factors"
    small.mkdir(parents=True, exist_ok=True)
    (small / "regions.yaml").write_text("regions:\n  - {id: GB, name: United Kingdom, parent: GLO}\n")
    shutil.copy(src / "factors" / "water.yaml", small / "water.yaml")
    for name, factors in {"bundled": src / "factors", "small": small}.items():
        target = dest / f"{name}.sqlite"
        subprocess.run([fp, "factors", "build", str(factors), "-o", str(target), "--name", name], check=True,
                       capture_output=True)
        db = sqlite3.connect(target)
        db.execute("PRAGMA page_size = 512")
        db.execute("VACUUM")
        db.close()


def statements(dest, work):
    """Statements `footprint statement` writes for the customers of a small sample, over the bundled set."""
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([fp, "sample", "--rows", "40", "--seed", "3", "-o", str(work / "s.csv")], check=True, capture_output=True)
    subprocess.run([fp, "factors", "build", str(src / "factors"), "-o", str(work / "set.sqlite")], check=True,
                   capture_output=True)
    subprocess.run([fp, "statement", "-m", str(src / "methodologies" / "reusable-packaging-reduction.yaml"),
                    "--factors", str(work / "set.sqlite"), "-s", str(work / "s.csv"), "--all-customers",
                    "--from", "2020-01-01", "--to", "2021-12-31", "-o", str(dest), "--format", "json"],
                   check=True, capture_output=True)


methodologies = sorted((src / "methodologies").glob("*.yaml"))
catalog = sorted((src / "methodologies" / "catalog").glob("*.yaml"))
factors = sorted((src / "factors").glob("*.yaml"))
from_data = {
    "unit": lambda d: write_texts(strings(factors, {"unit", "activity_unit"}) + strings(catalog, {"quantity", "capacity"}), d),
    "expression": lambda d: write_texts(strings(methodologies, {"expr", "check", "limit"}), d),
    "methodology": lambda d: copy_files(methodologies, d),
    "catalog": lambda d: copy_files(catalog, d),
    "factor_yaml": lambda d: copy_files(factors, d),
    "shipments": sample_csv,
    "compute": sample_csv,
    "factor_set": lambda d: small_set(d, out / ".work"),
    "statement": lambda d: statements(d, out / ".work" / "statement"),
}

for name in targets:
    dest = out / name
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    committed = src / "tests" / "fuzz" / "seeds" / name
    if committed.is_dir():
        copy_files(sorted(p for p in committed.iterdir() if p.is_file()), dest)
    if name in from_data:
        from_data[name](dest)
    print(f"{name}: {sum(1 for _ in dest.iterdir())} seeds")
shutil.rmtree(out / ".work", ignore_errors=True)
