"""Statement renderings checked in a real headless Chromium.

Modes (the second-last argument picks one; each is its own CTest):

html
    Builds a statement for a customer whose id holds <, &, quotes and a
    <script> tag, in English and in Chinese, as JSON, HTML, Markdown and CSV.
    Chromium loads each HTML page (file://, no network) with a small probe
    script appended to a copy of it and dumps the DOM: the totals it renders
    (`data-grams` and the text), the issuable tonnes, the customer id and the
    digest must be the JSON's; the three SVG charts must have a size; the page
    must not be wider than the window; the customer id must come back as
    text, not as markup. A screenshot of each page (1280 x 2000) is kept as a
    test artefact: WORK/statement-en.png, WORK/statement-zh.png. The Markdown
    and CSV are checked against the JSON too, and no rendering may list the
    per-shipment rows.
pdf
    `--pdf` and `--format pdf` write a PDF (it starts with %PDF-). The text of
    the English and the Chinese PDF (pdftotext, one page at a time) shows
    "Page i of N" (第 i 页，共 N 页) and the statement digest on every page,
    the verify and explain commands whole, and the annex after the
    verification block; the PDFs are kept as WORK/pdf/en.pdf and zh.pdf.
no-chromium
    Without Chromium, `--pdf` fails with footprint.render.no-chromium before
    anything is written. Runs everywhere.

Exits 77 (CTest: skipped) in the html and pdf modes when no Chromium is
installed.

Usage: statement_html_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR MODE
"""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

fp, data, factors, work, mode = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), sys.argv[5]
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", data, "--factors", factors]
period = ["--from", "2020-06-01", "--to", "2021-07-31"]
NASTY = "chem <&> \"Jiangsu\" 'A&B' </td><script>alert(1)</script>"


def run(*args, expect=0, env=None):
    r = subprocess.run([fp, *args], capture_output=True, text=True, env=env)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout + r.stderr


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome-headless-shell"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(*args, timeout=240):
    """Runs headless Chromium with a throw-away profile; returns stdout."""
    profile = tempfile.mkdtemp(prefix="footprint-chromium-")
    try:
        r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--hide-scrollbars", f"--user-data-dir={profile}", *args],
                           capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert r.returncode == 0, (args, r.returncode, r.stderr[-2000:])
    return r.stdout


def tonnes(g):
    a = abs(g)
    return f"{'-' if g < 0 else ''}{a // 1_000_000}.{a % 1_000_000:06d}"


def shown(g):
    """Tonnes as the pages show them: whole kilograms (half away from zero), 3 decimals, grouped."""
    kg = (abs(g) + 500) // 1000
    return f"{'-' if g < 0 and kg else ''}{kg // 1000:,}.{kg % 1000:03d}"


def sample_with_nasty_customer():
    """The bundled sample, with one customer renamed to an id that needs escaping everywhere."""
    plain = work / "sample.csv"
    run("sample", "--rows", "4000", "--seed", "7", "-o", str(plain))
    with open(plain, newline="") as f:
        rows = list(csv.reader(f))
    for r in rows[1:]:
        if r[1] == "chem-jiangsu-01":
            r[1] = NASTY
    shipments = work / "shipments.csv"
    with open(shipments, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return shipments


class Dom(html.parser.HTMLParser):
    """Elements by id (tag, attributes, text), and a count of every tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.by_id, self.tags, self.open = {}, {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        entry = {"tag": tag, "attrs": a, "text": ""}
        if "id" in a:
            assert a["id"] not in self.by_id, f"duplicate id {a['id']}"
            self.by_id[a["id"]] = entry
        if tag not in ("meta", "br", "img", "col", "input", "link", "rect", "line", "path"):
            self.open.append(entry)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i]["tag"] == tag:
                del self.open[i:]
                break

    def handle_data(self, d):
        for e in self.open:
            e["text"] += d


PROBE = """<script>
(() => {
  const r = {charts: {}, totals: {}};
  for (const id of ["chart-stages", "chart-months", "chart-products"]) {
    const e = document.getElementById(id);
    const b = e ? e.getBoundingClientRect() : {width: 0, height: 0};
    r.charts[id] = [b.width, b.height, e ? e.querySelectorAll("rect").length : 0];
  }
  for (const k of ["baseline", "project", "leakage", "reduction"]) {
    const e = document.getElementById("total-" + k);
    r.totals[k] = [e.dataset.grams, e.innerText.trim()];
  }
  r.issuable = document.getElementById("issuable").innerText.trim();
  r.customer = document.getElementById("customer").innerText;
  r.digest = document.getElementById("digest").innerText.trim();
  r.title = document.querySelector("h1").innerText.trim();
  r.scripts = document.scripts.length;
  r.scroll_width = document.documentElement.scrollWidth;
  r.window_width = window.innerWidth;
  const pre = document.createElement("pre");
  pre.id = "probe-report";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>
"""


def check_page(lang, doc, page, screenshot):
    """Loads `page` in Chromium, compares what it renders with the statement `doc`, and takes a screenshot."""
    text = page.read_text(encoding="utf-8")
    # Self-contained: no script, no external resource of any kind.
    for bad in ("<script", "src=", "href=", "url(", "@import", "<link"):
        assert bad not in text, f"{page}: contains {bad!r}"
    # No attribute holds a URL but the SVG namespace (a source's URL is shown as text, never loaded).
    urls = re.findall(r'="(https?://[^"]*)"', text)
    assert set(urls) <= {"http://www.w3.org/2000/svg"}, f"{page}: a URL besides the SVG namespace: {urls}"
    # The raw page as Chromium parses it: the customer id came back as text, no element came from it.
    dom = Dom()
    dom.feed(chromium("--dump-dom", "--window-size=1280,2000", page.as_uri()))
    assert dom.tags.get("script", 0) == 0, "the customer id injected a <script> element"
    assert dom.tags.get("td", 0) > 20 and dom.tags.get("svg", 0) == 3, dom.tags
    assert dom.by_id["customer"]["text"] == doc["customer"], (dom.by_id["customer"]["text"], doc["customer"])
    for k in ("baseline", "project", "leakage", "reduction"):
        e = dom.by_id[f"total-{k}"]
        assert int(e["attrs"]["data-grams"]) == doc["totals_g"][k], (k, e["attrs"], doc["totals_g"])
        assert e["text"].strip() == shown(doc["totals_g"][k]), (k, e["text"])
    assert int(dom.by_id["issuable"]["text"].replace(",", "")) == doc["issuable_t"] == max(doc["totals_g"]["reduction"], 0) // 1_000_000
    assert dom.by_id["digest"]["text"] == doc["statement_digest"]
    assert int(dom.by_id["shipments"]["attrs"]["data-count"]) == doc["shipments"]
    assert int(dom.by_id["rows-in"]["attrs"]["data-count"]) == doc["rows"]["in_file"]
    assert dom.by_id["reconciles"]["attrs"]["data-reconciles"] == ("true" if doc["rows"]["reconciles"] else "false")
    # Chart data: one bar per month, whose grams are the statement's.
    bars = re.findall(r'<rect [^>]*class="bar" data-month="([^"]+)" data-grams="(-?\d+)"', text)
    months = {m: int(g) for m, g in bars}
    assert months == {m: v["reduction_g"] for m, v in doc["by_month"].items()}, "month chart differs from by_month"
    segs = re.findall(r'data-term="(\w+)" data-stage="(\w+)" data-grams="(-?\d+)"', text)
    for term, stage, g in segs:
        assert int(g) == doc["by_stage_g"][term][stage], (term, stage, g)
    assert sum(int(g) for t, s, g in segs if t == "BE") == doc["totals_g"]["baseline"]
    assert sum(int(g) for t, s, g in segs if t == "PE") == doc["totals_g"]["project"]

    # The same page with a probe appended: what Chromium lays out and shows.
    probe_page = page.with_name(page.stem + ".probe.html")
    probe_page.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    probe = Dom()
    probe.feed(chromium("--dump-dom", "--window-size=1280,2000", probe_page.as_uri()))
    report = json.loads(probe.by_id["probe-report"]["text"])
    print(f"{lang}: Chromium reports {json.dumps(report, ensure_ascii=False)}")
    assert report["scripts"] == 1, "only the probe may be a script"
    assert report["customer"] == doc["customer"]
    assert report["digest"] == doc["statement_digest"]
    assert report["issuable"] == f'{doc["issuable_t"]:,}'
    for k, (grams, text) in report["totals"].items():
        assert int(grams) == doc["totals_g"][k] and text == shown(doc["totals_g"][k]), (k, grams, text)
    for chart, (w, h, rects) in report["charts"].items():
        assert w > 600 and h > 100 and rects > 2, (chart, w, h, rects)
    assert report["scroll_width"] <= report["window_width"], "the page is wider than the window"
    assert report["title"] == ("减排量声明" if lang == "zh" else "Emission reduction statement"), report["title"]

    chromium(f"--screenshot={screenshot}", "--window-size=1280,2000", page.as_uri())
    png = screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000, (screenshot, len(png))
    print(f"{lang}: screenshot {screenshot} ({len(png)} bytes)")


def check_markdown(doc, md_file, lang):
    md = md_file.read_text(encoding="utf-8")
    assert "<script>" not in md and "</td>" not in md, "the customer id is not escaped in Markdown"
    assert r"\<script\>" in md, "expected the escaped customer id"
    for k in ("baseline", "project", "leakage", "reduction"):
        t, g = re.escape(shown(doc["totals_g"][k])), f'{doc["totals_g"][k]:,}'
        assert re.search(rf"\| (\*\*)?{t}(\*\*)? \| (\*\*)?{g}(\*\*)? \|", md), k
    assert doc["statement_digest"] in md and doc["input_rows_digest"] in md
    heading = "# 减排量声明" if lang == "zh" else "# Emission reduction statement"
    assert md.startswith(heading + "\n"), md[:80]
    for line in md.splitlines():  # every table row has the header's number of cells
        if line.startswith("|"):
            cells = len(re.findall(r"(?<!\\)\|", line)) - 1
            assert cells >= 2, line


def check_csv(doc, csv_file):
    with open(csv_file, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == ["section", "key", "baseline_g", "project_g", "leakage_g", "reduction_g", "shipments"]
    total = rows[0]
    assert total["section"] == "total" and total["key"] == doc["customer"]
    for k in ("baseline", "project", "leakage", "reduction"):
        assert int(total[f"{k}_g"]) == doc["totals_g"][k]
        for section in ("month", "stage", "reusable_product", "baseline_product"):
            assert sum(int(r[f"{k}_g"]) for r in rows if r["section"] == section) == doc["totals_g"][k], (section, k)
    assert sum(int(r["shipments"]) for r in rows if r["section"] == "month") == doc["shipments"]


CHROMIUM = find_chromium()
if mode == "no-chromium":
    shipments = work / "shipments.csv"
    run("sample", "--rows", "200", "-o", str(shipments))
    out = work / "out"
    env = {k: v for k, v in os.environ.items() if k != "FOOTPRINT_CHROMIUM"}
    env["PATH"] = str(work / "empty-path")
    for extra in (["--pdf"], ["--format", "json,pdf"]):
        msg = run("statement", *common, "-s", str(shipments), "--customer", "chem-jiangsu-01", *period,
                  "-o", str(out / "s.json"), *extra, expect=1, env=env)
        assert "error [footprint.render.no-chromium] PDF needs headless Chromium" in msg, msg
        assert not out.exists(), "something was written although the PDF could not be made"
    env["FOOTPRINT_CHROMIUM"] = str(work / "no-such-chromium")
    msg = run("statement", *common, "-s", str(shipments), "--customer", "chem-jiangsu-01", *period,
              "-o", str(out / "s.json"), "--pdf", expect=1, env=env)
    assert "[footprint.render.no-chromium] FOOTPRINT_CHROMIUM does not name an executable file" in msg, msg
    # Other formats still work without Chromium.
    run("statement", *common, "-s", str(shipments), "--customer", "chem-jiangsu-01", *period,
        "-o", str(out / "s.json"), "--format", "json,html", env=env)
    assert (out / "s.html").exists()
    print("no Chromium: --pdf refused with footprint.render.no-chromium, nothing written; HTML still works")
    sys.exit(0)

if CHROMIUM is None:
    print("SKIP: no Chromium on PATH (Debian: apt-get install chromium)")
    sys.exit(77)

shipments = sample_with_nasty_customer()
if mode == "html":
    for lang in ("en", "zh"):
        target = work / lang / "statement.json"
        run("statement", *common, "-s", str(shipments), "--customer", NASTY, *period, "-o", str(target),
            "--format", "json,html,md,csv", "--lang", lang)
        doc = json.loads(target.read_text(encoding="utf-8"))
        assert doc["customer"] == NASTY and doc["shipments"] > 0
        first_shipment = next(iter(doc["shipment_rows"]))
        for ext in ("html", "md", "csv"):  # the per-shipment rows are never rendered
            assert first_shipment not in target.with_suffix("." + ext).read_text(encoding="utf-8"), ext
        check_page(lang, doc, target.with_suffix(".html"), work / f"statement-{lang}.png")
        check_markdown(doc, target.with_suffix(".md"), lang)
        check_csv(doc, target.with_suffix(".csv"))
        print(f"{lang}: HTML, Markdown and CSV agree with the JSON ({doc['shipments']} shipments, "
              f"ER {tonnes(doc['totals_g']['reduction'])} t)")
elif mode == "pdf":
    out = work / "pdf"
    msg = run("statement", *common, "-s", str(shipments), "--customer", "auto-parts-hubei-01", *period,
              "-o", str(out / "a.json"), "--pdf", "--lang", "zh")
    pdf = (out / "a.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 10_000, len(pdf)
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "a.html", "a.json", "a.md", "a.pdf"], list(out.iterdir())
    run("statement", *common, "-s", str(shipments), "--customer", NASTY, *period, "-o", str(out / "b.json"),
        "--format", "pdf")
    assert (out / "b.pdf").read_bytes().startswith(b"%PDF-") and not (out / "b.json").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "a temporary file was left behind"
    print(f"pdf: --pdf and --format pdf write PDFs ({len(pdf)} bytes)")

    # What a reader of the printed pages sees, page by page (pdftotext, poppler-utils).
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils, in .ci/setup)"
    for lang in ("en", "zh"):
        target = out / lang / "auto.json"
        run("statement", *common, "-s", str(shipments), "--customer", "auto-parts-hubei-01", "--from", "2021-01-01",
            "--to", "2021-06-30", "-o", str(target), "--format", "json,pdf", "--lang", lang)
        doc = json.loads(target.read_text(encoding="utf-8"))
        shutil.copy(target.with_suffix(".pdf"), out / f"{lang}.pdf")
        text = subprocess.run(["pdftotext", "-layout", str(target.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        n = len(pages)
        assert n >= 4, f"{lang}: {n} pages"
        for i, page in enumerate(pages, 1):
            number = rf"Page {i} of {n}" if lang == "en" else rf"第\s*{i}\s*页，共\s*{n}\s*页"
            assert re.search(number, page), f"{lang}: page {i} has no page number:\n{page[-600:]}"
            assert doc["statement_digest"] in page, f"{lang}: page {i} has no statement digest:\n{page[-600:]}"
        flat = re.sub(r"\s+", " ", text)
        # The commands are printed whole (wrapped, not cut at the margin).
        for command in ("footprint verify STATEMENT.json \\ --shipments SHIPMENTS.csv",
                        "footprint explain -m reusable-packaging-reduction \\ --shipments SHIPMENTS.csv --shipment SHIPMENT-ID",
                        "footprint signatures verify STATEMENT.json \\ --trusted TRUSTED-KEYS.pem"):
            assert command in flat, f"{lang}: {command!r} is not printed whole"
        verification = "Verification" if lang == "en" else "核查声明"
        annex = "Annex A" if lang == "en" else "附录 A"
        first = lambda word: next(i for i, p in enumerate(pages, 1) if word in p)
        assert first(verification) < first(annex), (lang, first(verification), first(annex))
        assert "0.12521999999999997" not in text
        print(f"pdf {lang}: {n} pages, each with 'page i of {n}' and the digest {doc['statement_digest'][:16]}…; "
              f"verification on page {first(verification)}, annex from page {first(annex)}")

    # Signed by a preparer and a verifier; the same statement command with --signatures lists them.
    en = out / "en" / "auto.json"
    fingerprints = []
    for name, role in (("operator", "preparer"), ("verifier", "verifier")):
        run("keys", "generate", "--out", str(work / "keys"), "--name", name)
        fingerprints.append(run("keys", "fingerprint", str(work / "keys" / f"{name}.pub.pem")).split()[0])
        run("sign", str(en), "--key", str(work / "keys" / f"{name}.key.pem"), "--signer", f"{name} signer",
            "--role", role, "--time", "2026-12-05T06:00:00Z")
    signed = out / "signed" / "auto.json"
    run("statement", *common, "-s", str(shipments), "--customer", "auto-parts-hubei-01", "--from", "2021-01-01",
        "--to", "2021-06-30", "-o", str(signed), "--format", "json,html", "--signatures", str(en.with_suffix(".sig.json")))
    page = signed.with_suffix(".html").read_text(encoding="utf-8")
    assert re.findall(r'data-fingerprint="([0-9a-f]{64})"', page) == fingerprints, fingerprints
    assert '<td id="verifier" class="fill">verifier signer</td>' in page
    # A signature file of another statement (another period) is refused, and nothing is written.
    msg = run("statement", *common, "-s", str(shipments), "--customer", "auto-parts-hubei-01", "--from", "2021-01-01",
              "--to", "2021-05-31", "-o", str(out / "other" / "auto.json"), "--signatures",
              str(en.with_suffix(".sig.json")), expect=1)
    assert msg.count("[footprint.render.signature]") == 2 and not (out / "other").exists(), msg
    print(f"signatures: listed with their key fingerprints {[f[:16] for f in fingerprints]}; another statement's refused")
else:
    sys.exit(f"unknown mode {mode}")
