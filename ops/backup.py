"""One-file backups of the whole site: the database and every uploaded file.

An archive (``.tar.gz``) holds

- ``database.json``: every row of every table, as Django's ``dumpdata`` writes
  it (primary keys kept, content types and permissions included), so it loads
  into SQLite or PostgreSQL alike;
- ``media/<name>``: each file of the media storage (local folder or S3);
- ``manifest.json``, written last: the format version, when and from which code
  the archive was made, the applied migrations, the number of rows of each
  model and the SHA-256 of every other member.

``backup_restore`` loads an archive into an *empty* instance only. It checks
everything it can before it writes anything (the archive is readable, every
checksum matches, the code has the same migrations, the database and the media
storage are empty), then migrates, loads all rows in one transaction, writes the
files, and checks the row counts and file checksums again.
"""

import hashlib
import json
import posixpath
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from progress.tallies import tallies_deferred

FORMAT = "namdong-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA_PREFIX = "media/"
ARCHIVE_PREFIX = "namdong-"
ARCHIVE_SUFFIX = ".tar.gz"
# Rows that ``migrate`` itself writes into a new database; a database holding
# only these still counts as empty. Restore replaces them by the archive's rows.
CREATED_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission", "auth.Group", "auth.Group_permissions"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is in Vietnamese and says what to do."""


@dataclass
class Summary:
    path: Path
    counts: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self):
        return sum(self.counts.values())

    @property
    def media_files(self):
        return {name: digest for name, digest in self.files.items() if name.startswith(MEDIA_PREFIX)}

    @property
    def media_bytes(self):
        return sum(size for name, size in self.sizes.items() if name.startswith(MEDIA_PREFIX))


def model_counts(using=DEFAULT_DB_ALIAS, only_existing=False):
    """``{"app.Model": rows}`` for every concrete model, many-to-many tables and history tables included."""
    tables = set(connections[using].introspection.table_names()) if only_existing else None
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if tables is not None and meta.db_table not in tables:
            continue
        counts[meta.label] = model._base_manager.using(using).count()
    return dict(sorted(counts.items()))


def media_names(storage=None):
    """Every file name in the media storage, sorted; an absent media folder has none."""
    storage = storage or default_storage

    def walk(prefix):
        try:
            directories, files = storage.listdir(prefix)
        except FileNotFoundError:
            return
        for name in files:
            yield posixpath.join(prefix, name) if prefix else name
        for directory in directories:
            yield from walk(posixpath.join(prefix, directory) if prefix else directory)

    return sorted(walk(""))


def sha256_of(handle):
    digest = hashlib.sha256()
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file wrapper that hashes what ``tarfile`` reads through it."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _code_commit():
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None


def _code_migrations(using):
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    return sorted(loader.disk_migrations)


def archive_path_new(directory):
    """``<directory>/namdong-YYYYmmdd-HHMMSS.tar.gz`` in the site's time zone, never an existing name."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = Path(directory) / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    number = 2
    while path.exists():
        path = Path(directory) / f"{ARCHIVE_PREFIX}{stamp}-{number}{ARCHIVE_SUFFIX}"
        number += 1
    return path


def backup_create(*, path, storage=None, using=DEFAULT_DB_ALIAS):
    """Write the database and every media file into one archive at ``path``; return a Summary."""
    started = time.monotonic()
    storage = storage or default_storage
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    connection = connections[using]
    summary = Summary(path=path)
    try:
        with tempfile.TemporaryDirectory(prefix="namdong-backup-") as work:
            dump = Path(work) / DATABASE
            # Rows and counts from one snapshot, even while the site takes writes.
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if outermost and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                call_command(
                    "dumpdata", use_base_manager=True, output=str(dump), database=using, verbosity=0, format="json"
                )
                summary.counts = model_counts(using)
                applied = sorted(MigrationRecorder(connection).applied_migrations())
            with tarfile.open(partial, "w:gz") as tar:
                with dump.open("rb") as handle:
                    reader = _HashingReader(handle)
                    info = tar.gettarinfo(str(dump), arcname=DATABASE)
                    tar.addfile(info, reader)
                summary.files[DATABASE] = reader.digest.hexdigest()
                summary.sizes[DATABASE] = info.size
                for name in media_names(storage):
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = storage.size(name)
                    info.mtime = int(time.time())
                    info.mode = 0o644
                    with storage.open(name, "rb") as handle:
                        reader = _HashingReader(handle)
                        tar.addfile(info, reader)
                    summary.files[info.name] = reader.digest.hexdigest()
                    summary.sizes[info.name] = info.size
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created_at": timezone.now().isoformat(),
                    "django": django.get_version(),
                    "code_commit": _code_commit(),
                    "database_vendor": connection.vendor,
                    "migrations": [list(key) for key in applied],
                    "counts": summary.counts,
                    "files": summary.files,
                    "sizes": summary.sizes,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(time.time())
                info.mode = 0o644
                tar.addfile(info, _BytesReader(data))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    summary.seconds = time.monotonic() - started
    return summary


class _BytesReader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def backups_prune(*, directory, keep):
    """Delete all but the ``keep`` newest archives in ``directory``; return the deleted paths."""
    archives = sorted(Path(directory).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"), key=lambda p: p.stat().st_mtime)
    doomed = archives[: max(0, len(archives) - keep)]
    for path in doomed:
        path.unlink()
    return doomed


def _safe_member_name(name):
    if name == DATABASE:
        return True
    if not name.startswith(MEDIA_PREFIX) or name.startswith("/") or "\\" in name:
        return False
    relative = name[len(MEDIA_PREFIX) :]
    return bool(relative) and posixpath.normpath(relative) == relative and not relative.startswith("..")


def _manifest_read(tar):
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError(
            "Tệp sao lưu không có bản kê (manifest.json) đọc được; đây không phải bản sao lưu của trang."
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Tệp này không phải bản sao lưu của trang phường Nam Đồng.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"Bản sao lưu có định dạng phiên bản {manifest.get('version')}, mã này chỉ đọc phiên bản {VERSION}."
        )
    for key in ("migrations", "counts", "files"):
        if key not in manifest:
            raise BackupError(f"Bản kê của bản sao lưu thiếu mục “{key}”.")
    return manifest


def backup_verify(*, tar, manifest):
    """Check that the members are exactly those listed and that every checksum matches; read-only."""
    members = {member.name: member for member in tar.getmembers()}
    listed = set(manifest["files"])
    if DATABASE not in listed:
        raise BackupError("Bản sao lưu không có phần cơ sở dữ liệu (database.json).")
    unlisted = sorted(set(members) - listed - {MANIFEST})
    if unlisted:
        raise BackupError(f"Bản sao lưu có tệp không ghi trong bản kê: {unlisted[0]}. Không khôi phục gì.")
    for name in sorted(listed):
        if not _safe_member_name(name):
            raise BackupError(f"Bản sao lưu có tên tệp không hợp lệ: {name!r}. Không khôi phục gì.")
        member = members.get(name)
        if member is None or not member.isfile():
            raise BackupError(f"Bản sao lưu thiếu tệp {name}. Không khôi phục gì.")
        if sha256_of(tar.extractfile(member)) != manifest["files"][name]:
            raise BackupError(
                f"Tệp {name} trong bản sao lưu bị hỏng hoặc đã bị sửa (mã kiểm tra SHA-256 không khớp). "
                "Không khôi phục gì."
            )
    return members


def _label_name(label):
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except LookupError:
        return label


def instance_check_empty(*, storage=None, using=DEFAULT_DB_ALIAS):
    """Raise BackupError unless the database holds only what ``migrate`` creates and the media storage is empty."""
    counts = model_counts(using, only_existing=True)
    filled = {label: rows for label, rows in counts.items() if rows and label not in CREATED_BY_MIGRATE}
    if filled:
        examples = ", ".join(f"{rows} {_label_name(label)}" for label, rows in list(filled.items())[:4])
        raise BackupError(
            f"Cơ sở dữ liệu đích không trống (đang có {examples}…). Chỉ khôi phục vào một cơ sở dữ liệu mới, "
            "trống: tạo cơ sở dữ liệu mới rồi trỏ DATABASE_URL tới đó (khi thử trên máy: "
            "make restore FILE=… INTO=/thu-muc/moi). Không có gì bị thay đổi."
        )
    names = media_names(storage)
    if names:
        raise BackupError(
            f"Kho ảnh và tệp tải lên đích không trống (đang có {len(names)} tệp, ví dụ {names[0]}). "
            "Chỉ khôi phục vào một thư mục trống (DJANGO_MEDIA_ROOT). Không có gì bị thay đổi."
        )


def _migrations_check(manifest, using):
    archived = {tuple(key) for key in manifest["migrations"]}
    code = set(_code_migrations(using))
    code_apps = {app for app, _ in code}
    archived = {key for key in archived if key[0] in code_apps}
    commit = manifest.get("code_commit") or "không rõ"
    if archived - code:
        newer = sorted(archived - code)[0]
        raise BackupError(
            f"Bản sao lưu được tạo từ phiên bản mã mới hơn (có migration {newer[0]}.{newer[1]} mà mã này không có). "
            f"Hãy khôi phục bằng đúng phiên bản mã ghi trong bản kê (commit {commit})."
        )
    if code - archived:
        older = sorted(code - archived)[0]
        raise BackupError(
            f"Bản sao lưu được tạo từ phiên bản mã cũ hơn (chưa có migration {older[0]}.{older[1]}). Hãy khôi phục "
            f"bằng phiên bản mã ghi trong bản kê (commit {commit}), sau đó cập nhật mã và chạy migrate."
        )


def backup_restore(*, path, storage=None, using=DEFAULT_DB_ALIAS):
    """Restore an archive into an empty instance; return a Summary of what was restored and checked."""
    started = time.monotonic()
    storage = storage or default_storage
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu: {path}")
    try:
        tar = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {path.name}: tệp bị hỏng hoặc không phải .tar.gz.") from error
    with tar, tempfile.TemporaryDirectory(prefix="namdong-restore-") as work:
        try:
            manifest = _manifest_read(tar)
            members = backup_verify(tar=tar, manifest=manifest)
        except (tarfile.TarError, OSError, EOFError, ValueError) as error:
            raise BackupError(f"Không đọc được tệp sao lưu {path.name}: tệp bị hỏng ({error}).") from error
        _migrations_check(manifest, using)
        instance_check_empty(storage=storage, using=using)

        # Checks done: from here on, write.
        call_command("migrate", interactive=False, database=using, verbosity=0)
        dump = Path(work) / DATABASE
        with dump.open("wb") as handle, tar.extractfile(members[DATABASE]) as source:
            while chunk := source.read(_CHUNK):
                handle.write(chunk)
        try:
            # Loading reports' task items sends signals that would rebuild the progress
            # tallies while the archive's own tally rows are still to come: rebuild once, at the end.
            with transaction.atomic(using=using), tallies_deferred():
                # The content types, permissions and groups that migrate made give way to the archive's own rows.
                call_command("flush", interactive=False, database=using, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", str(dump), database=using, verbosity=0)
        except (DeserializationError, DatabaseError, ValueError, LookupError) as error:
            raise BackupError(
                f"Không nạp được dữ liệu của bản sao lưu ({type(error).__name__}: {str(error)[:300]}). "
                "Giao dịch đã được huỷ: cơ sở dữ liệu đích chỉ có các bảng trống, có thể khôi phục lại."
            ) from error
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        media = sorted(name for name in manifest["files"] if name.startswith(MEDIA_PREFIX))
        for name in media:
            relative = name[len(MEDIA_PREFIX) :]
            with tar.extractfile(members[name]) as source:
                saved = storage.save(relative, File(source, name=posixpath.basename(relative)))
            if saved != relative:
                raise BackupError(f"Kho tệp đã lưu {relative} dưới tên khác ({saved}); kho đích không trống?")

    # Check again what was written, from the database and the storage themselves.
    summary = Summary(path=path, counts=model_counts(using), sizes=manifest.get("sizes", {}))
    wrong_counts = {
        label: (rows, summary.counts.get(label))
        for label, rows in manifest["counts"].items()
        if summary.counts.get(label) != rows
    }
    if wrong_counts:
        label, (expected, got) = next(iter(wrong_counts.items()))
        raise BackupError(f"Sau khi khôi phục, bảng {label} có {got} dòng thay vì {expected}.")
    summary.files[DATABASE] = manifest["files"][DATABASE]
    stored = media_names(storage)
    if stored != [name[len(MEDIA_PREFIX) :] for name in media]:
        raise BackupError(f"Sau khi khôi phục, kho tệp có {len(stored)} tệp thay vì {len(media)}.")
    for name in media:
        with storage.open(name[len(MEDIA_PREFIX) :], "rb") as handle:
            digest = sha256_of(handle)
        if digest != manifest["files"][name]:
            raise BackupError(f"Sau khi khôi phục, tệp {name} không khớp mã kiểm tra.")
        summary.files[name] = digest
    summary.seconds = time.monotonic() - started
    return summary


def summary_lines(summary, *, verb):
    """Figures for people: rows per model (non-empty ones), files and bytes."""
    size = summary.path.stat().st_size if summary.path.exists() else 0
    lines = [
        f"{verb}: {summary.path} ({size / 1024 / 1024:.1f} MB, {summary.seconds:.1f} s)",
        f"  Cơ sở dữ liệu: {summary.rows} dòng trong {sum(map(bool, summary.counts.values()))} bảng có dữ liệu",
    ]
    lines += [f"    {label}: {rows}" for label, rows in summary.counts.items() if rows]
    lines.append(
        f"  Tệp tải lên: {len(summary.media_files)} tệp, {summary.media_bytes / 1024 / 1024:.1f} MB, "
        "mỗi tệp có mã SHA-256"
    )
    return lines
