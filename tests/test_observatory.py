"""`make audit`'s MDN HTTP Observatory verdicts (bench/observatory.py), on scans the scanner really made
of this site (tests/data/observatory-scans.json: plain http on 127.0.0.1, and behind TLS)."""

import copy
import json
from pathlib import Path

import pytest

from bench import observatory

SCANS = json.loads((Path(__file__).parent / "data" / "observatory-scans.json").read_text())


@pytest.fixture
def http_home():
    return copy.deepcopy(SCANS["http /"])


class TestPlainHttp:
    """Over plain http the best result is every test passed but the redirection and HSTS (and the cookie's
    Secure flag where a cookie is set); anything else failing, or a weaker outcome, fails the audit."""

    def test_the_site_as_served_is_the_best_possible(self, http_home):
        assert http_home["scan"]["score"] == 60
        assert observatory.http_verdict(http_home) == []
        assert observatory.http_verdict(SCANS["http /quan-tri/login/"]) == []

    def test_a_missing_policy_fails(self, http_home):
        http_home["tests"]["content-security-policy"] = {"pass": False, "result": "csp-not-implemented",
                                                         "scoreModifier": -25}  # fmt: skip
        http_home["scan"]["score"] = 35
        assert observatory.http_verdict(http_home) == ["content-security-policy: csp-not-implemented (-25)"]

    def test_a_weaker_outcome_fails(self, http_home):
        http_home["tests"]["referrer-policy"] = {"pass": True, "result": "referrer-policy-not-implemented",
                                                 "scoreModifier": 0}  # fmt: skip
        assert "referrer-policy" in observatory.http_verdict(http_home)[0]

    def test_a_score_other_than_the_best_fails(self, http_home):
        http_home["scan"]["score"] = 55
        assert observatory.http_verdict(http_home) == ["score 55 ≠ 60, the best possible over http"]

    def test_a_scan_error_fails(self):
        assert observatory.http_verdict({"error": "The site seems to be down."})


class TestBehindTls:
    """Behind TLS every test passes and the grade is A+."""

    def test_a_plus(self):
        assert SCANS["tls /"]["scan"]["grade"] == "A+" and SCANS["tls /"]["scan"]["score"] == 120
        assert observatory.tls_verdict(SCANS["tls /"]) == []

    def test_without_hsts(self):
        scan = copy.deepcopy(SCANS["tls /"])
        scan["tests"]["strict-transport-security"] = {"pass": False, "result": "hsts-not-implemented",
                                                      "scoreModifier": -20}  # fmt: skip
        scan["scan"].update(grade="B", score=80)
        assert observatory.tls_verdict(scan) == [
            "strict-transport-security: hsts-not-implemented (-20)",
            "grade B (80 points), not A+",
        ]
