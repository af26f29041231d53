#!/usr/bin/env python3
"""Include direction: a stage of the flow includes only itself and earlier stages.

libfootprint is laid out by the stages of its data flow, the same folders under
include/footprint/ and src/ (docs/architecture.md). A file in stage S may
include a header of stage S or of a stage before S, never of a later one; a
file outside every stage folder (besides the umbrella footprint.hpp) is an
error too, so the tree cannot grow flat again.

    include_direction.py LIBFOOTPRINT_DIR   scan the tree, exit 1 naming file:line
    include_direction.py --self-test        only the check of the checker

Every run first checks the checker on fabricated files (one violation it must
report, one legal edge it must accept), so a broken scan cannot pass silently.
"""
import os
import re
import sys

# The flow, earliest first. A new stage folder goes here, in its place.
STAGES = ["core", "quantities", "factors", "products", "methodology",
          "plan", "ingest", "compute", "statement", "uncertainty", "render", "interchange", "project"]
RANK = {s: i for i, s in enumerate(STAGES)}

# The umbrella header includes every stage; nothing inside the library may include it.
UMBRELLA = "include/footprint/footprint.hpp"

# Known edges against the flow, each with its reason: (including file, included path) -> reason.
# Empty: every edge runs with the flow. Add an entry only with the reason it cannot be fixed yet.
ALLOWED = {
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
SUFFIXES = (".hpp", ".cpp", ".h", ".hpp.in")


def stage_of_file(rel):
    """Stage of a file given relative to libfootprint/, or None outside every stage folder."""
    parts = rel.split("/")
    if parts[:2] == ["include", "footprint"] and len(parts) > 3:
        return parts[2]
    if parts[0] == "src" and len(parts) > 2:
        return parts[1]
    return None


def stage_of_include(rel, target):
    """Stage of an included header, or None when it is not one of the library's."""
    parts = target.split("/")
    if parts[0] == "footprint":
        if len(parts) == 2:
            return "<flat>"  # footprint/x.hpp: not in a stage folder (or the umbrella)
        return parts[1]
    if parts[0] in RANK:  # private header relative to src/: "core/detail/sqlite.hpp"
        return parts[0]
    if parts[0] in ("detail", "..", "."):  # relative to the including file
        joined = os.path.normpath(os.path.join(os.path.dirname(rel), target)).replace(os.sep, "/")
        return stage_of_file(joined) or "<flat>"
    return None  # system or third-party header


def check(files):
    """files: {path relative to libfootprint/: text}. Returns a list of 'file:line: message'."""
    problems = []
    for rel in sorted(files):
        if rel == UMBRELLA:
            continue
        stage = stage_of_file(rel)
        if stage is None:
            problems.append(f"{rel}:1: not in a stage folder ({', '.join(STAGES)})")
            continue
        if stage not in RANK:
            problems.append(f"{rel}:1: stage folder '{stage}' is not in the stage order of {__file__}")
            continue
        for number, line in enumerate(files[rel].splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            included = stage_of_include(rel, target)
            if included is None:
                continue
            if (rel, target) in ALLOWED:
                continue
            if included == "<flat>":
                problems.append(f"{rel}:{number}: includes {target}, which is not in a stage folder")
            elif included not in RANK:
                problems.append(f"{rel}:{number}: includes {target} of unknown stage '{included}'")
            elif RANK[included] > RANK[stage]:
                problems.append(f"{rel}:{number}: {stage} includes {target} of the later stage {included}")
    return problems


def self_test():
    fabricated = {
        "include/footprint/core/a.hpp": '#pragma once\n#include <string>\n#include "footprint/render/document.hpp"\n',
        "src/factors/b.cpp": '#include "footprint/factors/b.hpp"\n#include "footprint/core/error.hpp"\n'
                             '#include "quantities/detail/yaml_reader.hpp"\n',
        "src/core/c.cpp": '#include "ingest/detail/x.hpp"\n',
        "src/plan/d.cpp": '#include "footprint/d.hpp"\n',
        "src/e.cpp": "",
        UMBRELLA: '#include "footprint/render/document.hpp"\n',
    }
    got = check(fabricated)
    want = [
        "include/footprint/core/a.hpp:3: core includes footprint/render/document.hpp of the later stage render",
        "src/core/c.cpp:1: core includes ingest/detail/x.hpp of the later stage ingest",
        "src/e.cpp:1: not in a stage folder (" + ", ".join(STAGES) + ")",
        "src/plan/d.cpp:1: includes footprint/d.hpp, which is not in a stage folder",
    ]
    if got != want:
        print("include_direction: SELF-TEST FAILED\nexpected:\n  " + "\n  ".join(want) +
              "\ngot:\n  " + "\n  ".join(got))
        return False
    return True


def main(argv):
    if not self_test():
        return 2
    if argv[1:] == ["--self-test"]:
        print("include_direction: self-test ok")
        return 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    root = argv[1]
    files = {}
    for folder in ("include", "src"):
        for dirpath, _, names in os.walk(os.path.join(root, folder)):
            for name in names:
                if name.endswith(SUFFIXES):
                    path = os.path.join(dirpath, name)
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    with open(path, encoding="utf-8") as f:
                        files[rel] = f.read()
    if not files:
        print(f"include_direction: no sources under {root}")
        return 2
    problems = check(files)
    for p in problems:
        print(f"{os.path.join(root, p)}")
    if problems:
        print(f"include_direction: {len(problems)} include(s) against the flow "
              f"({' < '.join(STAGES)})")
        return 1
    print(f"include_direction: ok, {len(files)} files, every include runs with the flow")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
