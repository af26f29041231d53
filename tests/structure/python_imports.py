#!/usr/bin/env python3
"""Python layers: each module of the `footprint` package imports only downward.

The pure-Python package (bindings/python/footprint/) is layered like the
library (docs/python.md, "Package layers"): a module may import the compiled
core, the standard library, third-party packages and the package's modules of
lower layers, never one of a higher layer. No import may sit inside a function
either: an import hidden in a function is how a cycle gets dodged instead of
fixed (and an optional dependency is loaded by loading its module, as
`footprint.plot` and `footprint.dask` are).

    python_imports.py PACKAGE_DIR   scan the package, exit 1 naming file:line
    python_imports.py --self-test   only the check of the checker

Every run first checks the checker on fabricated modules (an upward import and
an import inside a function it must report, a downward import it must accept),
so a broken scan cannot pass silently.
"""
import ast
import os
import sys

# The layers, lowest first. A new module goes here, in its place.
LAYERS = ["_core", "_errors", "_data", "_document", "_html", "factors", "methodology", "montecarlo", "plan", "frame", "statement",
          "statement_montecarlo", "signature", "issuance", "project", "plot", "dask", "_deprecated", "__init__"]
RANK = {name: i for i, name in enumerate(LAYERS)}
PACKAGE = "footprint"

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def imported_modules(node):
    """The package modules an import statement names (relative or `footprint.x`)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
        return [n.split(".")[1] if n.count(".") >= 1 else "__init__" for n in names
                if n == PACKAGE or n.startswith(PACKAGE + ".")]
    if node.level == 0:
        module = node.module or ""
        if module == PACKAGE:
            return [a.name for a in node.names]
        if module.startswith(PACKAGE + "."):
            return [module.split(".")[1]]
        return []
    if node.level == 1:
        if node.module:
            return [node.module.split(".")[0]]
        return [a.name for a in node.names]  # from . import x
    return []


def check(files):
    """files: {module file name: source}. Returns a list of 'file:line: message'."""
    problems = []
    for name in sorted(files):
        module = name[:-3]
        if module not in RANK:
            problems.append(f"{name}:1: module '{module}' is not in the layer order of {os.path.basename(__file__)}")
            continue
        tree = ast.parse(files[name], filename=name)
        parents = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            up = parents.get(node)
            while up is not None and not isinstance(up, FUNCTIONS):
                up = parents.get(up)
            if up is not None:
                problems.append(f"{name}:{node.lineno}: import inside function '{getattr(up, 'name', 'lambda')}' "
                                f"(import at the top of the module, from a lower layer)")
            for target in imported_modules(node):
                if target not in RANK:
                    continue  # a name from __init__, or a module the package does not have: Python says so
                if RANK[target] > RANK[module]:
                    problems.append(f"{name}:{node.lineno}: '{module}' imports '{target}', a higher layer "
                                    f"(layers, lowest first: {' < '.join(LAYERS)})")
    return problems


def self_test():
    fabricated = {
        "plan.py": "from __future__ import annotations\nfrom .methodology import Methodology\n"
                   "from .statement import Statement\n",
        "methodology.py": "import os\n\n\ndef check():\n    from .plan import Plan\n    return Plan\n",
        "frame.py": "from . import _core, plan\nimport footprint.factors\n",
        "dask.py": "import dask\nfrom footprint import statement\n",
    }
    got = check(fabricated)
    expected = ["methodology.py:5: import inside function 'check'", "methodology.py:5: 'methodology' imports 'plan'",
                "plan.py:3: 'plan' imports 'statement'"]
    ok = len(got) == len(expected) and all(g.startswith(e) for g, e in zip(got, expected))
    if not ok:
        print("python_imports.py: the self-test failed; expected:", *expected, "got:", *got, sep="\n  ")
    return ok


def main(argv):
    if not self_test():
        return 2
    if argv[1:] == ["--self-test"]:
        print("python_imports.py: self-test passed")
        return 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    root = argv[1]
    files = {}
    for name in sorted(os.listdir(root)):
        if name.endswith(".py"):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                files[name] = f.read()
    if "__init__.py" not in files:
        print(f"python_imports.py: {root} is not the footprint package (no __init__.py)")
        return 2
    problems = check(files)
    for p in problems:
        print(os.path.join(root, p))
    if problems:
        print(f"{len(problems)} import(s) against the layers")
        return 1
    print(f"python_imports.py: {len(files)} modules import only downward, none inside a function")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
