"""Walk every page of a running demo as each role in headless chromium, and report what a user
should not meet: English words in the visible text, raw numbers, bare error pages, dead ends.

    PYTHONPATH=$PWD .venv/bin/python -m jixiao serve --demo --fresh --data /tmp/jxd --port 8791 &
    PYTHONPATH=$PWD .venv/bin/python scripts/walk_pages.py http://127.0.0.1:8791 [--shots docs/screenshots]

Each role follows the links its pages show (same site, no downloads, no logout, no admin beyond its
index), one page per URL pattern (digits folded), at most ``--limit`` pages. With ``--shots`` one
screenshot per role and pattern is written as ``role-<user>_<pattern>.jpg`` (and the 390 px menu).
Findings are printed one per line; the exit status is 1 when there are any.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

from playwright.sync_api import sync_playwright

ROLES = ["public", "clerk", "clerk2", "reviewer", "bureau", "evaluator", "admin"]
SKIP = re.compile(r"/accounts/logout|/reports/|\.(xlsx|pdf|docx|txt|json|png|csv|zip)(\?|$)|/download|/template"
                  r"|/admin/.+|/api/|package\.|/raw/|/export|/static/")
# English that may stand in the visible text: units, codes shown small on purpose, file names
ALLOWED = re.compile(r"^(jixiao|API|XLSX|PDF|DOCX|Excel|Word|SVG|CSV|JSON|UTF|http|https|www|Bearer|gzip|"
                     r"htmx|mof|OCR|ID|IP|No|HTML|txt|xlsx|pdf|docx)$", re.IGNORECASE)
RAW_NUMBER = re.compile(r"(?<![\d.])\d+\.\d{3,}(?![\d])")


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.rstrip("/")) or "/"


def shot_name(user: str, path: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", pattern(path).lower()).strip("_") or "home"
    return f"role-{user}_{name}.jpg"


def visible_findings(page) -> list[str]:
    text = page.evaluate(
        """() => { const m = document.querySelector('main') || document.body;
        const hidden = [...m.querySelectorAll('code, .fcode, script, style, .where, .filename')];
        const was = hidden.map(e => e.style.display); hidden.forEach(e => e.style.display = 'none');
        const t = m.innerText; hidden.forEach((e, i) => e.style.display = was[i]); return t; }"""
    )
    found = []
    words = {w for w in re.findall(r"[A-Za-z][A-Za-z_-]{3,}", text) if not ALLOWED.match(w)}
    if words:
        found.append("英文：" + " ".join(sorted(words)[:12]))
    raw = RAW_NUMBER.findall(text)
    if raw:
        found.append("未格式化数字：" + " ".join(raw[:8]))
    if not page.locator("header.top nav").count():
        found.append("页面没有站点布局（无导航）")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args()
    base = args.url.rstrip("/")
    problems = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for user in args.roles.split(","):
            context = browser.new_context(base_url=base, locale="zh-CN", viewport={"width": 1280, "height": 860})
            context.set_default_timeout(20_000)
            page = context.new_page()
            if user != "public":
                page.goto("/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", f"jixiao-{user}-2026")
                page.click("button[type=submit]")
            seen: set[str] = set()
            queue = deque(["/"])
            visited = 0
            while queue and visited < args.limit:
                path = queue.popleft()
                key = pattern(urlparse(path).path)
                if key in seen:
                    continue
                seen.add(key)
                try:
                    response = page.goto(path)
                except Exception as exc:  # a download link: not a page
                    if "Download is starting" in str(exc):
                        continue
                    raise
                visited += 1
                status = response.status if response else 0
                notes = visible_findings(page)
                if status >= 400:
                    notes.append(f"HTTP {status}")
                for note in notes:
                    problems += 1
                    print(f"{user}\t{path}\t{note}")
                if args.shots:
                    shot = args.shots / shot_name(user, urlparse(path).path)
                    page.screenshot(path=str(shot), type="jpeg", quality=70)
                for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                    url = urlparse(urljoin(base + path, href))
                    target = url.path + (f"?{url.query}" if url.query else "")
                    if url.netloc != urlparse(base).netloc or SKIP.search(target):
                        continue
                    if pattern(url.path) not in seen:
                        queue.append(target)
            print(f"{user}: {visited} pages", file=sys.stderr)
            if args.shots and user in ("clerk", "public"):
                page.set_viewport_size({"width": 390, "height": 844})
                page.goto("/")
                page.screenshot(path=str(args.shots / f"role-{user}_home_390px.jpg"), type="jpeg", quality=70)
            context.close()
        browser.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
