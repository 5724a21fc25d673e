"""Load or remove SAMPLE progress data, labelled "[Mẫu]", for trying the pages locally.

Never run by the set-up. ``manage.py progress_sample --units 30 --reports 400``
adds sample units with reports and nominations; ``--delete`` removes them all.
"""

from django.core.management.base import BaseCommand

from progress.sample import sample_create, sample_delete


class Command(BaseCommand):
    help = "Thêm (hoặc xóa với --delete) dữ liệu MẪU cho trang tiến độ; mọi mục đều có nhãn “[Mẫu]”."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=30)
        parser.add_argument("--reports", type=int, default=400)
        parser.add_argument("--nominations", type=int, default=40)
        parser.add_argument("--delete", action="store_true", help="Xóa mọi dữ liệu mẫu.")

    def handle(self, *args, units, reports, nominations, delete, **options):
        if delete:
            removed = sample_delete()
            self.stdout.write(f"Đã xóa {removed} đơn vị mẫu cùng kết quả và giới thiệu của chúng.")
            return
        made = sample_create(units=units, reports=reports, nominations=nominations)
        self.stdout.write(
            f"Đã thêm dữ liệu MẪU: {made['units']} đơn vị, {made['reports']} kết quả, "
            f"{made['nominations']} giới thiệu (nhãn “[Mẫu]”; xóa bằng --delete)."
        )
