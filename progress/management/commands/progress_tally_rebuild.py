"""Rebuild the progress tallies from the reports (after bulk SQL, a restore, or to check them)."""

from django.core.management.base import BaseCommand

from namdong_site.pagecache import page_cache_invalidate
from progress.models import UnitChannelTally
from progress.tallies import tally_refresh


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp tiến độ từ các báo cáo."

    def handle(self, *args, **options):
        tally_refresh()
        page_cache_invalidate()  # bulk writes send no signal
        self.stdout.write(f"{UnitChannelTally.objects.count()} unit × channel tallies")
