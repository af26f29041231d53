#!/usr/bin/python3
"""Run one validation case of examples/validation/ and compare footprint with
the published figure(s) of its study.

Usage:
    run_case.py FOOTPRINT CASE_DIR DATA_ROOT FACTOR_SET [WORK_DIR]

FOOTPRINT   the footprint command (CTest passes $<TARGET_FILE:footprint::cli>)
CASE_DIR    a case folder: case.yaml, shipments.csv, optional catalog/ and factors/
DATA_ROOT   the data root holding factors/ and methodologies/ (the repository)
FACTOR_SET  the base factor set (.sqlite), e.g. <build>/footprint-default.sqlite
WORK_DIR    where results are written (default: a temporary directory)

What it does, in order:
 1. reads case.yaml (a small YAML subset, parsed here with the standard
    library only: block maps and lists, quoted and plain scalars, | and >
    block scalars, [flow] lists and {flow} maps);
 2. assembles the catalog the case uses: the bundled files named in
    run.bundled_products (copied from DATA_ROOT/methodologies/catalog) plus the
    case's own catalog/*.yaml and the bundled vehicle-classes/; without either,
    footprint's bundled catalog;
 3. if the case has factors/, builds an overlay set from it (with
    DATA_ROOT/factors/regions.yaml) with `footprint factors build`;
 4. runs `footprint compute` with run.methodology and run.set;
 5. sums BE, PE, LE, ER and every term column per scenario (the shipments'
    customer_id) and over the whole functional unit;
 6. evaluates the checks of case.yaml and prints one block: published against
    computed, the tolerance and PASS/FAIL for each check. Checks with
    `gate: true` decide the exit code; the others are printed as information
    (case.yaml says why each is not gating).

Exit code: 0 when every gating check passes, 1 when one fails, 2 when the
case cannot be run (bad case file, footprint error).
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


# ============================================================================
# A small YAML subset reader (stdlib only)
# ============================================================================
class YamlError(Exception):
    pass


def _strip_comment(line):
    """Remove a trailing # comment that is outside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _indent(line):
    return len(line) - len(line.lstrip(" "))


_INT = re.compile(r"^[-+]?\d+$")
_FLOAT = re.compile(r"^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")


def _scalar(text):
    t = text.strip()
    if t == "" or t in ("~", "null", "Null", "NULL"):
        return None
    if t in ("true", "True", "TRUE"):
        return True
    if t in ("false", "False", "FALSE"):
        return False
    if t[0] in "[{":
        value, rest = _flow(t, 0)
        if t[rest:].strip():
            raise YamlError(f"text after a flow collection: {t!r}")
        return value
    if t[0] == '"':
        if not t.endswith('"') or len(t) < 2:
            raise YamlError(f"unterminated string: {t!r}")
        return bytes(t[1:-1], "utf-8").decode("unicode_escape") if "\\" in t else t[1:-1]
    if t[0] == "'":
        if not t.endswith("'") or len(t) < 2:
            raise YamlError(f"unterminated string: {t!r}")
        return t[1:-1].replace("''", "'")
    if _INT.match(t):
        return int(t)
    if _FLOAT.match(t):
        return float(t)
    return t


def _flow(t, i):
    """Parse a flow collection or scalar at t[i:]; return (value, index after it)."""
    while i < len(t) and t[i] == " ":
        i += 1
    if t[i] == "[":
        out, i = [], i + 1
        while True:
            while i < len(t) and t[i] == " ":
                i += 1
            if t[i] == "]":
                return out, i + 1
            v, i = _flow(t, i)
            out.append(v)
            while i < len(t) and t[i] == " ":
                i += 1
            if t[i] == ",":
                i += 1
            elif t[i] != "]":
                raise YamlError(f"expected , or ] in {t!r}")
    if t[i] == "{":
        out, i = {}, i + 1
        while True:
            while i < len(t) and t[i] == " ":
                i += 1
            if t[i] == "}":
                return out, i + 1
            j = i
            while t[j] != ":":
                j += 1
            key = _scalar(t[i:j])
            v, i = _flow(t, j + 1)
            out[key] = v
            while i < len(t) and t[i] == " ":
                i += 1
            if t[i] == ",":
                i += 1
            elif t[i] != "}":
                raise YamlError(f"expected , or }} in {t!r}")
    if t[i] in "'\"":
        q, j = t[i], i + 1
        while True:
            if t[j] == q and q == "'" and j + 1 < len(t) and t[j + 1] == "'":
                j += 2
                continue
            if t[j] == q and (q == "'" or t[j - 1] != "\\"):
                break
            j += 1
        return _scalar(t[i:j + 1]), j + 1
    j = i
    while j < len(t) and t[j] not in ",]}":
        j += 1
    return _scalar(t[i:j]), j


def _split_key(content):
    """'key: rest' -> (key, rest); None when the line is not a mapping entry."""
    quote = None
    for i, ch in enumerate(content):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and i == 0:
            quote = ch
        elif ch == ":" and (i + 1 == len(content) or content[i + 1] == " "):
            return _scalar(content[:i]), content[i + 1:].strip()
        elif ch in "[{" and i == 0:
            return None
    return None


class _Reader:
    def __init__(self, text):
        self.raw = text.replace("\t", "    ").splitlines()
        self.lines = [_strip_comment(l) for l in self.raw]
        self.i = 0

    def _skip(self):
        while self.i < len(self.lines) and not self.lines[self.i].strip():
            self.i += 1

    def _eof(self):
        self._skip()
        return self.i >= len(self.lines)

    def node(self, min_indent):
        if self._eof():
            return None
        line = self.lines[self.i]
        ind = _indent(line)
        if ind < min_indent:
            return None
        c = line.strip()
        if c == "-" or c.startswith("- "):
            return self.seq(ind)
        if _split_key(c) is not None:
            return self.map(ind)
        # a bare scalar block (rare)
        self.i += 1
        return self.plain(c, ind - 1)

    def seq(self, ind):
        out = []
        while not self._eof():
            line = self.lines[self.i]
            c = line.strip()
            if _indent(line) != ind or not (c == "-" or c.startswith("- ")):
                break
            rest = c[1:].lstrip()
            if not rest:
                self.i += 1
                out.append(self.node(ind + 1))
            elif _split_key(rest) is not None:
                col = ind + (len(c) - len(rest))
                self.lines[self.i] = " " * col + rest
                out.append(self.map(col))
            else:
                self.i += 1
                out.append(self.plain(rest, ind))
        return out

    def map(self, ind):
        out = {}
        while not self._eof():
            line = self.lines[self.i]
            c = line.strip()
            if _indent(line) < ind or c == "-" or c.startswith("- "):
                break
            if _indent(line) > ind:
                raise YamlError(f"line {self.i + 1}: unexpected indentation")
            kv = _split_key(c)
            if kv is None:
                raise YamlError(f"line {self.i + 1}: expected 'key: value', found {c!r}")
            key, rest = kv
            self.i += 1
            if rest == "":
                if self._eof():
                    out[key] = None
                    continue
                nxt = self.lines[self.i]
                nc = nxt.strip()
                if _indent(nxt) > ind or (_indent(nxt) == ind and (nc == "-" or nc.startswith("- "))):
                    out[key] = self.node(_indent(nxt))
                else:
                    out[key] = None
            elif rest[0] in "|>":
                out[key] = self.block(rest, ind)
            else:
                out[key] = self.plain(rest, ind)
        return out

    def plain(self, first, ind):
        """A scalar that may continue on more-indented lines (plain, quoted or flow)."""
        parts = [first]
        opener = first[0]

        def complete(t):
            if opener in "[{":
                depth, q = 0, None
                for ch in t:
                    if q:
                        q = None if ch == q else q
                    elif ch in "'\"":
                        q = ch
                    elif ch in "[{":
                        depth += 1
                    elif ch in "]}":
                        depth -= 1
                return depth == 0
            return len(t) > 1 and t.endswith(opener)

        if opener in "[{'\"":
            while not complete(" ".join(parts)):
                if self.i >= len(self.lines):
                    raise YamlError(f"unterminated value starting {first!r}")
                parts.append(self.lines[self.i].strip())
                self.i += 1
        else:
            while not self._eof() and _indent(self.lines[self.i]) > ind:
                parts.append(self.lines[self.i].strip())
                self.i += 1
            text = " ".join(parts)
            if ": " in text or text.endswith(":"):
                raise YamlError(f"line {self.i}: ': ' inside a plain scalar (quote it): {text[:60]!r}")
        return _scalar(" ".join(parts))

    def block(self, header, ind):
        style, chomp = header[0], header[1:].strip()
        body = []
        block_ind = None
        while self.i < len(self.raw):
            rawl = self.raw[self.i]
            if rawl.strip() == "":
                body.append("")
                self.i += 1
                continue
            if _indent(rawl) <= ind:
                break
            if block_ind is None:
                block_ind = _indent(rawl)
            body.append(rawl[block_ind:])
            self.i += 1
        while body and body[-1] == "":
            body.pop()
        if style == "|":
            text = "\n".join(body)
        else:
            paras, cur = [], []
            for b in body:
                if b == "":
                    paras.append(" ".join(cur))
                    cur = []
                else:
                    cur.append(b.strip())
            paras.append(" ".join(cur))
            text = "\n".join(paras)
        return text if chomp == "-" else text + "\n"


def load_yaml(path):
    text = Path(path).read_text(encoding="utf-8")
    r = _Reader(text)
    value = r.node(0)
    if not r._eof():
        raise YamlError(f"{path}: line {r.i + 1}: could not read {r.lines[r.i].strip()!r}")
    return value


# ============================================================================
# Running footprint
# ============================================================================
def die(msg):
    print(f"ERROR: {msg}")
    print("RESULT: ERROR (the case could not be run)")
    sys.exit(2)


def run(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        die(f"cannot run {cmd[0]}: {e}")
    if r.returncode != 0:
        die(f"{' '.join(cmd)}\nexit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def kg(grams):
    return grams / 1000.0


def fmt(x, unit="kg"):
    if x is None:
        return "n/a"
    if abs(x) >= 10000:
        return f"{x:,.0f} {unit}"
    if abs(x) >= 100:
        return f"{x:,.1f} {unit}"
    return f"{x:,.3f} {unit}"


class Results:
    """Per-scenario sums of every *_g column of footprint's results, in kg."""

    def __init__(self, path):
        self.by = {}
        self.total = {}
        self.units = {}
        self.implausible = 0
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                sc = row["customer_id"]
                d = self.by.setdefault(sc, {})
                for k, v in row.items():
                    if k.endswith("_g"):
                        name = k[:-2]
                        d[name] = d.get(name, 0) + int(v)
                        self.total[name] = self.total.get(name, 0) + int(v)
                if row.get("implausible") not in (None, "", "0"):
                    self.implausible += 1

    def scenarios(self):
        return list(self.by)

    def get(self, ref):
        """'ER' (whole FU) or 'ER@scenario', in kg CO2e."""
        name, _, sc = ref.partition("@")
        src = self.by.get(sc) if sc else self.total
        if src is None:
            die(f"check refers to scenario {sc!r}, not in shipments.csv (have {', '.join(self.by)})")
        if name not in src:
            die(f"check refers to {name!r}, not a results column (have {', '.join(sorted(src))})")
        return kg(src[name])


def rel(computed, published):
    if published == 0:
        return None
    return (computed - published) / abs(published)


def pct(x):
    return "n/a" if x is None else f"{x * 100:+.1f} %"


def as_list(v):
    return v if isinstance(v, list) else [v]


# ============================================================================
# Checks
# ============================================================================
def check_absolute(c, res):
    q = c["quantity"]
    pub = float(c["published"])
    tol = float(c["tolerance"])
    got = res.get(q)
    d = rel(got, pub)
    ok = d is not None and abs(d) <= tol
    lines = [f"{q}: published {fmt(pub)}, computed {fmt(got)} ({pct(d)}); tolerance ±{tol * 100:g} %"]
    return ok, lines


def check_ratio(c, res):
    num, den = c["numerator"], c["denominator"]
    pub = float(c["published"])
    n, dd = res.get(num), res.get(den)
    got = n / dd if dd else None
    if c.get("op"):
        op = c["op"]
        ok = got is not None and (got <= pub if op == "<=" else got >= pub)
        return ok, [f"{num} / {den} = {fmt(n)} / {fmt(dd)} = {'n/a' if got is None else f'{got:.3f}'} "
                    f"{op} {pub:.3f} (implied by the published figures): {'holds' if ok else 'VIOLATED'}"]
    tol = float(c["tolerance"])
    d = rel(got, pub) if got is not None else None
    ok = d is not None and abs(d) <= tol
    lines = [f"{num} / {den}: published {pub:.3f}, computed {fmt(n)} / {fmt(dd)} = "
             f"{'n/a' if got is None else f'{got:.3f}'} ({pct(d)}); tolerance ±{tol * 100:g} %"]
    return ok, lines


def check_sign(c, res):
    want = c["expect"]
    ok = True
    lines = []
    for q in as_list(c["quantity"]):
        v = res.get(q)
        name, _, sc = q.partition("@")
        be = res.get("BE" + ("@" + sc if sc else ""))
        good = v > 0 if want == "positive" else v < 0
        ok = ok and good
        margin = f", {v / be * 100:+.1f} % of BE" if be else ""
        lines.append(f"{q} = {fmt(v)}{margin}: {'as published' if good else 'OPPOSITE of published'} "
                     f"({'reuse wins' if v > 0 else 'single use wins' if v < 0 else 'break-even'})")
    return ok, [f"published: {want} ({'reuse wins' if want == 'positive' else 'single use wins'})"] + lines


def check_bound(c, res):
    q, op = c["quantity"], c["op"]
    pub = float(c["published"])
    got = res.get(q)
    ok = got <= pub if op == "<=" else got >= pub
    return ok, [f"{q} = {fmt(got)} {op} {fmt(pub)} (published): {'holds' if ok else 'VIOLATED'}"]


def check_compare(c, res):
    ok = True
    lines = []
    for lhs, rhs in zip(as_list(c["greater"]), as_list(c["smaller"])):
        a = sum(res.get(x) for x in lhs.split("+"))
        b = sum(res.get(x) for x in rhs.split("+"))
        good = a > b
        ok = ok and good
        lines.append(f"{lhs} = {fmt(a)} > {rhs} = {fmt(b)}: {'holds' if good else 'DOES NOT HOLD'}")
    return ok, lines


def check_bracket(c, res):
    pub = float(c["published"])
    lo_q, hi_q = c["low"], c["high"]
    lo, hi = res.get(lo_q), res.get(hi_q)
    a, b = min(lo, hi), max(lo, hi)
    ok = a <= pub <= b
    return ok, [f"published {fmt(pub)} within [{lo_q} = {fmt(lo)}, {hi_q} = {fmt(hi)}]: "
                f"{'inside' if ok else 'OUTSIDE'}"]


def check_solve_mix(c, res):
    """Share s of the way from scenario `from` to scenario `to` (linear in s) at which
    the quantity equals the published value."""
    pub = float(c["published"])
    qa, qb = c["from"], c["to"]
    a, b = res.get(qa), res.get(qb)
    if a == b:
        return False, [f"{qa} = {qb}: no mix reproduces the published value"]
    s = (a - pub) / (a - b)
    ok = 0.0 <= s <= 1.0
    target = c.get("target_label") or f"the published {fmt(pub)}"
    lines = [f"{qa} = {fmt(a)}, {qb} = {fmt(b)}: {target} is reached at "
             f"{c.get('share_name', 'share')} = {s:.3f} ({s * 100:.1f} %)"
             + ("" if ok else " (outside 0..1: extrapolated, no mix of the two reproduces it)")]
    par = c.get("parameter")
    if par:
        v = float(par["from"]) + s * (float(par["to"]) - float(par["from"]))
        lines.append(f"i.e. {par['name']} = {v:.3g} {par.get('unit', '')} (linear between "
                     f"{par['from']} and {par['to']} {par.get('unit', '')})".rstrip())
    return ok, lines


def check_required_baseline(c, res):
    """What baseline per unit trip a claimed reduction needs, given footprint's PE and LE."""
    claim = float(c["published"])
    lines = []
    for sc in as_list(c["scenarios"]):
        units = float(c.get("units", 1))
        be, pe, le, er = (res.get(f"{t}@{sc}") / units for t in ("BE", "PE", "LE", "ER"))
        need = claim + pe + le
        reached = be >= need
        lines.append(f"[{sc}] computed per unit trip: BE {fmt(be)}, PE {fmt(pe)}, LE {fmt(le)}, ER {fmt(er)}")
        lines.append(f"[{sc}] the claim of {fmt(claim)} needs BE = {fmt(claim)} + PE + LE = {fmt(need)}; "
                     f"bundled data give {fmt(be)}: {'REACHED' if reached else 'NOT reached'} "
                     f"(needed/computed = {need / be:.2f}, gap {fmt(need - be)})")
        for eq in c.get("gap_equivalents") or []:
            per = float(eq["kg_co2e_per_unit"])
            lines.append(f"[{sc}]   gap = {(need - be) / per:,.1f} {eq['unit']}: {eq['what']} "
                         f"(at {per:g} kg CO2e per {eq.get('unit_singular', eq['unit'])}: {eq['source']})")
    # The analysis itself is the check: it passes when it could be computed.
    return True, lines


CHECKS = {
    "absolute": check_absolute,
    "ratio": check_ratio,
    "sign": check_sign,
    "bound": check_bound,
    "compare": check_compare,
    "bracket": check_bracket,
    "solve_mix": check_solve_mix,
    "required_baseline": check_required_baseline,
}


def wrap(text, width=100, indent="    "):
    words = " ".join(str(text).split()).split(" ")
    out, cur = [], indent
    for w in words:
        if len(cur) + len(w) + 1 > width and cur.strip():
            out.append(cur)
            cur = indent
        cur += ("" if cur == indent else " ") + w
    if cur.strip():
        out.append(cur)
    return "\n".join(out)


# ============================================================================
def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__)
        return 2
    fp, case_dir, data_root, factor_set = argv[1], Path(argv[2]).resolve(), Path(argv[3]).resolve(), argv[4]
    try:
        case = load_yaml(case_dir / "case.yaml")
    except (YamlError, OSError, IndexError) as e:
        die(f"cannot read {case_dir / 'case.yaml'}: {e}")
    tmp = None
    if len(argv) == 6:
        work = Path(argv[5])
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="validation-")
        work = Path(tmp.name)

    runcfg = case.get("run") or {}
    cmd = [fp, "compute", "-m", str(runcfg.get("methodology", "reusable-packaging-reduction")),
           "-s", str(case_dir / "shipments.csv"), "-o", str(work / "results.csv"),
           "--data", str(data_root), "--factors", factor_set, "-q"]

    # ---- catalog: bundled products named by the case + the case's own files
    bundled = as_list(runcfg.get("bundled_products") or [])
    case_cat = case_dir / "catalog"
    catalog_note = "footprint's bundled catalog"
    if bundled or case_cat.is_dir():
        cat = work / "catalog"
        cat.mkdir()
        for pid in bundled:
            src = data_root / "methodologies" / "catalog" / f"{pid}.yaml"
            if not src.is_file():
                die(f"bundled product {pid!r} not found at {src}")
            shutil.copy(src, cat / src.name)
        own = sorted(case_cat.glob("*.yaml")) if case_cat.is_dir() else []
        for f in own:
            if (cat / f.name).exists():
                die(f"case catalog file {f.name} has the name of a bundled product it also copies")
            shutil.copy(f, cat / f.name)
        # the bundled vehicle classes (methodology 2.1.0 reads the shipment's class from the catalog);
        # a case product without classes in per_vehicle stands for the default class
        classes = data_root / "methodologies" / "catalog" / "vehicle-classes"
        if classes.is_dir():
            shutil.copytree(classes, cat / "vehicle-classes")
        cmd += ["--catalog", str(cat)]
        catalog_note = ", ".join([f"bundled {p}" for p in bundled] + [f"case {f.stem}" for f in own])

    # ---- overlay: the study's own factors, if it states any
    overlay_note = "none"
    case_factors = case_dir / "factors"
    if case_factors.is_dir() and any(case_factors.glob("*.yaml")):
        fdir = work / "factors"
        fdir.mkdir()
        for f in case_factors.glob("*.yaml"):
            shutil.copy(f, fdir / f.name)
        if not (fdir / "regions.yaml").exists():
            # The bundled regions.yaml, with the `source:` of each region removed: those cite
            # source records kept in other bundled factor files (china-electricity.yaml), which
            # an overlay directory does not hold, and `factors build` refuses unknown sources.
            text = (data_root / "factors" / "regions.yaml").read_text(encoding="utf-8")
            text = re.sub(r",\s*source:\s*[^,}]+", "", text)
            (fdir / "regions.yaml").write_text(
                "# Written by run_case.py: the bundled regions.yaml without per-region sources.\n" + text,
                encoding="utf-8")
        overlay = work / "overlay.sqlite"
        run([fp, "factors", "build", str(fdir), "-o", str(overlay), "--name", f"validation-{case_dir.name}"])
        cmd += ["--overlay", str(overlay)]
        overlay_note = ", ".join(sorted(f.name for f in case_factors.glob("*.yaml")))

    sets = runcfg.get("set") or {}
    for k, v in sets.items():
        cmd += ["--set", f"{k}={v}"]

    run(cmd)
    quarantine = work / "results.quarantine.csv"
    if quarantine.exists():
        with open(quarantine, newline="") as f:
            rejected = list(csv.DictReader(f))
        if rejected:
            die(f"footprint rejected {len(rejected)} shipment row(s): {rejected}")
    res = Results(work / "results.csv")

    # ---- the block ------------------------------------------------------------
    study = case.get("study") or {}
    fu = case.get("functional_unit") or {}
    print(f"=== validation case: {case.get('id', case_dir.name)} ===")
    print(f"study     : {' '.join(str(study.get('citation', '')).split())}")
    if study.get("doi") or study.get("url"):
        print(f"            {study.get('doi') or ''} {study.get('url') or ''}".rstrip())
    print(f"FU        : {' '.join(str(fu.get('text', '')).split())}")
    print(f"who wins  : {case.get('who_wins', '?')} (published)")
    print(f"footprint : {runcfg.get('methodology', 'reusable-packaging-reduction')}"
          + (" " + " ".join(f"--set {k}={v}" for k, v in sets.items()) if sets else ""))
    print(f"catalog   : {catalog_note}; overlay: {overlay_note}")
    print("computed  : scenario (customer_id)           BE kg        PE kg        ER kg")
    for sc in res.scenarios():
        d = res.by[sc]
        print(f"            {sc:<30} {kg(d['BE']):>12,.3f} {kg(d['PE']):>12,.3f} {kg(d['ER']):>12,.3f}")
    if len(res.scenarios()) > 1 and case.get("sum_over_fu", False):
        t = res.total
        print(f"            {'sum over the FU':<30} {kg(t['BE']):>12,.3f} {kg(t['PE']):>12,.3f} {kg(t['ER']):>12,.3f}")
    if res.implausible:
        print(f"            footprint flagged {res.implausible} row(s) as implausible")

    gates_ok = True
    n_gate = n_gate_ok = 0
    for i, c in enumerate(case.get("checks") or [], 1):
        kind = c.get("kind")
        if kind not in CHECKS:
            die(f"check {i}: unknown kind {kind!r} (known: {', '.join(CHECKS)})")
        try:
            ok, lines = CHECKS[kind](c, res)
        except KeyError as e:
            die(f"check {i} ({kind}): missing key {e}")
        gate = bool(c.get("gate", False))
        tag = "gate" if gate else "info"
        if gate:
            n_gate += 1
            n_gate_ok += ok
            gates_ok = gates_ok and ok
            verdict = "PASS" if ok else "FAIL"
        else:
            verdict = "within" if ok else "OUTSIDE"
            if kind in ("required_baseline",):
                verdict = "printed"
            elif kind in ("sign", "bound", "compare", "bracket", "solve_mix") or c.get("op"):
                verdict = "holds" if ok else "does not hold"
        print(f"[{tag}] {c.get('id', kind)} ({kind}): {verdict}")
        for l in lines:
            print(f"    {l}")
        why = c.get("why") or c.get("why_not_gating")
        if why:
            print(wrap(("why not gating: " if not gate else "why: ") + str(why)))
    print(f"RESULT: {'PASS' if gates_ok else 'FAIL'} ({n_gate_ok}/{n_gate} gating checks)")
    if tmp:
        tmp.cleanup()
    return 0 if gates_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
