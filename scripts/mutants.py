#!/usr/bin/env python3
"""Planted-bug check: does the test suite catch small, plausible bugs?

Each mutant in scripts/mutants.yaml names a file, an exact snippet of it, a replacement
and the kind of bug. The script copies the working tree (sources only) to a
persistent folder beside it (--dir, default ../<checkout>-mutants), builds it once there
(Debug at -O0 without -g: the quickest to rebuild, and ccache can share it), then for every mutant:

  1. replaces the snippet (it must occur exactly once, else the mutant is STALE: the code
     moved on and the entry needs updating; that is an error, never a kill);
  2. rebuilds incrementally (only the touched file recompiles; ccache helps across runs);
  3. runs the mutant's gtest filter first, when it names one; only if that passes, the
     whole suite (ctest);
  4. restores the file.

A mutant is KILLED when a test fails (or times out), SURVIVED when the whole suite
passes, and BROKEN when it does not compile (fix the entry). Mutants listed in the data
file with `equivalent: <why>` are expected to survive and are reported as such.
Exit status: 0 when every mutant is killed or explained, 1 otherwise.

Run it on demand (not in every CI run):
    python3 scripts/mutants.py                 # all
    python3 scripts/mutants.py --only M07,M12  # some
    python3 scripts/mutants.py --list          # the table, nothing built
    python3 scripts/mutants.py --results bench/RESULTS.md   # also rewrite the score section
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml  # python3-yaml, in scripts/install-deps.sh

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scripts" / "mutants.yaml"
SECTION_START = "<!-- mutants:start -->"
SECTION_END = "<!-- mutants:end -->"


def load(path: Path) -> list[dict]:
    entries = yaml.safe_load(path.read_text())
    seen = set()
    for e in entries:
        for key in ("id", "file", "kind", "what", "find", "replace"):
            if key not in e:
                sys.exit(f"{path}: mutant {e.get('id', '?')} lacks '{key}'")
        if e["id"] in seen:
            sys.exit(f"{path}: duplicate id {e['id']}")
        if e["find"] == e["replace"]:
            sys.exit(f"{path}: mutant {e['id']} changes nothing")
        seen.add(e["id"])
    return entries


def sh(cmd: list[str], cwd: Path, timeout: float, log: Path | None = None) -> tuple[int, str]:
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", timeout=timeout)
        out, rc = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        out += f"\n[timed out after {timeout:.0f} s]"
        rc = 124
    if log:
        log.write_text(out)
    return rc, out


def sync_tree(dest: Path) -> None:
    """Copies the working tree's sources (tracked and untracked, not ignored) to dest.

    Only files whose content differs are written (with their own mtime), so the copy's
    build stays incremental across runs; files gone from the tree are removed."""
    dest.mkdir(parents=True, exist_ok=True)
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout.decode().split("\0")
    wanted = {f for f in listing if f and ((ROOT / f).is_symlink() or (ROOT / f).is_file())}
    for f in sorted(wanted):
        src, dst = ROOT / f, dest / f
        if src.is_symlink():
            if dst.is_symlink() and os.readlink(dst) == os.readlink(src):
                continue
        elif dst.is_file() and not dst.is_symlink() and dst.read_bytes() == src.read_bytes():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.is_symlink() or dst.exists():
            dst.unlink()
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        else:
            shutil.copy2(src, dst)
    for p in dest.rglob("*"):
        rel = p.relative_to(dest).as_posix()
        if rel.split("/", 1)[0] == "build":
            continue
        if (p.is_file() or p.is_symlink()) and rel not in wanted:
            p.unlink()


def configure(tree: Path, build: Path, jobs: int) -> None:
    if not (build / "build.ninja").exists():
        cmd = ["cmake", "-S", str(tree), "-B", str(build), "-G", "Ninja", "-DGPUDOCTOR_BENCH=OFF",
               # -O0 without -g: the fastest rebuild; no -g also lets ccache share objects.
               "-DCMAKE_BUILD_TYPE=Debug", "-DCMAKE_CXX_FLAGS_DEBUG=-O0", "-DCMAKE_C_FLAGS_DEBUG=-O0"]
        if shutil.which("ccache"):
            cmd += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    print(f"building the unmutated copy in {build} ...", flush=True)
    rc, out = sh(["cmake", "--build", str(build), "--", f"-j{jobs}"], tree, 7200)
    if rc != 0:
        print(out[-4000:])
        sys.exit("the unmutated tree does not build")


def build_cmd(build: Path, jobs: int) -> list[str]:
    return ["cmake", "--build", str(build), "--", f"-j{jobs}"]


def run_mutant(m: dict, tree: Path, build: Path, jobs: int, logs: Path) -> tuple[str, str, float]:
    t0 = time.monotonic()
    path = tree / m["file"]
    if not path.exists():
        return "STALE", f"{m['file']} does not exist", 0.0
    original = path.read_bytes()
    text = original.decode()
    n = text.count(m["find"])
    if n != 1:
        return "STALE", f"snippet found {n} times in {m['file']}", 0.0
    path.write_text(text.replace(m["find"], m["replace"]))
    try:
        rc, out = sh(build_cmd(build, jobs), tree, 1800, logs / f"{m['id']}.build.log")
        if rc != 0:
            return "BROKEN", "does not compile (see the build log)", time.monotonic() - t0
        tests = build / "gpudoctor_tests"
        if m.get("filter"):
            rc, out = sh([str(tests), f"--gtest_filter={m['filter']}"], build, 600, logs / f"{m['id']}.filter.log")
            if rc != 0:
                failed = [l.split("]", 1)[1].strip() for l in out.splitlines() if l.startswith("[  FAILED  ]")]
                return "KILLED", "by " + (failed[0] if failed else f"the filter (exit {rc})"), time.monotonic() - t0
        rc, out = sh(["ctest", "-j", str(jobs), "--timeout", "300", "-E", "^PyPI"], build, 3600,
                     logs / f"{m['id']}.suite.log")
        if rc != 0:
            failed = [l.strip() for l in out.splitlines() if " - " in l and ("(Failed)" in l or "(Timeout)" in l)]
            first = failed[0].split(" - ", 1)[-1] if failed else f"the suite (exit {rc})"
            return "KILLED", "by " + first, time.monotonic() - t0
        return "SURVIVED", "the whole suite passes", time.monotonic() - t0
    finally:
        path.write_bytes(original)


def table(rows: list[tuple[dict, str, str, float]]) -> str:
    out = ["| id | file | kind | planted bug | result |", "|---|---|---|---|---|"]
    for m, status, why, _ in rows:
        result = status.lower() + (f" {why}" if why else "")
        if status == "SURVIVED" and m.get("equivalent"):
            result = f"survived, equivalent: {m['equivalent']}"
        out.append(f"| {m['id']} | `{m['file']}` | {m['kind']} | {m['what']} | {result} |")
    return "\n".join(out)


def score(rows) -> tuple[int, int, list[str], list[str]]:
    killed = sum(1 for _, s, _, _ in rows if s == "KILLED")
    bad = [m["id"] for m, s, _, _ in rows
           if s in ("STALE", "BROKEN") or (s == "SURVIVED" and not m.get("equivalent"))]
    survivors = [m["id"] for m, s, _, _ in rows if s == "SURVIVED"]
    return killed, len(rows), survivors, bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=str(ROOT.parent / (ROOT.name + "-mutants")),
                    help="where the copy (DIR/tree) and its build (DIR/tree/build) live, kept between runs")
    ap.add_argument("--only", help="comma list of mutant ids")
    ap.add_argument("--list", action="store_true", help="print the mutants and exit")
    ap.add_argument("--check", action="store_true",
                    help="only check that every snippet still matches exactly once (no build)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--results", help="rewrite the mutants section of this markdown file with the score")
    args = ap.parse_args()

    mutants = load(DATA)
    if args.only:
        want = set(args.only.split(","))
        mutants = [m for m in mutants if m["id"] in want]
        missing = want - {m["id"] for m in mutants}
        if missing:
            sys.exit(f"unknown ids: {', '.join(sorted(missing))}")
    if args.list:
        for m in mutants:
            print(f"{m['id']}  {m['kind']:<14} {m['file']}: {m['what']}")
        return 0
    if args.check:
        stale = 0
        for m in mutants:
            p = ROOT / m["file"]
            n = p.read_text().count(m["find"]) if p.exists() else -1
            if n != 1:
                stale += 1
                print(f"STALE {m['id']}: {m['file']}: snippet found {n} times")
        print(f"{len(mutants) - stale}/{len(mutants)} snippets match")
        return 1 if stale else 0

    base = Path(args.dir)
    # The build sits inside the copy as build/ does in a checkout: with ccache's base_dir
    # above both, objects of unchanged files compiled with the same flags are shared.
    tree, logs = base / "tree", base / "logs"
    build = tree / "build"
    logs.mkdir(parents=True, exist_ok=True)
    sync_tree(tree)
    configure(tree, build, args.jobs)

    rows = []
    t_all = time.monotonic()
    for i, m in enumerate(mutants, 1):
        status, why, dt = run_mutant(m, tree, build, args.jobs, logs)
        rows.append((m, status, why, dt))
        print(f"[{i}/{len(mutants)}] {m['id']} {status:<8} {dt:6.0f} s  {m['file']}: {m['what']} -- {why}", flush=True)
    # Leave the copy built as it was.
    sh(build_cmd(build, args.jobs), tree, 1800)

    killed, total, survivors, bad = score(rows)
    minutes = (time.monotonic() - t_all) / 60
    summary = (f"**{killed}/{total} killed** in {minutes:.0f} min"
               + (f"; survived: {', '.join(survivors)}" if survivors else "; none survived")
               + (f"; needs attention: {', '.join(bad)}" if bad else ""))
    print()
    print(table(rows))
    print()
    print(summary)
    if args.results:
        res = Path(args.results)
        body = (f"{SECTION_START}\n## Planted bugs (scripts/mutants.py)\n\n"
                f"`python3 scripts/mutants.py` on {time.strftime('%Y-%m-%d')}: {summary}.\n\n"
                f"{table(rows)}\n{SECTION_END}")
        text = res.read_text() if res.exists() else ""
        if SECTION_START in text and SECTION_END in text:
            a, rest = text.split(SECTION_START, 1)
            _, b = rest.split(SECTION_END, 1)
            text = a + body + b
        else:
            text = text.rstrip("\n") + "\n\n" + body + "\n"
        res.write_text(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
