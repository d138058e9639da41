#!/usr/bin/env python3
"""Which split of the explain corpus a source thread belongs to: `dev` or `test`.

The split is decided by the thread's address alone, before anyone reads the thread:
sha256 of the canonical URL (lower case, no scheme, no query, fragment or trailing
slash; a comment link counts as its issue) -> first hex digit 0-7 is `test`, 8-f `dev`.
Cases already in tests/fixtures/logs/ before the split existed were read while writing
the rules, so they are `dev` whatever their hash (listed in bench/explain_split/legacy_dev.txt).

Usage: scripts/corpus_split.py URL [URL ...]   -> prints "<split>\t<canonical url>" per URL
"""
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def canonical(url: str) -> str:
    u = url.strip().lower()
    u = re.sub(r"^[a-z]+://", "", u)
    u = re.sub(r"^www\.", "", u)
    u = u.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    # github.com/o/r/issues/N/... or /pull/N/... -> the thread itself
    m = re.match(r"(github\.com/[^/]+/[^/]+/(?:issues|pull|discussions)/\d+)", u)
    if m:
        u = m.group(1).replace("/pull/", "/issues/")
    # stackoverflow.com/questions/N/slug -> the question id
    m = re.match(r"((?:\w+\.)?stackoverflow\.com/questions/\d+)", u)
    if m:
        u = m.group(1)
    m = re.match(r"(forums\.developer\.nvidia\.com/t/[^/]+/\d+)", u)
    if m:
        u = m.group(1)
    m = re.match(r"(discuss\.pytorch\.org/t/[^/]+/\d+)", u)
    if m:
        u = m.group(1)
    return u


def legacy_dev() -> set:
    p = ROOT / "bench" / "explain_split" / "legacy_dev.txt"
    if not p.exists():
        return set()
    return {canonical(l) for l in p.read_text().splitlines() if l.strip() and not l.startswith("#")}


def split_of(url: str) -> str:
    c = canonical(url)
    if c in legacy_dev():
        return "dev"
    return "test" if hashlib.sha256(c.encode()).hexdigest()[0] in "01234567" else "dev"


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for a in sys.argv[1:]:
        print(f"{split_of(a)}\t{canonical(a)}")
