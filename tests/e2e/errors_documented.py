"""Every error id the code can raise has its own section in docs/errors.md.

Usage: errors_documented.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
used = set()
for folder in ("libfootprint", "bindings"):
    for p in (root / folder).rglob("*"):
        if p.suffix in (".cpp", ".hpp", ".py"):
            used |= set(re.findall(r'"(footprint\.[a-z0-9-]+\.[a-z0-9.-]+)"', p.read_text(errors="replace")))
documented = set(re.findall(r"^### `(footprint\.[a-z0-9.-]+)`", (root / "docs/errors.md").read_text(), re.M))
missing = sorted(used - documented)
assert not missing, f"error ids without a section in docs/errors.md: {missing}"
print(f"{len(used)} error ids used, all documented")
