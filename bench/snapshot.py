"""Render every public HTML page and keep it, to prove a speed change leaves the pages alone.

Every URL of the sitemap (with its other-language alternates) plus pages the sitemap
does not list (search, later pages of lists, 404s, events, outreach material), rendered
with the page cache off at a fixed moment (time-machine), one file per URL. Run it on a
copy of a database before and after a change, then compare; the comparison ignores
whitespace between tags and the two spellings of an escaped quote (``&#x27;``/``&#39;``,
``&quot;``/``&#34;``).

    DJANGO_PAGE_CACHE=0 DJANGO_ALLOWED_HOSTS=testserver DATABASE_URL=sqlite:///copy.sqlite3 ... \
      .venv/bin/python -m bench.snapshot render bench/out/before
    (change the code; migrate the copy if the change has migrations; render again into …/after)
    .venv/bin/python -m bench.snapshot compare bench/out/before bench/out/after

The bench database (``bench/volume.py``) is a good subject: about 1,650 pages.
"""

import argparse
import datetime
import difflib
import hashlib
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namdong_site.settings")

EXTRA_PATHS = [
    "/", "/en/", "/tim-kiem/?q=tuyen+truyen", "/tim-kiem/?q=", "/tim-kiem/?q=xyzxyz",
    "/tim-kiem/?q=m%E1%BA%B7t+tr%E1%BA%ADn", "/en/tim-kiem/?q=tuyen", "/tin-tuc/?page=2", "/tin-tuc/?page=999",
    "/tin-tuc/?page=abc", "/khong-co/", "/en/khong-co/", "/su-kien/", "/an-pham/", "/an-pham/ap-phich/",
    "/an-pham/to-roi/", "/an-pham/ban-tin/van-ban/31-mttq-btt/", "/tien-do/", "/en/tien-do/",
    "/tien-do/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/", "/nhiem-vu/",
    "/giai-thuong/", "/van-ban/",
]  # fmt: skip
_HOST = re.compile(r"^https?://[^/]+")


def normalise(html):
    """The page with whitespace around tags and the spelling of escaped quotes evened out."""
    html = html.replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    return html.replace("><", ">\n<")


def file_name(path):
    return hashlib.md5(path.encode()).hexdigest()[:10] + "_" + re.sub(r"[^a-z0-9]+", "_", path.lower())[:60] + ".html"


def render(out, at):
    import time_machine

    with time_machine.travel(at, tick=False):
        import django

        django.setup()
        from django.test import Client

        client = Client()
        sitemap = client.get("/sitemap.xml").content.decode()
        paths = {_HOST.sub("", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
        paths |= {_HOST.sub("", url) for url in re.findall(r'href="(https?://[^"]+)"', sitemap)}
        paths |= set(EXTRA_PATHS)
        out.mkdir(parents=True, exist_ok=True)
        count = 0
        for path in sorted(paths):
            response = client.get(path)
            if "html" not in response.get("Content-Type", ""):
                continue
            body = f"<!-- {path} {response.status_code} -->\n" + response.content.decode()
            (out / file_name(path)).write_text(body, encoding="utf-8")
            count += 1
    print(f"{count} pages in {out}")
    return 0


def compare(before, after, lines=14):
    differ = 0
    files = sorted(before.glob("*.html"))
    for old in files:
        new = after / old.name
        if not new.exists():
            print("MISSING", old.name)
            differ += 1
            continue
        a, b = normalise(old.read_text(encoding="utf-8")), normalise(new.read_text(encoding="utf-8"))
        if a != b:
            differ += 1
            print("DIFF", old.name)
            for line in list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=1))[:lines]:
                print("   ", line[:300])
    print(f"{differ} of {len(files)} pages differ")
    return 1 if differ else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    render_parser = commands.add_parser("render", help="render the public pages into a folder")
    render_parser.add_argument("out", type=Path)
    render_parser.add_argument(
        "--at",
        type=datetime.datetime.fromisoformat,
        default=datetime.datetime(2026, 11, 30, 5, 0, tzinfo=datetime.UTC),
        help="the moment the pages are rendered at (ISO 8601, default 2026-11-30T05:00:00+00:00)",
    )
    compare_parser = commands.add_parser("compare", help="compare two folders of rendered pages")
    compare_parser.add_argument("before", type=Path)
    compare_parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "render":
        if os.environ.get("DJANGO_PAGE_CACHE") != "0":
            parser.error("set DJANGO_PAGE_CACHE=0: the pages must be rendered, not read from the cache")
        return render(args.out, args.at)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
