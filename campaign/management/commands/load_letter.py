"""Load letter 31/MTTQ-BTT (or another directive's data file) into the database.

Idempotent: creates what is missing, says what it created, and never
overwrites what staff have edited.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign.services import LETTER_31_PATH, directive_load


class Command(BaseCommand):
    help = "Nạp công văn 31/MTTQ-BTT (hoặc tệp dữ liệu văn bản khác) vào cơ sở dữ liệu; chạy lại không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=LETTER_31_PATH, help="Tệp JSON của văn bản.")

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp dữ liệu: {file}")
        report = directive_load(path=file)
        if not report.total:
            self.stdout.write(f"{file.name}: đã có đủ dữ liệu, không thay đổi gì.")
            return
        parts = ", ".join(f"{count} {kind}" for kind, count in report.created.items())
        self.stdout.write(self.style.SUCCESS(f"{file.name}: đã tạo {parts}."))
