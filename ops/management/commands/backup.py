"""``make backup``: one archive with the database and every uploaded file (see ops/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, archive_path_new, backup_create, backups_prune, summary_lines


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và mọi tệp tải lên vào một tệp .tar.gz có bản kê mã kiểm tra."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=settings.BASE_DIR / "backups", help="Thư mục chứa bản sao lưu.")
        parser.add_argument("--output", type=Path, help="Đường dẫn tệp sao lưu (mặc định: namdong-<thời điểm>.tar.gz).")
        parser.add_argument("--keep", type=int, default=0, help="Chỉ giữ N bản mới nhất trong thư mục (0: giữ tất cả).")

    def handle(self, *args, dir, output, keep, **options):
        path = output or archive_path_new(dir)
        try:
            summary = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in summary_lines(summary, verb="Đã sao lưu"):
            self.stdout.write(line)
        if keep > 0:
            for old in backups_prune(directory=path.parent, keep=keep):
                self.stdout.write(f"  Đã xoá bản cũ: {old.name}")
