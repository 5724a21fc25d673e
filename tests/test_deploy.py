"""The configuration files docs/deploy.md ships (deploy/): they load, and they agree with the app.

``nginx -t`` checks the site with a throwaway self-signed certificate;
``systemd-analyze verify`` checks the units with the paths pointed at this checkout.
"""

import re
import runpy
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from campaign.images import MAX_BYTES
from progress.admin import ReportPhotoInline

DEPLOY = settings.BASE_DIR / "deploy"
HOST = "mttqnamdong.example.vn"
UNITS = ["namdong.service", "namdong-backup.service", "namdong-backup.timer"]


def nginx_size(value):
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def test_nginx_takes_the_largest_upload_the_app_accepts():
    (limit,) = re.findall(r"^\s*client_max_body_size\s+(\S+);", (DEPLOY / "nginx.conf").read_text(), re.MULTILINE)
    largest_form = ReportPhotoInline.max_num * MAX_BYTES  # a report with all its photos at the cap
    assert nginx_size(limit) >= max(largest_form, settings.ORIGINAL_FILE_MAX_BYTES)


def test_nginx_serves_uploads_as_files_only():
    media = (DEPLOY / "nginx.conf").read_text().split("location /media/", 1)[1].split("\n    }", 1)[0]
    (policy,) = re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', media)
    assert policy.startswith("default-src 'none'") and "sandbox" in policy
    assert 'add_header X-Content-Type-Options "nosniff" always;' in media
    assert "default_type application/octet-stream;" in media


def test_nginx_passes_the_client_address_and_the_scheme():
    proxied = (DEPLOY / "nginx.conf").read_text().rsplit("    location / {", 1)[1].split("\n    }", 1)[0]
    assert "proxy_set_header X-Real-IP $remote_addr;" in proxied  # the login lockout's address
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxied
    assert not re.search(r"^\s*add_header", proxied, re.MULTILINE)  # Django sends the page headers; no second CSP


def test_the_gunicorn_config_imports():
    done = subprocess.run(
        [sys.executable, "-c", "import runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); print(c['workers'])"],
        cwd=settings.BASE_DIR, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert int(done.stdout) == config["workers"] >= 3
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["graceful_timeout"] >= 10


def test_nginx_accepts_the_site(tmp_path):
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not shutil.which(nginx) or not openssl:
        pytest.skip("nginx and openssl are not installed (.ci/run installs nginx-light)")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={HOST}", "-days", "1",
         "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(tmp_path / "key.pem"))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run([nginx, "-t", "-p", tmp_path, "-c", tmp_path / "nginx.conf"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    venv = str(settings.BASE_DIR / ".venv") if (settings.BASE_DIR / ".venv").is_dir() else sys.prefix
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        text = text.replace("/srv/namdong/app/.venv", venv).replace("/srv/namdong/app", str(settings.BASE_DIR))
        (tmp_path / name).write_text(text.replace("/etc/namdong/env", "/dev/null"))
    done = subprocess.run(
        [analyze, "verify", "--man=no", *[tmp_path / name for name in UNITS]], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    # Unknown or misspelt directives are only warnings for systemd: none allowed here.
    assert "Unknown" not in done.stderr and "ignoring" not in done.stderr, done.stderr


def settings_in_subprocess(code, **env):
    import os

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "namdong_site.settings",
        "DJANGO_SECRET_KEY": "deploy-test-secret-key-0123456789-0123456789-0123456789",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_uploads_on_s3_compatible_storage():
    done = settings_in_subprocess(
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.file_overwrite, s.querystring_auth); "
        "print(s.url('tin-tuc/anh-bia/a.jpg'))",
        DJANGO_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="namdong-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.invalid",
        AWS_S3_CUSTOM_DOMAIN="media.mttqnamdong.example.vn",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "S3Storage namdong-media https://s3.example.invalid False False"
    assert second == "https://media.mttqnamdong.example.vn/tin-tuc/anh-bia/a.jpg"


def test_s3_without_a_bucket_is_refused_at_start():
    done = settings_in_subprocess("", DJANGO_MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="")
    assert done.returncode != 0
    assert "DJANGO_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in done.stderr


def test_local_storage_by_default():
    done = settings_in_subprocess(
        "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__)",
        DJANGO_MEDIA_STORAGE="",
    )
    assert done.stdout.strip() == "FileSystemStorage", done.stderr
