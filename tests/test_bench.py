"""The audit tooling's own rules (bench/): page discovery, first-view requests, the verdict.

These run without a server or a browser; ``make audit`` runs the real tools.
"""

import http.server
import threading

import pytest

from bench import audit, load, pages

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://mttqnamdong.example.vn/</loc></url>
<url><loc>https://mttqnamdong.example.vn/van-ban/31-mttq-btt/</loc></url>
<url><loc>https://mttqnamdong.example.vn/tim-kiem/?q=giai+thuong</loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://mttqnamdong.example.vn/sitemap-tin.xml</loc></sitemap>
<sitemap><loc>https://mttqnamdong.example.vn/sitemap-trang.xml</loc></sitemap>
</sitemapindex>"""
NEWS = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://mttqnamdong.example.vn/tin-tuc/a/</loc></url>
<url><loc>https://mttqnamdong.example.vn/</loc></url></urlset>"""


def fetcher(documents):
    return lambda path: (200, documents[path]) if path in documents else (404, b"")


class TestPageDiscovery:
    """Pages are the sitemap's (following an index, on the server under test whatever host the
    sitemap names); with no sitemap the fixed list; a broken sitemap stops the audit."""

    def test_sitemap_pages_become_local_paths(self):
        paths, source = pages.public_paths(fetcher({"/sitemap.xml": SITEMAP}))
        assert paths == ["/", "/van-ban/31-mttq-btt/", "/tim-kiem/?q=giai+thuong"]
        assert source == "/sitemap.xml"

    def test_sitemap_index_is_followed_and_repeats_count_once(self):
        fetch = fetcher({"/sitemap.xml": INDEX, "/sitemap-tin.xml": NEWS, "/sitemap-trang.xml": SITEMAP})
        assert pages.public_paths(fetch)[0] == [
            "/tin-tuc/a/",
            "/",
            "/van-ban/31-mttq-btt/",
            "/tim-kiem/?q=giai+thuong",
        ]

    def test_no_sitemap_means_the_fixed_list(self):
        assert pages.public_paths(fetcher({})) == (["/", "/van-ban/31-mttq-btt/"], "fixed list (no sitemap)")

    @pytest.mark.parametrize(
        "documents",
        [
            {"/sitemap.xml": b"<html>not a sitemap"},
            {"/sitemap.xml": b"<html><body></body></html>"},
            {"/sitemap.xml": b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'},
            {"/sitemap.xml": INDEX},  # its sitemaps answer 404
        ],
    )
    def test_broken_sitemap_is_an_error(self, documents):
        with pytest.raises(pages.SitemapError):
            pages.public_paths(fetcher(documents))

    def test_server_error_on_the_sitemap_is_an_error(self):
        with pytest.raises(pages.SitemapError, match="HTTP 500"):
            pages.public_paths(lambda path: (500, b""))


class TestFirstViewRequests:
    """A first view counts stylesheets, scripts, icons, the manifest, fonts, preloads and frames;
    not images, media, alternate stylesheets, links that load nothing, or data: URLs."""

    PAGE = "http://127.0.0.1:8100/van-ban/31-mttq-btt/"

    def kinds(self, html):
        return [(resource.kind, resource.url) for resource in pages.first_view_requests(html, self.PAGE)]

    def test_what_counts(self):
        html = """<!DOCTYPE html><html><head>
        <link rel="stylesheet" href="/static/css/site.css">
        <link rel="stylesheet" href="/static/css/site.css">
        <link rel="alternate stylesheet" href="/static/css/high-contrast.css">
        <link rel="preload" href="/static/fonts/a.woff2" as="font" crossorigin>
        <link rel="preload" href="/static/img/hero.avif" as="image">
        <link rel="modulepreload" href="/static/js/m.js">
        <link rel="manifest" href="/manifest.webmanifest">
        <link rel="canonical" href="https://mttqnamdong.example.vn/van-ban/31-mttq-btt/">
        <link rel="alternate" hreflang="en" href="/en/van-ban/31-mttq-btt/">
        <link rel="icon" href="data:,">
        <script src="app.js" defer></script><script>inline()</script>
        <style>@import url("/static/css/print.css"); .x{background:url(/static/img/bg.png)}</style>
        </head><body><img src="/media/a.jpg" alt=""><iframe src="https://www.youtube.com/embed/x" title="v"></iframe>
        <video src="/media/v.mp4"></video></body></html>"""
        assert self.kinds(html) == [
            ("stylesheet", "http://127.0.0.1:8100/static/css/site.css"),
            ("font", "http://127.0.0.1:8100/static/fonts/a.woff2"),
            ("script", "http://127.0.0.1:8100/static/js/m.js"),
            ("manifest", "http://127.0.0.1:8100/manifest.webmanifest"),
            ("script", "http://127.0.0.1:8100/van-ban/31-mttq-btt/app.js"),
            ("frame", "https://www.youtube.com/embed/x"),
            ("stylesheet", "http://127.0.0.1:8100/static/css/print.css"),
            # No icon is named (a data: URL is no request), so the browser asks for /favicon.ico.
            ("icon", "http://127.0.0.1:8100/favicon.ico"),
        ]

    def test_a_named_icon_replaces_the_implicit_favicon(self):
        html = '<link rel="icon" href="/static/img/icon.svg"><link rel="apple-touch-icon" href="/a.png">'
        assert self.kinds(html) == [
            ("icon", "http://127.0.0.1:8100/static/img/icon.svg"),
            ("icon", "http://127.0.0.1:8100/a.png"),
        ]

    def test_stylesheet_imports_and_fonts(self):
        css = """/* @import url(commented.css); */
        @import "base.css";
        @font-face { font-family: Be; src: url('../fonts/be.woff2') format('woff2'), url(//fonts.example.com/be.ttf); }
        body { background: url("../img/paper.png"); }"""
        found = pages.css_resources(css, "http://127.0.0.1:8100/static/css/site.css")
        assert [(resource.kind, resource.url) for resource in found] == [
            ("stylesheet", "http://127.0.0.1:8100/static/css/base.css"),
            ("font", "http://127.0.0.1:8100/static/fonts/be.woff2"),
            ("font", "http://fonts.example.com/be.ttf"),
        ]

    def test_same_origin(self):
        assert pages.is_same_origin("http://127.0.0.1:8100/static/a.css", self.PAGE)
        assert not pages.is_same_origin("http://127.0.0.1:8101/static/a.css", self.PAGE)
        assert not pages.is_same_origin("https://cdn.example.com/a.css", self.PAGE)

    def test_gzip_size_follows_whitenoise(self):
        text = ("Mặt trận Tổ quốc Việt Nam phường Nam Đồng. " * 200).encode()
        assert pages.gzip_size(text) < len(text) / 10
        tiny = b"body{}"
        assert pages.gzip_size(tiny) == len(tiny)  # gzip would not save 5 %: sent as is


def passing_result(path="/"):
    result = audit.PageResult(path, status=200, content_type="text/html; charset=utf-8", median_ms=3.0)
    result.axe = {width: [] for width in audit.WIDTHS}
    result.requests = [("document", "http://127.0.0.1:8100/"), ("stylesheet", "http://127.0.0.1:8100/s.css")]
    result.sent_bytes = 2048
    return result


class TestAuditVerdict:
    """`make audit` exits 1 when any page misses any budget, and 0 only when every page meets all of them."""

    def test_all_within_budget_exits_0(self, tmp_path, capsys):
        result = passing_result()
        result.lighthouse = dict.fromkeys(audit.LIGHTHOUSE_BUDGETS, 100)
        assert audit.report([result, passing_result("/van-ban/31-mttq-btt/")], tmp_path) == 0
        assert "all 2 page(s) within budget" in capsys.readouterr().out

    @pytest.mark.parametrize(
        "spoil, expected",
        [
            (lambda r: setattr(r, "status", 404), "HTTP 404"),
            (lambda r: r.vnu_errors.append("line 3: Stray end tag “div”."), "HTML: line 3: Stray end tag"),
            (lambda r: r.axe[390].append("color-contrast (serious, 2 element(s))"), "axe @390px: color-contrast"),
            (lambda r: r.axe[1280].append("region (moderate, 1 element(s))"), "axe @1280px: region"),
            (lambda r: r.axe.pop(1280), "axe @1280px: not run"),
            (lambda r: r.console_errors.append("@390px: boom"), "console: @390px: boom"),
            (lambda r: setattr(r, "sent_bytes", 61 * 1024), "weight: 61.0 KB > 60 KB"),
            (lambda r: r.requests.extend([("script", "http://127.0.0.1:8100/x.js")] * 5), "requests: 7 > 6"),
            (lambda r: r.external.append("https://cdn.example.com/x.js"), "external request: https://cdn"),
            (lambda r: setattr(r, "lighthouse", {}), "Lighthouse: no run completed"),
        ],
    )
    def test_a_missed_budget_exits_1(self, tmp_path, capsys, spoil, expected):
        result = passing_result()
        spoil(result)
        assert audit.report([passing_result("/a/"), result], tmp_path) == 1
        out = capsys.readouterr().out
        assert expected in out
        assert "1 of 2 page(s) miss a budget" in out

    def test_lighthouse_below_budget_exits_1(self, tmp_path, capsys):
        result = passing_result()
        result.lighthouse = {"performance": 94, "accessibility": 100, "best-practices": 100, "seo": 100}
        result.lighthouse_failures = ["performance 94 < 95 (runs: 93/94/96)"]
        assert audit.report([result], tmp_path) == 1
        out = capsys.readouterr().out
        assert "94 ✗" in out
        assert "Lighthouse: performance 94 < 95" in out

    def test_lighthouse_crash_is_retried_once_and_a_low_score_never(self, tmp_path, monkeypatch, capsys):
        def report(score):
            return {"categories": {category: {"score": score} for category in audit.LIGHTHOUSE_BUDGETS}, "audits": {}}

        outcomes = iter([(None, "NO_NAVSTART"), (report(1.0), None), (report(0.9), None), (report(1.0), None)])
        monkeypatch.setattr(audit, "_lighthouse_once", lambda *args: next(outcomes))
        result = passing_result()
        audit.run_lighthouse(None, "http://127.0.0.1:8100", result, 3, tmp_path)
        assert result.lighthouse == dict.fromkeys(audit.LIGHTHOUSE_BUDGETS, 100)
        assert result.lighthouse_failures == []
        assert "run 1 failed, trying again: NO_NAVSTART" in capsys.readouterr().err

    def test_lighthouse_crashing_twice_is_a_failure(self, tmp_path, monkeypatch):
        outcomes = iter([(None, "NO_NAVSTART"), (None, "NO_NAVSTART")])
        monkeypatch.setattr(audit, "_lighthouse_once", lambda *args: next(outcomes))
        result = passing_result()
        audit.run_lighthouse(None, "http://127.0.0.1:8100", result, 1, tmp_path)
        assert result.lighthouse == {}
        assert result.lighthouse_failures == ["Lighthouse run 1 failed twice: NO_NAVSTART"]

    def test_missing_java_is_named(self, tmp_path, monkeypatch):
        monkeypatch.setattr(audit.shutil, "which", lambda name: None if name == "java" else f"/usr/bin/{name}")
        with pytest.raises(audit.ToolMissing, match="java is not installed"):
            audit.find_tools(tmp_path)

    def test_missing_node_tools_are_named(self, tmp_path, monkeypatch):
        monkeypatch.setattr(audit.shutil, "which", lambda name: f"/usr/bin/{name}")
        monkeypatch.setattr(audit.subprocess, "run", lambda *a, **k: type("R", (), {"stdout": "v20.20.2\n"})())
        with pytest.raises(audit.ToolMissing, match="vnu.jar is missing"):
            audit.find_tools(tmp_path)

    def test_old_node_is_refused(self, tmp_path, monkeypatch):
        monkeypatch.setattr(audit.shutil, "which", lambda name: f"/usr/bin/{name}")
        monkeypatch.setattr(audit.subprocess, "run", lambda *a, **k: type("R", (), {"stdout": "v16.20.0\n"})())
        with pytest.raises(audit.ToolMissing, match="too old"):
            audit.find_tools(tmp_path)

    def test_report_slugs(self):
        assert audit.slug_for("/") == "index"
        assert audit.slug_for("/van-ban/31-mttq-btt/") == "van-ban_31-mttq-btt"
        assert audit.slug_for("/tim-kiem/?q=giai thuong") == "tim-kiem_q_giai_thuong"


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8154/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    67.52ms   15.01ms 150.22ms   72.50%
    Req/Sec    60.01     12.33    90.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   74.60ms
     90%   83.50ms
     99%    1.20s
  601 requests in 5.01s, 1.07MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 2
Requests/sec:    119.96
Transfer/sec:    218.56KB
"""


class TestLoadFigures:
    """`make bench` reads wrk's figures in milliseconds, counts every error, and its own client
    stops at its request bound."""

    def test_wrk_output(self):
        assert load.parse_wrk(WRK_OUTPUT) == {
            "requests": 601,
            "rps": 119.96,
            "p50": 0.85,
            "p75": 74.6,
            "p90": 83.5,
            "p99": 1200.0,
            "errors": 6,
        }

    def test_nearest_rank_percentile(self):
        values = list(range(1, 101))
        assert [load.percentile(values, p) for p in (0.5, 0.9, 0.99, 1.0)] == [50, 90, 99, 100]
        assert load.percentile([7.0], 0.99) == 7.0

    def test_python_client_is_bounded(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200 if self.path == "/" else 404)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            base_url = f"http://127.0.0.1:{server.server_address[1]}"
            figures = load.run_python_client(base_url, "/", seconds=30, connections=4, max_requests=40)
            missing = load.run_python_client(base_url, "/khong-co/", seconds=30, connections=2, max_requests=6)
        finally:
            server.shutdown()
            server.server_close()
        assert figures["requests"] == 40
        assert figures["errors"] == 0
        assert figures["p50"] <= figures["p99"]
        assert missing["errors"] == 6


class TestAxeTargets:
    """An axe violation names its elements, also inside frames and shadow roots."""

    def test_nested_selectors_are_flattened(self):
        assert audit._target(["main > p"]) == "main > p"
        assert audit._target(["iframe", ["#host", "button"]]) == "iframe #host button"


class TestServerFigures:
    """`make bench` reads each process's CPU time and memory from /proc, finds gunicorn's workers
    by their parent, and divides CPU time by the requests served."""

    # Field 2 may hold spaces and parentheses; ppid is field 4, utime 14, stime 15.
    STAT = "4242 (gunicorn: worker [a) b]) S 4200 4200 4200 0 -1 4194560 9 0 0 0 150 37 2 1 20 0 1 0 99 1 2\n"

    def test_proc_stat(self):
        assert load.parse_proc_stat(self.STAT) == (4200, 187)

    def test_proc_status_rss(self):
        assert load.parse_rss_kib("Name:\tgunicorn\nVmPeak:\t 90000 kB\nVmRSS:\t   61440 kB\n") == 61440
        with pytest.raises(ValueError):
            load.parse_rss_kib("Name:\tgunicorn\n")

    def test_workers_and_cpu_from_a_proc_tree(self, tmp_path, monkeypatch):
        def process(pid, ppid, utime, stime, rss_kib):
            (tmp_path / str(pid)).mkdir()
            fields = ["S", ppid, 1, 1, 0, -1, 0, 0, 0, 0, 0, utime, stime, 0, 0, 20, 0, 1, 0, 5]
            (tmp_path / str(pid) / "stat").write_text(f"{pid} (gunicorn) " + " ".join(map(str, fields)) + "\n")
            (tmp_path / str(pid) / "status").write_text(f"Name:\tgunicorn\nVmRSS:\t{rss_kib} kB\n")

        process(100, 1, 10, 5, 40960)
        process(102, 100, 200, 100, 61440)
        process(101, 100, 300, 100, 51200)
        process(300, 1, 9999, 9999, 1)  # not ours
        (tmp_path / "self").mkdir()
        monkeypatch.setattr(load.os, "sysconf", lambda name: 100)
        assert load.server_pids(100, proc=tmp_path) == [100, 101, 102]
        assert load.cpu_seconds([100, 101, 102, 999], proc=tmp_path) == pytest.approx(7.15)  # 999 has exited
        assert load.rss_mib(102, proc=tmp_path) == 60.0

    def test_table_gives_each_target_its_share_of_the_static_file(self):
        def result(label, rps, cpu_ms):
            return {"label": label, "requests": int(rps * 5), "rps": rps, "p50": 1.234, "p99": 9.87,
                    "cpu_ms": cpu_ms, "rss": 61.4, "errors": 0}  # fmt: skip

        rows = load.speed_rows([result("home", 1000.0, 2.4), result("static CSS", 2000.0, 0.96)])
        # 2.4 ms where the static file costs 0.96 ms is 1.2 ms on the reference machine (0.48 ms).
        assert rows[0] == ["home", 5000, "1000", "1.2", "9.9", "2.40", "1.20", "61", "0.50", 0]
        assert rows[1][-2] == "1.00"
        assert rows[1][6] == "0.48"
        alone = load.speed_rows([result("home", 10.0, 1.0)])[0]  # no static file measured
        assert alone[-2] == "–"
        assert alone[6] == "–"
        assert len(load.SPEED_HEADERS) == len(rows[0])


class TestSnapshot:
    """bench/snapshot.py: renders every public page at a fixed moment; the comparison
    ignores only whitespace around tags and the spelling of escaped quotes."""

    def test_normalise_ignores_layout_not_content(self):
        from bench.snapshot import normalise

        spaced = "<p>\n  Tổ &#x27;A&#x27; &quot;x&quot;\n</p>  <a>"
        assert normalise(spaced) == normalise("<p>Tổ &#39;A&#39; &#34;x&#34;</p><a>")
        assert normalise("<p>Tổ A</p>") != normalise("<p>Tổ  B</p>")
        assert normalise("<p>a b</p>") != normalise("<p>ab</p>")

    def test_render_then_compare(self, letter, tmp_path, settings, capsys):
        from bench import snapshot

        settings.ALLOWED_HOSTS = ["testserver"]
        assert snapshot.render(tmp_path / "before", snapshot.datetime.datetime(2026, 11, 30, 5, 0)) == 0
        pages = {path.name: path for path in (tmp_path / "before").glob("*.html")}
        assert snapshot.file_name("/van-ban/31-mttq-btt/") in pages
        assert snapshot.file_name("/khong-co/") in pages  # a 404 page, kept with its status
        assert "<!-- /khong-co/ 404 -->" in pages[snapshot.file_name("/khong-co/")].read_text(encoding="utf-8")
        after = tmp_path / "after"
        after.mkdir()
        for name, path in pages.items():
            (after / name).write_text(path.read_text(encoding="utf-8").replace("> <", ">\n<"), encoding="utf-8")
        assert snapshot.compare(tmp_path / "before", after) == 0
        letter_page = after / snapshot.file_name("/van-ban/31-mttq-btt/")
        letter_page.write_text(letter_page.read_text(encoding="utf-8").replace("31/MTTQ-BTT", "32/MTTQ-BTT"))
        (after / snapshot.file_name("/")).unlink()
        assert snapshot.compare(tmp_path / "before", after) == 1
        output = capsys.readouterr().out
        assert "2 of" in output and "MISSING" in output and "32/MTTQ-BTT" in output
