"""SAMPLE news for the benchmark and for trying the news pages with volume.

Nothing here is real: every article it makes has a title starting "[Mẫu]"
(sample), a slug starting "mau-tin-" and a body that says it is sample text.
It is never loaded by the set-up; ``make bench`` calls it on a throwaway
database, and ``sample_delete`` removes all of it again.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from namdong_site.pagecache import page_cache_invalidate

from .models import Article
from .sanitize import html_to_text

PREFIX = "[Mẫu]"
SLUG_PREFIX = "mau-tin-"
TOPICS = [
    "Tổ dân phố tuyên truyền Giải thưởng thông tin đối ngoại",
    "Chi hội phụ nữ sinh hoạt chuyên đề",
    "Đoàn thanh niên chia sẻ thể lệ Giải thưởng",
    "Hội cựu chiến binh gặp gỡ hội viên",
    "Ban công tác Mặt trận họp triển khai",
]
SENTENCES = [
    "Đây là nội dung mẫu để thử tốc độ trang, không phải tin thật.",
    "Đoạn văn mẫu có độ dài như một bản tin thường ngày của phường.",
    "Các tổ dân phố, tổ chức thành viên và đoàn thể được nêu ở đây chỉ để minh họa.",
    "Nội dung mẫu giúp kiểm tra trang danh sách, trang tin và tìm kiếm khi có nhiều tin.",
]


@transaction.atomic
def sample_create(*, count=1000, seed=31):
    """Create ``count`` labelled sample articles in bulk, published over the past months; returns the count."""
    rng = random.Random(seed)
    now = timezone.now()
    offset = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
    articles = []
    for number in range(offset + 1, offset + count + 1):
        paragraphs = [
            "<p>" + " ".join(rng.choice(SENTENCES) for _ in range(rng.randrange(3, 7))) + "</p>"
            for _ in range(rng.randrange(3, 8))
        ]
        body = "<h2>Nội dung mẫu</h2>" + "".join(paragraphs)
        articles.append(
            Article(
                title=f"{PREFIX} {rng.choice(TOPICS)} (số {number})",
                slug=f"{SLUG_PREFIX}{number:04d}",
                summary=f"{PREFIX} Tóm tắt mẫu, không phải tin thật.",
                body=body,
                body_text=html_to_text(body),
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=number * 3),
            )
        )
    for article in articles:
        article.search_text = article.folded_search_text()
    Article.objects.bulk_create(articles, batch_size=500)
    page_cache_invalidate()  # bulk_create sends no signals
    return count


@transaction.atomic
def sample_delete():
    """Remove every sample article; returns how many were removed."""
    count, _ = Article.objects.filter(slug__startswith=SLUG_PREFIX, title__startswith=PREFIX).delete()
    return count
