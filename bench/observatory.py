"""The MDN HTTP Observatory's scanner (npm ``@mdn/mdn-http-observatory``) against the site, twice.

1. Plain http on 127.0.0.1, as ``make run`` serves it. Three of the scanner's
   tests cannot pass without TLS: the redirection to https, HSTS (browsers
   ignore it over http) and, where the page sets a cookie, the ``Secure`` flag
   (a browser would not send such a cookie back over http). The best possible
   result over http is therefore every other test passed with its best
   outcome, and only those failing, with their http-only outcome: on the
   public pages 100 − 20 − 20 = 60 points (grade C+, since extra credit counts
   only from 90 points); on the admin's login page, which sets the CSRF cookie,
   40 (D+). The audit asserts exactly that, so any other header that goes
   missing fails it.
2. Behind TLS: the same site with ``DJANGO_HTTPS=1`` (HSTS, secure cookies,
   the https redirect) served by gunicorn with a throw-away self-signed
   certificate that only this scan trusts. Every page must get A+ (the public
   pages score 120). docs/security.md shows the nginx set-up that gives the
   same result in production.

The scanner is the same code as the MDN service; its command line refuses no
host (the service's checks against loopback and private addresses are in its
web API, not in ``src/scan.js``). Its install step would download Chromium's
HSTS preload list; ``make audit`` installs with ``--ignore-scripts`` and no
internet, so an empty list is written instead, which changes nothing for
127.0.0.1 (only domains on the list get credit from it).
"""

import contextlib
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.server import ServerError, free_port, gunicorn

PAGES = ["/", "/van-ban/31-mttq-btt/", "/quan-tri/login/"]
# The outcomes only https can turn into passes; anything else failing is a real finding.
HTTP_ONLY_FAILURES = {
    "redirection": "redirection-missing",
    "strict-transport-security": "hsts-not-implemented-no-https",
    "cookies": "cookies-without-secure-flag",
}
# The best outcome of each test that can pass over http, as the scanner names them.
BEST_OVER_HTTP = {
    "content-security-policy": {"csp-implemented-with-no-unsafe-default-src-none", "csp-implemented-with-no-unsafe"},
    "cookies": {"cookies-not-found", "cookies-without-secure-flag"},
    "cross-origin-resource-sharing": {"cross-origin-resource-sharing-not-implemented"},
    "referrer-policy": {"referrer-policy-private"},
    "subresource-integrity": {"sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
                              "sri-not-implemented-response-not-html"},
    "x-content-type-options": {"x-content-type-options-nosniff"},
    "x-frame-options": {"x-frame-options-implemented-via-csp"},
    "cross-origin-resource-policy": {"corp-not-implemented", "corp-implemented-with-same-origin"},
}  # fmt: skip
BASE_SCORE = 100


class ScannerMissing(RuntimeError):
    pass


def scanner_script(tools_dir):
    package = Path(tools_dir) / "node_modules" / "@mdn" / "mdn-http-observatory"
    script = package / "src" / "scan.js"
    if not script.is_file():
        raise ScannerMissing(f"{script} is missing; `make audit` installs the Node tools into {tools_dir}/")
    preload = package / "conf" / "hsts-preload.json"
    if not preload.is_file():
        preload.write_text("{}\n", encoding="utf-8")  # see the module docstring
    return script


def scan(script, target, ca_file=None, timeout=120):
    """The scanner's JSON for ``target`` (``host:port/path``)."""
    node = shutil.which("node")
    if not node:
        raise ScannerMissing("node is not installed (apt-get install nodejs npm)")
    env = {**os.environ}
    if ca_file:
        env["NODE_EXTRA_CA_CERTS"] = str(ca_file)
    completed = subprocess.run(
        [node, str(script), target], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    try:
        return json.loads(completed.stdout)
    except json.JSONDecodeError:
        return {"error": (completed.stdout + completed.stderr).strip()[-1000:] or f"exit {completed.returncode}"}


def http_verdict(result):
    """What keeps a plain-http scan from the best result possible over http; empty when nothing does."""
    if result.get("error"):
        return [f"scan failed: {result['error']}"]
    problems = []
    tests = result["tests"]
    expected_score = BASE_SCORE
    for name, test in tests.items():
        outcome = test["result"]
        if not test["pass"]:
            if HTTP_ONLY_FAILURES.get(name) == outcome:
                expected_score += test["scoreModifier"]
            else:
                problems.append(f"{name}: {outcome} ({test['scoreModifier']:+d})")
        elif name in BEST_OVER_HTTP and outcome not in BEST_OVER_HTTP[name]:
            problems.append(f"{name}: {outcome}, not the best outcome ({', '.join(sorted(BEST_OVER_HTTP[name]))})")
    for name in ("redirection", "strict-transport-security"):
        if name in tests and tests[name]["pass"]:
            problems.append(f"{name} passed over plain http: the scan did not test what it should")
    if not problems and result["scan"]["score"] != expected_score:
        problems.append(f"score {result['scan']['score']} ≠ {expected_score}, the best possible over http")
    return problems


def tls_verdict(result):
    """What keeps a scan behind TLS from A+; empty when nothing does."""
    if result.get("error"):
        return [f"scan failed: {result['error']}"]
    tests = result["tests"]
    problems = [
        f"{name}: {test['result']} ({test['scoreModifier']:+d})" for name, test in tests.items() if not test["pass"]
    ]
    if result["scan"]["grade"] != "A+":
        problems.append(f"grade {result['scan']['grade']} ({result['scan']['score']} points), not A+")
    return problems


def self_signed_certificate(directory):
    """A certificate for 127.0.0.1 valid for a day, and its key, made with openssl."""
    openssl = shutil.which("openssl")
    if not openssl:
        raise ScannerMissing("openssl is not installed (apt-get install openssl)")
    cert, key = Path(directory) / "tls.crt", Path(directory) / "tls.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@contextlib.contextmanager
def tls_gunicorn(*, cert, key, log_path, timeout=30):
    """gunicorn with TLS and the production https settings (DJANGO_HTTPS=1) on a free loopback port."""
    port = free_port()
    env = {**os.environ, "DJANGO_HTTPS": "1"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "namdong_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--certfile", str(cert), "--keyfile", str(key)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env,
        )  # fmt: skip
    base = f"127.0.0.1:{port}"
    context = ssl.create_default_context(cafile=str(cert))
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise ServerError(f"gunicorn with TLS exited with code {process.returncode}")
            try:
                urllib.request.urlopen(f"https://{base}/robots.txt", context=context, timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ServerError(f"gunicorn with TLS did not answer on {base} within {timeout} s") from None
                time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            process.terminate()  # the master started here, by its pid; it stops its own workers
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _line(path, result):
    if result.get("error"):
        return f"  {path:<24} error: {result['error'][:200]}"
    scan_ = result["scan"]
    failing = [name for name, test in result["tests"].items() if not test["pass"]]
    return (
        f"  {path:<24} {scan_['grade']:<3} {scan_['score']:>4} points, {scan_['testsPassed']}/{scan_['testsQuantity']}"
        f" tests passed{'; failing: ' + ', '.join(failing) if failing else ''}"
    )


def run(tools_dir, out_dir, *, workers=1, pages=PAGES):
    """Both scans over ``pages``; prints a summary and returns the problems (empty: all good)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    script = scanner_script(tools_dir)
    reports, problems = {}, []
    print("observatory: MDN HTTP Observatory, plain http (the best possible without TLS) …", flush=True)
    with gunicorn(workers=workers, log_path=out_dir / "gunicorn-http.log") as base_url:
        host = base_url.split("://", 1)[1]
        for path in pages:
            result = reports[f"http {path}"] = scan(script, host + path)
            print(_line(path, result))
            problems += [f"http {path}: {problem}" for problem in http_verdict(result)]
    print("observatory: behind TLS (DJANGO_HTTPS=1, a self-signed certificate trusted by this scan only) …", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        cert, key = self_signed_certificate(directory)
        with tls_gunicorn(cert=cert, key=key, log_path=out_dir / "gunicorn-tls.log") as host:
            for path in pages:
                result = reports[f"tls {path}"] = scan(script, host + path, ca_file=cert)
                print(_line(path, result))
                problems += [f"https {path}: {problem}" for problem in tls_verdict(result)]
    (out_dir / "observatory.json").write_text(json.dumps(reports, indent=1, ensure_ascii=False), encoding="utf-8")
    return problems
