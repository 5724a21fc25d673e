"""Fixtures for the news tests: staff roles, an editor, articles, phone photos."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from PIL import Image

from news.models import Article
from news.roles import EDITORS, roles_sync
from news.services import article_save

PASSWORD = "mat-khau-dai-123"
GPS_IFD = 0x8825


@pytest.fixture
def roles(db):
    """The staff groups, as the data migration makes them (again after a flush by browser tests)."""
    roles_sync(group_model=Group, permission_model=Permission)


@pytest.fixture
def editor(roles, django_user_model):
    """A member of "Biên tập viên" with access to the admin, as ward staff get it."""
    user = django_user_model.objects.create_user(
        "bientap", password=PASSWORD, is_staff=True, first_name="Cán bộ", last_name="Biên tập"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def resident(django_user_model):
    """A logged-in user who is not staff (say, someone who registered elsewhere on the site)."""
    return django_user_model.objects.create_user("cudan", password=PASSWORD)


@pytest.fixture
def make_article(db):
    """Create an article through the service, published an hour ago unless told otherwise."""

    def make(**fields):
        fields.setdefault("title", "Ra quân tuyên truyền Giải thưởng thông tin đối ngoại")
        fields.setdefault("summary", "Các tổ dân phố hưởng ứng Công văn 31/MTTQ-BTT.")
        fields.setdefault("body", "<p>Nội dung tin.</p>")
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] != Article.Status.DRAFT:
            fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
        cover_changed = "cover" in fields
        return article_save(article=Article(**fields), cover_changed=cover_changed)

    return make


def phone_photo(width=1600, height=1200):
    """A JPEG as a phone takes it: EXIF with the GPS position of where it was taken."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    for x in range(0, width, 40):  # some detail, so the encoders have work to do
        image.paste((30, 30, 200), (x, 0, x + 20, height))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 51.0, 30.0), 3: "E", 4: (106.0, 41.0, 10.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()
