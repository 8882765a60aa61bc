"""`python -m macros.site.preview SITE`: make a built site open straight from its files.

The published site uses folder addresses (``organisations/barnet/``), which a web server turns
into ``organisations/barnet/index.html``. A reviewer who downloads the preview and opens
``index.html`` from the files has no web server, so the browser would show a folder listing.
This rewrites every relative link to a folder so it names the folder's ``index.html``.
Absolute links (other sites, the published site's address) are left alone.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def file_link(url: str) -> str:
    """``url`` made to work without a web server (unchanged unless it is a relative folder link)."""
    if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    path, question, query = path.partition("?")
    if not path:
        return url
    last = path.rsplit("/", 1)[-1]
    if path.endswith("/"):
        path += "index.html"
    elif last in (".", ".."):
        path += "/index.html"
    else:
        return url
    return path + question + query + hash_ + fragment


def rewrite(html: str) -> str:
    return _ATTRIBUTE.sub(lambda m: m.group(1) + file_link(m.group(2)) + m.group(3), html)


def make_preview(site: Path) -> int:
    """Rewrite every HTML page under ``site`` in place; return how many pages changed."""
    changed = 0
    for page in sorted(Path(site).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = rewrite(html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.site.preview", description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the built site's folder")
    args = parser.parse_args(argv)
    if not (Path(args.site) / "index.html").is_file():
        print(f"{args.site}: not a built site (no index.html)", file=sys.stderr)
        return 1
    changed = make_preview(Path(args.site))
    print(f"{changed} page(s) in {args.site} now open straight from the files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
