"""Strict security headers on every response, public and admin."""

import pytest


class TestHeaders:
    """Public pages forbid inline script and other hosts; framing and sniffing are refused."""

    @pytest.mark.parametrize("url", ["/", "/van-ban/31-mttq-btt/", "/tim-kiem/?q=a", "/khong-co/", "/sitemap.xml"])
    def test_public(self, client, letter, url):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "geolocation=()" in response["Permissions-Policy"]

    def test_admin_policy(self, client, letter):
        policy = client.get("/quan-tri/login/")["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-eval" not in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
