"""docs/python.md cannot rot: its tour runs, and every error id the Python face
raises has a section in docs/errors.md or docs/python.md."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
PYTHON_MD = SOURCE / "docs" / "python.md"


def _blocks(text: str, heading: str):
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_tour_runs():
    blocks = _blocks(PYTHON_MD.read_text(), "A tour")
    assert blocks
    for code in blocks:
        exec(compile(code, "docs/python.md", "exec"), {})


def test_error_ids_are_documented():
    documented = set()
    for page in ("errors.md", "python.md"):
        documented |= set(re.findall(r"^### `(footprint\.[a-z0-9.-]+)`", (SOURCE / "docs" / page).read_text(), re.M))
    sources = list((SOURCE / "bindings" / "python").rglob("*.py")) + list((SOURCE / "bindings" / "python").rglob("*.cpp"))
    sources.append(SOURCE / "libfootprint" / "include" / "footprint" / "compute" / "frame.hpp")
    sources += sorted((SOURCE / "libfootprint" / "src" / "compute").glob("frame*.cpp"))
    used = set()
    for path in sources:
        used |= set(re.findall(r"[\"'](footprint\.[a-z]+\.[a-z0-9-]+)[\"']", path.read_text()))
    missing = sorted(i for i in used if i not in documented and not i.startswith("footprint.x."))
    assert not missing, f"error ids without a section in docs/errors.md or docs/python.md: {missing}"
