"""`make backup` / `make restore`: a round trip of the real letter, news with images, reports and nominations.

The archive is made in this process (it sees the test's data); each restore runs
``manage.py restore`` in a separate process against a new, empty database (a
SQLite file, or a throwaway PostgreSQL database) and a new media folder. What
came back is counted with plain SQL and hashed from the disk, not with the
restore's own checks.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile

import psycopg
import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from campaign.images import image_clean
from news.models import Article
from news.services import article_save, editor_image_store
from progress.models import ReportPhoto
from progress.services import report_photo_renditions_create

from . import factories
from .conftest import PG
from .news.conftest import phone_photo


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "source-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site_data(letter, media, django_user_model):
    """What a ward has after some weeks: news with covers and inline images, reports with photos, nominations."""
    editor = django_user_model.objects.create_user("bientap", password=factories.PASSWORD, is_staff=True)
    for number in range(3):
        cover = image_clean(SimpleUploadedFile(f"IMG_{number}.jpg", phone_photo(1600, 1200)))
        article = Article(
            title=f"Tin thử số {number}",
            summary="Tóm tắt thử.",
            body="<p>Nội dung tin thử.</p>",
            status=Article.Status.PUBLISHED,
            cover=cover,
            cover_alt="Ảnh thử",
        )
        article_save(article=article, user=editor, cover_changed=True)
        article.directives.add(letter)
    inline = editor_image_store(upload=SimpleUploadedFile("IMG_9.jpg", phone_photo(1000, 800)))
    article.body += f'<p><img src="{inline["default"]}" alt="Ảnh trong bài"></p>'
    article_save(article=article, user=editor)

    unit = factories.unit_create()
    representative = factories.representative_create(unit)
    for number in range(2):
        report = factories.report_create(unit=unit, created_by=representative)
        photo = ReportPhoto.objects.create(
            report=report,
            image=image_clean(SimpleUploadedFile(f"anh{number}.jpg", factories.jpeg_bytes(gps=True))),
            alt_text="Hội nghị thử",
        )
        report_photo_renditions_create(photo=photo)
    factories.nomination_create(unit=unit)
    factories.ward_staff_create()
    # The admin's log points at content types by id; a signed-in session.
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=article.title,
        action_flag=ADDITION,
    )
    session = SessionStore()
    session["_auth_user_id"] = str(editor.pk)
    session.create()
    return media


def table_counts_here():
    """Rows per table of the test database, by plain SQL."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from Django
            counts[table] = cursor.fetchone()[0]
    return counts


def table_counts_of(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from Django
        counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes(root):
    root = root if hasattr(root, "rglob") else __import__("pathlib").Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def manifest_of(path):
    with tarfile.open(path, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def manage(*args, database_url, media_root, timeout=300):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "namdong_site.settings",
        "DJANGO_SECRET_KEY": "backup-test-secret-key-0123456789-0123456789-0123456789",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def archive(site_data, tmp_path):
    path = tmp_path / "namdong-test.tar.gz"
    out = io.StringIO()
    call_command("backup", output=path, stdout=out)
    assert "Đã sao lưu" in out.getvalue()
    return path


@pytest.fixture
def expected(archive):
    """Rows per table and files with their hashes at the time of the backup."""
    counts = table_counts_here()
    # The test data reaches every kind of row the round trip must keep.
    for table in (
        "campaign_directive", "campaign_taskitem", "campaign_historicaldirective", "news_article",
        "news_historicalarticle", "news_article_directives", "progress_activityreport", "progress_reportphoto",
        "progress_nomination", "progress_unitrepresentative", "auth_user", "auth_user_groups",
        "auth_user_user_permissions", "auth_group_permissions", "django_content_type", "auth_permission",
        "django_admin_log", "django_session",
    ):  # fmt: skip
        assert counts[table] > 0, table
    files = file_hashes(settings.MEDIA_ROOT)
    assert len([name for name in files if name.startswith("tin-tuc/anh-bia/")]) == 3 * 4  # cover + 3 WebP copies
    assert any(name.startswith("tin-tuc/noi-dung/") for name in files)
    assert len([name for name in files if name.startswith("tien-do/")]) >= 2 * 2
    return counts, files


def test_round_trip_into_a_new_sqlite_database(archive, expected, tmp_path):
    counts, files = expected
    target, target_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    done = manage("restore", str(archive), database_url=f"sqlite:///{target}", media_root=target_media)
    assert done.returncode == 0, done.stderr
    assert "Số dòng từng bảng và mã SHA-256 từng tệp khớp với bản kê." in done.stdout

    with sqlite3.connect(target) as db:
        assert table_counts_of(db.cursor(), counts) == counts
        (body,) = db.execute("SELECT body FROM news_article WHERE title = 'Tin thử số 2'").fetchone()
        assert "Ảnh trong bài" in body
        users = db.execute("SELECT username, password FROM auth_user ORDER BY id").fetchall()
        # Content types keep their ids, so what points at them still names the same model.
        logged = db.execute(
            "SELECT ct.app_label, ct.model, log.object_repr FROM django_admin_log log"
            " JOIN django_content_type ct ON ct.id = log.content_type_id"
        ).fetchall()
        granted = db.execute(
            "SELECT COUNT(*) FROM auth_user_user_permissions up JOIN auth_permission p ON p.id = up.permission_id"
            " JOIN django_content_type ct ON ct.id = p.content_type_id WHERE ct.app_label = 'progress'"
        ).fetchone()[0]
    assert logged == [("news", "article", "Tin thử số 2")]
    assert granted == counts["auth_user_user_permissions"]
    from django.contrib.auth import get_user_model

    assert users == list(get_user_model().objects.order_by("id").values_list("username", "password"))
    assert file_hashes(target_media) == files

    # A second restore into the same, now filled, instance is refused and changes nothing.
    again = manage("restore", str(archive), database_url=f"sqlite:///{target}", media_root=target_media)
    assert again.returncode != 0
    assert "Cơ sở dữ liệu đích không trống" in again.stderr
    assert "Traceback" not in again.stderr
    with sqlite3.connect(target) as db:
        assert table_counts_of(db.cursor(), counts) == counts
    assert file_hashes(target_media) == files


def _tampered_copy(archive, tmp_path):
    """The same archive with one byte changed in one image, the manifest untouched."""
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        changed = None
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if changed is None and member.name.startswith("media/tien-do/"):
                data = data[:100] + bytes([data[100] ^ 0x01]) + data[101:]
                changed = member.name
            target.addfile(member, io.BytesIO(data))
    assert changed
    return tampered, changed


def test_a_tampered_archive_is_refused_before_anything_is_written(archive, tmp_path):
    tampered, changed = _tampered_copy(archive, tmp_path)
    target, target_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    done = manage("restore", str(tampered), database_url=f"sqlite:///{target}", media_root=target_media)
    assert done.returncode != 0
    assert f"Tệp {changed} trong bản sao lưu bị hỏng hoặc đã bị sửa" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists() or not sqlite3.connect(target).execute("SELECT name FROM sqlite_master").fetchall()
    assert file_hashes(target_media) == {}


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    done = manage("restore", str(junk), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", media_root=tmp_path / "m")
    assert done.returncode != 0
    assert "Không đọc được tệp sao lưu junk.tar.gz" in done.stderr
    assert "Traceback" not in done.stderr


def test_restore_refuses_a_filled_media_folder(archive, tmp_path):
    target_media = tmp_path / "restored-media"
    (target_media / "cu").mkdir(parents=True)
    (target_media / "cu" / "anh.jpg").write_bytes(b"old")
    target = tmp_path / "restored.sqlite3"
    done = manage("restore", str(archive), database_url=f"sqlite:///{target}", media_root=target_media)
    assert done.returncode != 0
    assert "Kho ảnh và tệp tải lên đích không trống" in done.stderr
    assert not sqlite3.connect(target).execute("SELECT name FROM sqlite_master").fetchall()


def test_round_trip_into_a_new_postgresql_database(archive, expected, tmp_path, throwaway_postgres):
    counts, files = expected
    name, url = throwaway_postgres.name, throwaway_postgres.url
    target_media = tmp_path / "restored-media"
    done = manage("restore", str(archive), database_url=url, media_root=target_media)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(dbname=name, **PG) as db, db.cursor() as cursor:
        assert table_counts_of(cursor, counts) == counts
        # Sequences follow the loaded rows: the restored site can add rows.
        cursor.execute("SELECT MAX(id) FROM news_article")
        (last_id,) = cursor.fetchone()
        cursor.execute("SELECT nextval(pg_get_serial_sequence('news_article', 'id'))")
        assert cursor.fetchone()[0] > last_id
    assert file_hashes(target_media) == files

    # And back: a backup of the PostgreSQL copy (one REPEATABLE READ snapshot) holds the same.
    second = tmp_path / "from-postgresql.tar.gz"
    done = manage("backup", "--output", str(second), database_url=url, media_root=target_media)
    assert done.returncode == 0, done.stderr
    first_manifest, second_manifest = manifest_of(archive), manifest_of(second)
    assert second_manifest["database_vendor"] == "postgresql"
    assert second_manifest["counts"] == first_manifest["counts"]
    media = {key: value for key, value in first_manifest["files"].items() if key.startswith("media/")}
    assert {key: value for key, value in second_manifest["files"].items() if key.startswith("media/")} == media


def test_rows_that_do_not_load_roll_back_with_a_clear_message(archive, tmp_path):
    """An archive whose checksums match but whose rows cannot load (say, written by hand): one transaction."""
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(broken, "w:gz") as target:
        manifest = json.load(source.extractfile("manifest.json"))
        rows = json.load(source.extractfile("database.json"))
        article = next(row for row in rows if row["model"] == "news.article")
        article["fields"]["author"] = 999_999  # no such user
        data = json.dumps(rows).encode()
        manifest["files"]["database.json"] = hashlib.sha256(data).hexdigest()
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "database.json":
                content = data
            elif member.name == "manifest.json":
                content = json.dumps(manifest).encode()
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    target = tmp_path / "restored.sqlite3"
    done = manage("restore", str(broken), database_url=f"sqlite:///{target}", media_root=tmp_path / "m")
    assert done.returncode != 0
    assert "Không nạp được dữ liệu của bản sao lưu" in done.stderr
    assert "Traceback" not in done.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT COUNT(*) FROM news_article").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM auth_user").fetchone() == (0,)
    assert file_hashes(tmp_path / "m") == {}
    # Nothing half-done stays behind: the good archive restores into the same database.
    done = manage("restore", str(archive), database_url=f"sqlite:///{target}", media_root=tmp_path / "m")
    assert done.returncode == 0, done.stderr
