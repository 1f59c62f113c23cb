"""Page weight on first load: the catalogue and a course page with every stylesheet, script and image they pull in.

    .venv/bin/python bench/page_weight.py            # temporary SQLite site with the demo data, then measure
    .venv/bin/python bench/page_weight.py --quick    # 4 courses with covers instead of 12
    .venv/bin/python bench/page_weight.py --no-covers  # the demo data alone
    .venv/bin/python bench/page_weight.py --url http://127.0.0.1:8000   # measure a running site

On top of seed_demo (or alone when it is missing) it adds courses with photo-like covers, the worst case for weight.
Prints the bytes of each page with its assets, raw and gzip-compressed (what a slow phone network carries), against
the budget (300 KB by default) and as a ratio to it. Lazy images count too: the budget is for a full first view.
For responsive images the largest srcset candidate counts (a high-density phone screen may fetch it). Exits with
status 1 when a page is over budget (raw bytes, the stricter figure).
"""

import argparse
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CATALOGUE_PATH = "/khoa-hoc/"

# Fallback demo data when the seed_demo command is not available: a few courses with photo-like covers.
FALLBACK_SEED = """
import io, random
from decimal import Decimal
from django.core.files.base import ContentFile
from PIL import Image, ImageFilter
from cms.models import CustomImage
from courses.models import CoursePage, LearningArea, Level
from courses.services import get_or_create_provider
rng = random.Random(1)
provider, _ = get_or_create_provider("cd-demo", "Trường Cao đẳng Demo")
areas, levels = list(LearningArea.objects.all()), list(Level.objects.all())
for n in range(COUNT):
    img = Image.effect_noise((1600, 900), 40).convert("RGB").filter(ImageFilter.GaussianBlur(2))
    buf = io.BytesIO(); img.save(buf, "JPEG", quality=85)
    cover = CustomImage.objects.create(title=f"Ảnh {n}", file=ContentFile(buf.getvalue(), name=f"cover-{n}.jpg"))
    course = CoursePage(
        title=f"Khóa học an toàn lao động số {n}", summary="Kiến thức cơ bản về an toàn lao động cho công nhân." * 2,
        learning_area=areas[n % len(areas)], level=levels[n % len(levels)], duration_hours=Decimal(2 + n % 30),
        provider=provider, cover_image=cover, outcomes="Nhận diện mối nguy\\nDùng đồ bảo hộ\\nSơ cứu cơ bản",
    )
    provider.section.add_child(instance=course)
    course.save_revision().publish()
print("seeded", COUNT)
"""


class AssetParser(HTMLParser):
    """Collects stylesheet, script and image URLs (largest srcset candidate) and course links."""

    def __init__(self):
        super().__init__()
        self.assets = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.assets.append(("css", attrs.get("href")))
        elif tag == "script" and attrs.get("src"):
            self.assets.append(("js", attrs["src"]))
        elif tag in {"img", "source"}:
            url = attrs.get("src")
            if attrs.get("srcset"):
                candidates = []
                for part in attrs["srcset"].split(","):
                    bits = part.strip().split()
                    size = float(re.sub(r"[wx]$", "", bits[1])) if len(bits) > 1 else 1.0
                    candidates.append((size, bits[0]))
                url = max(candidates)[1]
            if url:
                self.assets.append(("img", url))
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def fetch(url):
    headers = {"User-Agent": "page-weight-bench", "Accept-Language": "vi"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http URLs of our own server
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own local server
        return response.read()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def has_command(env, name):
    result = subprocess.run([PYTHON, "manage.py", "help", name], cwd=ROOT, env=env, capture_output=True)
    return result.returncode == 0


def start_site(workdir, quick, covers):
    """Migrate and seed a temporary SQLite site, then run the dev server on a free port. Returns (url, process)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
            "MEDIA_ROOT": str(Path(workdir) / "media"),
            "DEBUG": "1",
        }
    )
    env.pop("ELASTICSEARCH_URL", None)
    print("migrating a temporary SQLite database...", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    seeded = has_command(env, "seed_demo")
    if seeded:
        print("loading the demo data (seed_demo)...", flush=True)
        manage(env, "seed_demo", stdout=subprocess.DEVNULL)
    if covers or not seeded:
        # Photo-like covers on the newest courses, so the first catalogue page carries a full set of images.
        count = 4 if quick else 12
        print(f"adding {count} courses with photo-like covers...", flush=True)
        manage(env, "shell", "-c", FALLBACK_SEED.replace("COUNT", str(count)), stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            fetch(url + "/healthz")
            return url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def measure(base, path):
    """Bytes of a page and its assets: a list of (kind, url, raw, gzip)."""
    url = urljoin(base, path)
    html = fetch(url)
    parser = AssetParser()
    parser.feed(html.decode("utf-8", "replace"))
    rows = [("html", path, len(html), len(gzip.compress(html)))]
    seen = set()
    for kind, asset in parser.assets:
        absolute = urljoin(url, asset)
        if absolute in seen:
            continue
        seen.add(absolute)
        body = fetch(absolute)
        rows.append((kind, urlparse(absolute).path, len(body), len(gzip.compress(body))))
    return rows, parser.links


def first_course_path(base, links):
    """The first catalogue card's link: a path below the catalogue, two levels deep (section/course)."""
    for href in links:
        path = urlparse(urljoin(base, href)).path
        parts = [p for p in path.split("/") if p]
        if path.startswith(CATALOGUE_PATH) and len(parts) == 3:
            return path
    return None


def report(name, rows, budget):
    raw = sum(row[2] for row in rows)
    packed = sum(row[3] for row in rows)
    print(f"\n{name}")
    for kind, path, size, zipped in rows:
        print(f"  {kind:5} {size:>9,} B  gzip {zipped:>9,} B  {path}")
    print(f"  total {raw:>9,} B  gzip {packed:>9,} B  ({len(rows)} requests)")
    print(f"  budget {budget:,} B: raw {raw / budget:.2f}x, gzip {packed / budget:.2f}x of the budget")
    return raw <= budget


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure this running site instead of starting one")
    parser.add_argument("--budget-kb", type=int, default=300, help="budget per page in KB (default 300)")
    parser.add_argument("--quick", action="store_true", help="fewer courses with covers")
    parser.add_argument("--no-covers", action="store_true", help="measure seed_demo as it is (it has no cover images)")
    args = parser.parse_args()
    budget = args.budget_kb * 1024

    workdir = server = None
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            workdir = tempfile.mkdtemp(prefix="page-weight-")
            base, server = start_site(workdir, args.quick, covers=not args.no_covers)
        catalogue_rows, links = measure(base, CATALOGUE_PATH)
        course_path = first_course_path(base, links)
        if course_path is None:
            raise SystemExit("the catalogue lists no course")
        course_rows, _links = measure(base, course_path)
        ok = report(f"catalogue {CATALOGUE_PATH}", catalogue_rows, budget)
        ok = report(f"course page {course_path}", course_rows, budget) and ok
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\nOK: every page is within the budget" if ok else "\nOVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
