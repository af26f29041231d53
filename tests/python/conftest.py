"""Shared fixtures for the Python tests.

The suite runs against the package in the build tree without installing it:
CTest (tests/CMakeLists.txt, test python.pytest) sets
  PYTHONPATH            <build>/bindings/python (the footprint package and _core)
  FOOTPRINT_DATA_DIR    the source tree (factors/, methodologies/)
  FOOTPRINT_FACTOR_SET  <build>/footprint-default.sqlite (the set the build made)
  FOOTPRINT_CLI         the footprint command of the same build
Run by hand the same way, e.g.
  PYTHONPATH=build-py/bindings/python FOOTPRINT_DATA_DIR=$PWD \\
  FOOTPRINT_FACTOR_SET=build-py/footprint-default.sqlite FOOTPRINT_CLI=build-py/bindings/cli/footprint \\
  /usr/bin/python3 -m pytest tests/python -q
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import footprint  # noqa: E402

SOURCE_DIR = Path(__file__).resolve().parents[2]
PERIOD = ("2020-06-01", "2021-07-31")


def _required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run the Python tests through CTest (python.pytest) "
                           f"or set it as tests/python/conftest.py says")
    return value


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return SOURCE_DIR


@pytest.fixture(scope="session")
def cli() -> str:
    path = _required_env("FOOTPRINT_CLI")
    assert Path(path).is_file(), path
    return path


@pytest.fixture(scope="session")
def factor_set_path() -> Path:
    return Path(_required_env("FOOTPRINT_FACTOR_SET"))


@pytest.fixture(scope="session")
def run_cli(cli, factor_set_path, source_dir):
    """Runs the footprint command on the same data as the package."""

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [cli, *args]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
        return p

    return run


@pytest.fixture(scope="session")
def data_args(factor_set_path, source_dir):
    return ["--factors", str(factor_set_path), "--data", str(source_dir)]


@pytest.fixture(scope="session")
def plan():
    return footprint.Plan.bind("reusable-packaging-reduction")


@pytest.fixture(scope="session")
def sample_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "shipments.csv"
    footprint.write_sample(path, rows=20000)
    return path


@pytest.fixture(scope="session")
def sample_df():
    return footprint.sample(20000)


@pytest.fixture()
def small_df():
    return footprint.sample(200)
