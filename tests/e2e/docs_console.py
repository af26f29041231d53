"""Runs the ```console blocks of a Markdown page and checks their output.

Docs show commands as they are typed and what they print:

    ```console
    $ footprint verify statements/chem-2021H1.json -s shipments.csv
    OK   statements/chem-2021H1.json is identical to the statement rebuilt from shipments.csv
         digest 60e0ea5da34d7a9e391447122ef6209ff871814a96325832b7a748f866ed67a6
    ```

Every block of a page runs in order, in one fresh working folder, with the
built `footprint` first on PATH and FOOTPRINT_DATA_DIR pointing at the source
tree's data and the build's factor set, so the page reads exactly as a user
types it after installing. A command is a line starting with `$ ` (a trailing
backslash continues it; a here-document runs to its end marker); the lines
after it, up to the next command, are what it must print (stdout and stderr
together). In the expected lines:

- `[…]` matches any text within a line, and a line holding only `[…]` any
  number of lines;
- a hexadecimal digest of 16 or 64 digits matches any digest of that length
  (digests change whenever the data or the software version does);
- a last line `[exit N]` says the command must exit with status N (else 0).

Blocks tagged ```sh are shown, not run (set-up, Chromium, long jobs).

Usage: docs_console.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR PAGE.md [--update]

With --update, blocks whose output differs are rewritten with what the
commands print now (review the diff, then put back any `[…]`).
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

fp, data, factor_set, work, page = (Path(a) for a in sys.argv[1:6])
update = "--update" in sys.argv[6:]

shutil.rmtree(work, ignore_errors=True)
run_dir = work / "run"
run_dir.mkdir(parents=True)
data_dir = work / "data"
(data_dir / "factor-sets").mkdir(parents=True)
for sub in ("factors", "methodologies"):
    (data_dir / sub).symlink_to(data.resolve() / sub)
(data_dir / "factor-sets" / "footprint-default.sqlite").symlink_to(factor_set.resolve())
bin_dir = work / "bin"
bin_dir.mkdir()
(bin_dir / "footprint").symlink_to(fp.resolve())
env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTPRINT_")}
env.update(PATH=f"{bin_dir}:{env.get('PATH', '/usr/bin:/bin')}", FOOTPRINT_DATA_DIR=str(data_dir), LC_ALL="C.UTF-8",
           COLUMNS="120")

text = page.read_text(encoding="utf-8")
lines = text.split("\n")


def parse_block(body):
    """[(command, [expected lines], first_line_index, last_line_index)] for one console block."""
    out, i = [], 0
    while i < len(body):
        if not body[i].startswith("$ "):
            raise SystemExit(f"{page}: a console block line outside any command: {body[i]!r}")
        start = i
        cmd = body[i][2:]
        while cmd.endswith("\\") and i + 1 < len(body):
            i += 1
            cmd = cmd[:-1] + "\n" + body[i]
        heredoc = re.search(r"<<-?'?(\w+)'?", cmd)
        if heredoc:
            marker = heredoc.group(1)
            while i + 1 < len(body):
                i += 1
                cmd += "\n" + body[i]
                if body[i].strip() == marker:
                    break
        i += 1
        expected = []
        while i < len(body) and not body[i].startswith("$ "):
            expected.append(body[i])
            i += 1
        out.append((cmd, expected, start, i))
    return out


HEX = re.compile(r"\b([0-9a-f]{64}|[0-9a-f]{16})\b")


def line_pattern(line):
    parts = re.split(r"(\[…\])", line)
    pattern = ""
    for p in parts:
        if p == "[…]":
            pattern += ".*"
            continue
        pos = 0
        for m in HEX.finditer(p):
            pattern += re.escape(p[pos:m.start()]) + f"[0-9a-f]{{{len(m.group(1))}}}"
            pos = m.end()
        pattern += re.escape(p[pos:])
    return pattern


def matches(expected, actual):
    pattern = ""
    for line in expected:
        pattern += r"(?:.*\n)*?" if line.strip() == "[…]" else line_pattern(line.rstrip()) + r"[ \t]*\n"
    return re.fullmatch(pattern, actual) is not None


failures, blocks, commands = [], 0, 0
new_lines, i = [], 0
while i < len(lines):
    new_lines.append(lines[i])
    if lines[i].strip() != "```console":
        i += 1
        continue
    end = i + 1
    while lines[end].strip() != "```":
        end += 1
    body = lines[i + 1:end]
    blocks += 1
    rewritten = []
    for cmd, expected, _, _ in parse_block(body):
        commands += 1
        code = 0
        if expected and re.fullmatch(r"\[exit (\d+)\]", expected[-1].strip()):
            code = int(re.fullmatch(r"\[exit (\d+)\]", expected[-1].strip()).group(1))
            expected = expected[:-1]
        r = subprocess.run(["bash", "-c", cmd], cwd=run_dir, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=600)
        actual = r.stdout if r.stdout.endswith("\n") or not r.stdout else r.stdout + "\n"
        ok = r.returncode == code and matches(expected, actual)
        if not ok:
            failures.append(f"{page}:{i + 2}: $ {cmd}\n  exit {r.returncode} (expected {code})\n"
                            f"--- expected\n" + "\n".join(expected) + "\n--- actual\n" + actual)
        rewritten.append("$ " + cmd.replace("\n", "\\\n") if "<<" not in cmd else "$ " + cmd)
        if ok:
            rewritten.extend(expected)
        else:
            rewritten.extend(actual.rstrip("\n").split("\n") if actual else [])
        if r.returncode != 0:
            rewritten.append(f"[exit {r.returncode}]")
    new_lines.extend(rewritten)
    new_lines.append(lines[end])
    i = end + 1

if update and failures:
    page.write_text("\n".join(new_lines), encoding="utf-8")
    print(f"{page}: rewrote the output of {len(failures)} command(s); review the diff")
    sys.exit(0)
for f in failures:
    print(f, file=sys.stderr)
print(f"{page}: {commands} commands in {blocks} console blocks, {len(failures)} failed")
sys.exit(1 if failures else 0)
