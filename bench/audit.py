"""`make audit`: hold every public page to its budgets, against the site as served.

Starts gunicorn on a free loopback port with the environment ``make run`` uses
(DEBUG off, plain http), finds the pages (``/sitemap.xml``, or the fixed list
while there is none; the home page and the letter always), and checks each:

- HTTP 200 and HTML;
- the Nu HTML Checker (vnu.jar): 0 errors;
- axe-core in Chromium at 390 px and 1280 px wide: 0 violations (axe's default
  rules: WCAG 2.0–2.2 A and AA plus best practices);
- no errors in the browser console;
- first view, images aside: HTML+CSS+JS as the server sends it to a client that
  accepts gzip ≤ 60 KB, ≤ 6 requests, none to another host;
- Lighthouse 12 (mobile) on the home page and the letter, the median of
  ``--lighthouse-runs`` runs: performance ≥ 95, accessibility, best practices
  and SEO 100;
- the MDN HTTP Observatory (``bench/observatory.py``) on the home page, the
  letter and the admin's login: the best result possible over plain http, and
  A+ behind TLS.

It also records the median response time of the page itself. It prints one
table, then what failed and why, writes the raw reports to ``bench/out/audit/``,
stops the server, and exits 1 when any budget is missed (2 when a tool is
missing or the server does not start).
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench import observatory
from bench import pages as site_pages
from bench.server import ServerError, get, gunicorn

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (390, 1280)
LIGHTHOUSE_BUDGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
NODE_MIN = (20, 0)  # Lighthouse 12 declares 18.16; the MDN HTTP Observatory 20


class ToolMissing(RuntimeError):
    """A tool the audit needs is not installed: the audit fails rather than skip a check."""


@dataclass
class Tools:
    java: str
    node: str
    chromium: str
    vnu_jar: Path
    axe_js: Path
    lighthouse_cli: Path


@dataclass
class PageResult:
    path: str
    status: int = 0
    content_type: str = ""
    html: str = ""
    median_ms: float | None = None
    vnu_errors: list = field(default_factory=list)
    axe: dict = field(default_factory=dict)  # width -> [violation description]
    console_errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)  # [(resource type, url)] at 390 px, images and media aside
    external: list = field(default_factory=list)
    sent_bytes: int | None = None
    uncompressed: list = field(default_factory=list)  # responses sent without gzip that gzip would shrink
    lighthouse: dict | None = None  # category -> median score (0-100)
    lighthouse_failures: list = field(default_factory=list)

    @property
    def is_html(self):
        return self.status == 200 and self.content_type.startswith("text/html")


def find_tools(tools_dir):
    """Every tool the audit drives, or ``ToolMissing`` naming the first one absent and how to get it."""
    java = shutil.which("java")
    if not java:
        raise ToolMissing(
            "java is not installed; the Nu HTML Checker needs Java 11+ (apt-get install default-jre-headless)"
        )
    node = shutil.which("node")
    if not node:
        raise ToolMissing("node is not installed; the audit needs Node.js 20+ (apt-get install nodejs npm)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    match = re.match(r"v(\d+)\.(\d+)", version)
    if not match or tuple(map(int, match.groups())) < NODE_MIN:
        raise ToolMissing(f"node {version} is too old; the audit's tools need Node.js {NODE_MIN[0]}.{NODE_MIN[1]}+")
    chromium = shutil.which("chromium")
    if not chromium:
        raise ToolMissing("chromium is not installed (apt-get install chromium fonts-noto-core)")
    modules = Path(tools_dir) / "node_modules"
    tools = Tools(
        java=java,
        node=node,
        chromium=chromium,
        vnu_jar=modules / "vnu-jar/build/dist/vnu.jar",
        axe_js=modules / "axe-core/axe.min.js",
        lighthouse_cli=modules / "lighthouse/cli/index.js",
    )
    for path in (tools.vnu_jar, tools.axe_js, tools.lighthouse_cli):
        if not path.is_file():
            raise ToolMissing(f"{path} is missing; `make audit` installs the Node tools into {tools_dir}/")
    return tools


def slug_for(path):
    """A file name for a page's reports: ``/`` is ``index``, ``/van-ban/x/`` is ``van-ban_x``."""
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", path.strip("/")).strip("_")
    return slug or "index"


# --- HTTP: status, body, response time, bytes on the wire ---------------------------------------


def fetch_pages(base_url, results, timing_requests, warm_up):
    for result in results:
        for _ in range(warm_up):  # every gunicorn worker loads its templates and connects to the database once
            get(base_url, result.path)
    for result in results:
        status, headers, body = get(base_url, result.path)
        result.status = status
        result.content_type = headers.get("Content-Type", "")
        result.html = body.decode("utf-8", errors="replace")
        timings = []
        for _ in range(timing_requests):
            started = time.perf_counter()
            get(base_url, result.path, headers={"Accept-Encoding": "gzip"})
            timings.append((time.perf_counter() - started) * 1000)
        result.median_ms = statistics.median(timings)


def measure_bytes(base_url, result):
    """HTML+CSS+JS of the first view as sent to a client that accepts gzip, from the browser's own requests."""
    total = 0
    for resource_type, url in result.requests:
        if resource_type not in {"document", "stylesheet", "script"}:
            continue
        if not site_pages.is_same_origin(url, base_url):
            continue  # counted as external; the audit never fetches another host
        parts = urlsplit(url)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        _, headers, body = get(base_url, path, headers={"Accept-Encoding": "gzip"})
        total += len(body)
        if headers.get("Content-Encoding", "") != "gzip" and site_pages.gzip_size(body) < len(body):
            result.uncompressed.append(f"{path} ({len(body)} B sent, {site_pages.gzip_size(body)} B gzipped)")
    result.sent_bytes = total


# --- Nu HTML Checker ------------------------------------------------------------------------------


def run_vnu(tools, results, out_dir):
    """Check the HTML of every page in one JVM: the files as downloaded, errors only."""
    html_dir = out_dir / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    by_file = {}
    for result in results:
        if result.is_html:
            file = html_dir / f"{slug_for(result.path)}.html"
            file.write_text(result.html, encoding="utf-8")
            by_file[file.resolve()] = result
    if not by_file:
        return
    command = [tools.java, "-jar", str(tools.vnu_jar), "--errors-only", "--exit-zero-always", "--format", "json"]
    completed = subprocess.run([*command, *map(str, by_file)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(completed.stderr or completed.stdout)
    except json.JSONDecodeError as error:
        raise ToolMissing(f"vnu.jar did not answer with JSON: {completed.stderr[-2000:]}") from error
    (out_dir / "vnu.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    for message in report.get("messages", []):
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        file = Path(urlsplit(message.get("url", "")).path).resolve()
        result = by_file.get(file)
        where = f"line {message['lastLine']}: " if "lastLine" in message else ""
        text = f"{where}{message.get('message', '')}"
        if result is None:  # cannot happen unless vnu renames files; never drop an error
            for each in by_file.values():
                each.vnu_errors.append(f"{message.get('url')}: {text}")
        else:
            result.vnu_errors.append(text)


# --- Chromium: axe-core, console, requests --------------------------------------------------------


def run_browser(tools, base_url, results, out_dir):
    """axe-core at each width in a fresh context (no cache), the first-view requests at 390 px."""
    from playwright.sync_api import sync_playwright

    axe_source = tools.axe_js.read_text(encoding="utf-8")
    reports = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=tools.chromium, args=["--no-sandbox"])
        try:
            for result in results:
                if not result.is_html:
                    continue
                for width in WIDTHS:
                    reports[f"{result.path} @{width}"] = _browse(browser, base_url, result, width, axe_source)
        finally:
            browser.close()
    (out_dir / "axe.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")


def _browse(browser, base_url, result, width, axe_source):
    mobile = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if mobile else 900},
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=2 if mobile else 1,
        # axe is injected as a script; a Content-Security-Policy must not stop the audit.
        bypass_csp=True,
    )
    try:
        page = context.new_page()
        requests, console = [], []
        page.on("request", lambda request: requests.append((request.resource_type, request.url)))
        page.on("console", lambda message: console.append(_console_text(message)) if message.type == "error" else None)
        page.on("pageerror", lambda error: console.append(str(error)))
        page.goto(base_url + result.path, wait_until="load", timeout=60_000)
        page.wait_for_timeout(250)  # let late console errors and lazy requests arrive
        page.add_script_tag(content=axe_source)
        report = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    result.axe[width] = [
        f"{violation['id']} ({violation.get('impact')}, {len(violation['nodes'])} element(s)): {violation['help']}"
        f" — {', '.join(_target(node['target']) for node in violation['nodes'][:3])}"
        for violation in report["violations"]
    ]
    result.console_errors += [f"@{width}px: {text}" for text in dict.fromkeys(console)]
    if mobile:
        # One URL is one request: Chromium reports the favicon both as "image" and as "other".
        first_seen = {}
        for kind, url in requests:
            if kind not in {"image", "media"} and url.startswith("http"):
                first_seen.setdefault(url, kind)
        result.requests = [(kind, url) for url, kind in first_seen.items()]
        # Chromium fetches /favicon.ico outside the page's own requests when the page names no icon.
        seen = {url for _, url in result.requests}
        result.requests += [
            ("icon", resource.url)
            for resource in site_pages.first_view_requests(result.html, base_url + result.path)
            if resource.kind == "icon" and resource.url not in seen and urlsplit(resource.url).path == "/favicon.ico"
        ]
        result.external = [
            url for kind, url in requests if url.startswith("http") and not site_pages.is_same_origin(url, base_url)
        ]
    return report["violations"]


def _target(selectors):
    """axe's CSS selector path of an element; inside frames or shadow roots its parts are lists."""
    return " ".join(_target(part) if isinstance(part, list) else str(part) for part in selectors)


def _console_text(message):
    url = (message.location or {}).get("url")
    return f"{message.text} ({url})" if url and url not in message.text else message.text


# --- Lighthouse -----------------------------------------------------------------------------------


def run_lighthouse(tools, base_url, result, runs, out_dir):
    """Median score per category over ``runs`` runs; the failing audits of the median performance run."""
    lh_dir = out_dir / "lighthouse"
    lh_dir.mkdir(parents=True, exist_ok=True)
    reports = []
    for run in range(1, runs + 1):
        # A run that crashes (Lighthouse's own runtime error, such as NO_NAVSTART on a busy
        # machine) is tried once more and said so; a low score is never retried.
        for attempt in (1, 2):
            report, error = _lighthouse_once(tools, base_url, result.path, lh_dir / f"{slug_for(result.path)}-{run}")
            if report is not None:
                reports.append(report)
                break
            if attempt == 1:
                print(f"lighthouse: {result.path} run {run} failed, trying again: {error[-300:]}", file=sys.stderr)
            else:
                result.lighthouse_failures.append(f"Lighthouse run {run} failed twice: {error}")
    if not reports:
        result.lighthouse = {}
        return
    scores = {category: [_score(report, category) for report in reports] for category in LIGHTHOUSE_BUDGETS}
    result.lighthouse = {category: statistics.median_low(values) for category, values in scores.items()}
    by_performance = sorted(reports, key=lambda report: _score(report, "performance"))
    median_report = by_performance[(len(by_performance) - 1) // 2]
    for category, budget in LIGHTHOUSE_BUDGETS.items():
        if result.lighthouse[category] >= budget:
            continue
        runs_text = "/".join(str(value) for value in scores[category])
        result.lighthouse_failures.append(f"{category} {result.lighthouse[category]} < {budget} (runs: {runs_text})")
        result.lighthouse_failures.extend(f"    {line}" for line in _failing_audits(median_report, category))


def _lighthouse_once(tools, base_url, path, output):
    """``(report, None)`` from one Lighthouse run, or ``(None, what went wrong)``."""
    command = [
        tools.node, str(tools.lighthouse_cli), base_url + path,
        "--output=json", "--output=html", f"--output-path={output}",
        "--only-categories=" + ",".join(LIGHTHOUSE_BUDGETS),
        f"--chrome-path={tools.chromium}", f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}", "--quiet",
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report_file = Path(f"{output}.report.json")
    if completed.returncode != 0 or not report_file.is_file():
        return None, completed.stderr.strip()[-1500:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        report_file.unlink()
        return None, str(report["runtimeError"].get("message"))
    return report, None


def _score(report, category):
    score = report["categories"][category]["score"]
    return round(score * 100) if score is not None else 0


def _failing_audits(report, category):
    lines = []
    if category == "performance":
        metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                   "cumulative-layout-shift", "speed-index")  # fmt: skip
        lines.append(", ".join(f"{m}: {report['audits'][m].get('displayValue', '?')}" for m in metrics))
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) <= 0 or audit.get("score") is None or audit["score"] >= 1:
            continue
        value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        lines.append(f"{ref['id']}{value}: {audit['title']}")
        items = (audit.get("details") or {}).get("items") or []
        for item in items[:3]:
            detail = _describe_item(item)
            if detail:
                lines.append(f"  {detail}")
    return lines


def _describe_item(item):
    parts = []
    for key in ("description", "url", "source"):
        value = item.get(key)
        if isinstance(value, str) and value:
            parts.append(value)
    location = item.get("sourceLocation") or {}
    if isinstance(location, dict) and location.get("url"):
        parts.append(location["url"])
    node = item.get("node") or {}
    if isinstance(node, dict) and node.get("snippet"):
        parts.append(node["snippet"])
    return " — ".join(parts)[:300]


# --- Verdict and table ----------------------------------------------------------------------------


def page_failures(result):
    """What the page misses, one line per budget; empty when it meets them all."""
    failures = []
    if not result.is_html:
        failures.append(f"HTTP {result.status} {result.content_type or ''}".strip() + ": not an HTML page with 200")
        return failures
    failures += [f"HTML: {error}" for error in result.vnu_errors]
    for width in WIDTHS:
        failures += [f"axe @{width}px: {violation}" for violation in result.axe.get(width, ["not run"])]
    failures += [f"console: {error}" for error in result.console_errors]
    if result.sent_bytes is None or result.sent_bytes > site_pages.BUDGET_BYTES:
        failures.append(f"weight: {_kb(result.sent_bytes)} KB > {site_pages.BUDGET_BYTES // 1024} KB")
    if len(result.requests) > site_pages.BUDGET_REQUESTS:
        listed = ", ".join(f"{kind} {url}" for kind, url in result.requests)
        failures.append(f"requests: {len(result.requests)} > {site_pages.BUDGET_REQUESTS}: {listed}")
    failures += [f"external request: {url}" for url in result.external]
    if result.lighthouse is not None:
        if not result.lighthouse:
            failures.append("Lighthouse: no run completed")
        failures += [line if line.startswith(" ") else f"Lighthouse: {line}" for line in result.lighthouse_failures]
    return failures


def _kb(size):
    return "?" if size is None else f"{size / 1024:.1f}"


def _cell(value, ok):
    return f"{value}" if ok else f"{value} ✗"


def table_rows(results):
    headers = ["page", "HTTP", "vnu", "axe 390", "axe 1280", "console", "KB gz", "req", "ext", "ms p50",
               "LH perf", "a11y", "b.p.", "SEO"]  # fmt: skip
    rows, budget_bytes = [], site_pages.BUDGET_BYTES
    for result in results:
        html = result.is_html
        row = [result.path, _cell(result.status, html)]
        if html:
            row += [
                _cell(len(result.vnu_errors), not result.vnu_errors),
                *(_cell(len(result.axe.get(w, [])), w in result.axe and not result.axe[w]) for w in WIDTHS),
                _cell(len(result.console_errors), not result.console_errors),
                _cell(_kb(result.sent_bytes), result.sent_bytes is not None and result.sent_bytes <= budget_bytes),
                _cell(len(result.requests), len(result.requests) <= site_pages.BUDGET_REQUESTS),
                _cell(len(result.external), not result.external),
            ]
        else:
            row += ["–"] * 7
        row.append(f"{result.median_ms:.1f}" if result.median_ms is not None else "–")
        if result.lighthouse:
            row += [_cell(result.lighthouse[c], result.lighthouse[c] >= b) for c, b in LIGHTHOUSE_BUDGETS.items()]
        elif result.lighthouse is not None:
            row += ["failed ✗"] + ["–"] * 3
        else:
            row += ["–"] * 4
        rows.append(row)
    return headers, rows


def format_table(headers, rows):
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [headers, *rows]]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


# --- Main -----------------------------------------------------------------------------------------


def discover(base_url, explicit_paths):
    if explicit_paths:
        return list(dict.fromkeys(explicit_paths)), "--path"

    def fetch(path):
        status, _, body = get(base_url, path)
        return status, body

    paths, source = site_pages.public_paths(fetch)
    missing = [path for path in site_pages.LIGHTHOUSE_PATHS if path not in paths]
    if missing:
        source += " + " + ", ".join(missing)
    return [*paths, *missing], source


def audit(args, tools, out_dir):
    log_path = out_dir / "gunicorn.log"
    with gunicorn(port=args.port, workers=args.workers, log_path=log_path) as base_url:
        paths, source = discover(base_url, args.path)
        print(f"audit: {len(paths)} page(s) from {source}, served by gunicorn at {base_url}", flush=True)
        results = [PageResult(path) for path in paths]
        fetch_pages(base_url, results, args.timing_requests, warm_up=2 * args.workers)
        print("audit: Nu HTML Checker …", flush=True)
        run_vnu(tools, results, out_dir)
        print(f"audit: axe-core in Chromium at {' and '.join(f'{w} px' for w in WIDTHS)} …", flush=True)
        run_browser(tools, base_url, results, out_dir)
        for result in results:
            if result.is_html:
                measure_bytes(base_url, result)
        for result in results:
            if result.path in site_pages.LIGHTHOUSE_PATHS and result.is_html:
                print(f"audit: Lighthouse ×{args.lighthouse_runs} on {result.path} …", flush=True)
                run_lighthouse(tools, base_url, result, args.lighthouse_runs, out_dir)
    return results


def report(results, out_dir):
    headers, rows = table_rows(results)
    print()
    print(format_table(headers, rows))
    print()
    print(f"Budgets: 0 HTML errors, 0 axe violations, 0 console errors; first view (images aside) "
          f"≤ {site_pages.BUDGET_BYTES // 1024} KB HTML+CSS+JS as sent with gzip, ≤ {site_pages.BUDGET_REQUESTS} "
          f"requests, 0 to other hosts; Lighthouse (mobile, median): "
          + ", ".join(f"{c} ≥ {b}" for c, b in LIGHTHOUSE_BUDGETS.items()) + ".")  # fmt: skip
    notes = [(result.path, line) for result in results for line in result.uncompressed]
    if notes:
        print("\nNote: sent without compression although the client accepts gzip:")
        for _, line in notes:
            print(f"  {line}")
    failed = [(result, page_failures(result)) for result in results]
    failed = [(result, lines) for result, lines in failed if lines]
    if failed:
        print("\nFAILED")
        for result, lines in failed:
            print(f"\n{result.path}")
            for line in lines:
                print(f"    {line}" if line.startswith(" ") else f"  - {line}")
    print(f"\nReports: {out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}/")
    if failed:
        print(f"audit: {len(failed)} of {len(results)} page(s) miss a budget")
        return 1
    print(f"audit: all {len(results)} page(s) within budget")
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tools", default=str(ROOT / ".audit-tools"), help="where the Node tools are installed")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "audit"), help="where reports are written")
    parser.add_argument("--port", type=int, default=0, help="loopback port for gunicorn (default: any free one)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--path", action="append", help="audit this path instead of the discovered pages")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--timing-requests", type=int, default=9, help="requests per page for the response time")
    args = parser.parse_args(argv)
    if args.lighthouse_runs < 1 or args.timing_requests < 1:
        parser.error("--lighthouse-runs and --timing-requests must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    out_dir = Path(args.out).resolve()
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    try:
        tools = find_tools(args.tools)
        results = audit(args, tools, out_dir)
        code = report(results, out_dir)
        security = observatory.run(args.tools, out_dir / "observatory", workers=args.workers)
    except (ToolMissing, ServerError, site_pages.SitemapError, observatory.ScannerMissing) as error:
        print(f"audit: cannot run: {error}", file=sys.stderr)
        return 2
    if security:
        print("\nFAILED (MDN HTTP Observatory)")
        for line in security:
            print(f"  - {line}")
        return 1
    print("observatory: the best result possible over plain http, and A+ behind TLS")
    return code


if __name__ == "__main__":
    sys.exit(main())
