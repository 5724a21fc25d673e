"""``make restore FILE=…``: load an archive made by ``backup`` into an empty instance (see ops/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_restore, summary_lines


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu và kho tệp trống: kiểm tra mã SHA-256 trước khi ghi, "
        "nạp dữ liệu trong một giao dịch, rồi kiểm tra lại số dòng và mã kiểm tra."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Tệp .tar.gz do lệnh backup tạo.")

    def handle(self, *args, file, **options):
        try:
            summary = backup_restore(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in summary_lines(summary, verb="Đã khôi phục"):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Số dòng từng bảng và mã SHA-256 từng tệp khớp với bản kê."))
