"""``cached_reverse`` and the ``{% url %}`` builtin give what ``reverse`` gives, per
language, script prefix and URLconf."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from namdong_site.urls_cached import cached_reverse


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("campaign:home", None),
        ("news:list", None),
        ("campaign:unit", {"slug": "to-dan-pho-so-1"}),
        ("progress:report", {"pk": 7}),
    ],
)
def test_same_as_reverse_in_each_language(name, kwargs):
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            assert cached_reverse(name, kwargs=kwargs) == reverse(name, kwargs=kwargs)
    with translation.override("en"):
        assert cached_reverse("news:list").startswith("/en/")


def test_script_prefix_is_part_of_the_key():
    try:
        set_script_prefix("/mttq/")
        assert cached_reverse("news:list") == reverse("news:list") == "/mttq/tin-tuc/"
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert cached_reverse("news:list") == "/tin-tuc/"


def test_other_arguments_are_not_cached_and_errors_propagate():
    class Slug:
        def __str__(self):
            return "abc"

    assert cached_reverse("campaign:unit", args=[Slug()]) == reverse("campaign:unit", args=["abc"])
    with pytest.raises(NoReverseMatch):
        cached_reverse("campaign:unit", kwargs={"slug": "has space"})


def test_url_tag_renders_as_django_does(rf):
    template = Template(
        "{% url 'campaign:unit' slug=s %}|{% url 'nope' as missing %}[{{ missing }}]|{% url 'news:list' %}"
    )
    request = rf.get("/")
    with translation.override("en"):
        assert template.render(Context({"s": "a-b", "request": request})) == "/en/don-vi/a-b/|[]|/en/tin-tuc/"


@pytest.mark.usefixtures("no_page_cache")
def test_language_links_are_remembered_per_path_and_language(client, letter):
    """The language links of base.html (``_translated_paths``) are worked out once per path and
    active language: each page, in each language, still links to itself in the other one."""
    for _round in range(2):
        vietnamese = client.get("/tin-tuc/").content.decode()
        english = client.get("/en/tin-tuc/").content.decode()
        letter_page = client.get("/en/van-ban/31-mttq-btt/").content.decode()
        assert 'class="nd-lang__link" href="/en/tin-tuc/" hreflang="en"' in vietnamese
        assert 'class="nd-lang__link" href="/tin-tuc/" hreflang="vi"' in english
        assert 'class="nd-lang__link" href="/van-ban/31-mttq-btt/" hreflang="vi"' in letter_page
        assert '<link rel="alternate" hreflang="en" href="http://testserver/en/tin-tuc/">' in vietnamese
