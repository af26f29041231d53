"""Clears the outputs of notebooks before they are committed (the test suite
checks that they are clear): /usr/bin/python3 examples/notebooks/strip_outputs.py [NOTEBOOK...]
Without arguments, every notebook in this directory."""

import sys
from pathlib import Path

import nbformat


def strip(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path(__file__).parent.glob("*.ipynb"))
    for p in paths:
        strip(p)
        print(f"cleared {p}")
