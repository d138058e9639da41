#!/usr/bin/env python3
"""Score a gpudoctor binary's `explain` on a split of the explain corpus; print aggregates only.

Usage:
  bench/explain_split/score.py --gpudoctor build/gpudoctor [--split DIR ...] [--out FILE.md] [--verbose]

Each case is DIR/NAME.log with DIR/NAME.json ({"source_url", "framework", "expected_cause", ...}).
Default splits: bench/explain_split/test (held out) and tests/fixtures/logs (development corpus).

For every case this runs `gpudoctor explain --json --no-probe NAME.log` (--no-probe: the paste
comes from another machine, so this machine's facts must not be mixed in) with a timeout and
reads the findings:

  named  - some finding (root or folded, any severity) carries the expected cause;
  first  - the first root finding (explained_by empty), errors before warnings, carries it
           (the same rule as tests/explain/explain_corpus_test.cpp's top_cause);
  quiet  - benign-only cases (expected_cause "benign"): exit code 0 and no error finding.

Benign-only cases are scored only by `quiet`; `named`/`first` are over the other cases.
Output: per split, per framework and per cause counts; never a log line, and no per-case
line unless --verbose. Rule for rule writers: never use --verbose on the test split, and do
not open bench/explain_split/test/ while writing rules (see README.md).
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
DEFAULT_SPLITS = [ROOT / "bench" / "explain_split" / "test", ROOT / "tests" / "fixtures" / "logs"]
TIMEOUT_S = 30


class Tally:
    def __init__(self):
        self.cases = 0
        self.root_total = 0
        self.named = 0
        self.first = 0
        self.benign_total = 0
        self.quiet = 0
        self.failed = 0  # gpudoctor crashed, timed out, exit 2/3 or printed no JSON

    def add(self, r):
        self.cases += 1
        if r["failed"]:
            self.failed += 1
        if r["benign"]:
            self.benign_total += 1
            self.quiet += r["quiet"]
        else:
            self.root_total += 1
            self.named += r["named"]
            self.first += r["first"]


def pct(a, b):
    return "–" if b == 0 else f"{100.0 * a / b:.1f} %"


def frac(a, b):
    return "–" if b == 0 else f"{a}/{b} ({pct(a, b)})"


def first_root_cause(findings):
    for sev in ("error", "warning"):
        for f in findings:
            if not f.get("explained_by") and f.get("severity") == sev:
                return f.get("cause", "")
    return "benign"


def run_case(binary, log, meta):
    want = meta.get("expected_cause", "")
    r = {"benign": want == "benign", "named": 0, "first": 0, "quiet": 0, "failed": False, "got": ""}
    try:
        p = subprocess.run([str(binary), "explain", "--json", "--no-probe", str(log)],
                           capture_output=True, timeout=TIMEOUT_S)
        rc = p.returncode
        j = json.loads(p.stdout.decode("utf-8", "replace")) if rc in (0, 1) else None
    except (subprocess.TimeoutExpired, OSError, ValueError):
        rc, j = -1, None
    if j is None:
        r["failed"] = True
        r["got"] = f"failed(rc={rc})"
        return r
    findings = j.get("findings", [])
    errors = any(f.get("severity") == "error" for f in findings)
    top = first_root_cause(findings)
    r["got"] = top
    if r["benign"]:
        r["quiet"] = int(rc == 0 and not errors)
    else:
        r["named"] = int(any(f.get("cause") == want for f in findings))
        r["first"] = int(top == want)
    return r


def score_split(binary, split, verbose):
    total = Tally()
    per_fw = collections.defaultdict(Tally)
    per_cause = collections.defaultdict(Tally)
    logs = sorted(split.glob("*.log"))
    for log in logs:
        side = log.with_suffix(".json")
        if not side.exists():
            continue
        meta = json.loads(side.read_text())
        r = run_case(binary, log, meta)
        total.add(r)
        per_fw[meta.get("framework", "?")].add(r)
        per_cause[meta.get("expected_cause", "?")].add(r)
        if verbose:
            ok = r["quiet"] if r["benign"] else r["first"]
            print(f"  {'ok  ' if ok else 'MISS'} {log.stem}: want {meta.get('expected_cause')} got {r['got']}",
                  file=sys.stderr)
    return total, per_fw, per_cause


def table(title, rows):
    out = [f"#### {title}", "",
           "| | cases | named | first | benign-only quiet | runs failed |",
           "| --- | --- | --- | --- | --- | --- |"]
    for name, t in rows:
        out.append(f"| {name} | {t.cases} | {frac(t.named, t.root_total)} | {frac(t.first, t.root_total)} | "
                   f"{frac(t.quiet, t.benign_total)} | {t.failed} |")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gpudoctor", required=True, help="path to the gpudoctor binary")
    ap.add_argument("--split", action="append", type=pathlib.Path,
                    help="a split directory (repeatable); default: test split and development corpus")
    ap.add_argument("--out", type=pathlib.Path, help="also write the Markdown tables to this file")
    ap.add_argument("--verbose", action="store_true",
                    help="per-case lines on stderr (development corpus only: never on the test split)")
    a = ap.parse_args()
    binary = pathlib.Path(a.gpudoctor).resolve()
    if not binary.is_file():
        sys.exit(f"score.py: no gpudoctor binary at {binary}")
    splits = a.split or DEFAULT_SPLITS
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    md = [f"gpudoctor: `{version or binary.name}`; command per case: `gpudoctor explain --json --no-probe CASE.log`", ""]
    summary = ["| split | cases | named | first | benign-only quiet | runs failed |",
               "| --- | --- | --- | --- | --- | --- |"]
    details = []
    for split in splits:
        split = split.resolve()
        if not split.is_dir():
            sys.exit(f"score.py: no split directory {split}")
        try:
            label = str(split.relative_to(ROOT))
        except ValueError:
            label = str(split)
        total, per_fw, per_cause = score_split(binary, split, a.verbose)
        summary.append(f"| `{label}` | {total.cases} | {frac(total.named, total.root_total)} | "
                       f"{frac(total.first, total.root_total)} | {frac(total.quiet, total.benign_total)} | "
                       f"{total.failed} |")
        details += [f"### `{label}`", ""]
        details += table("per framework", sorted(per_fw.items(), key=lambda kv: (-kv[1].cases, kv[0]))) + [""]
        details += table("per expected cause", sorted(per_cause.items(), key=lambda kv: (-kv[1].cases, kv[0]))) + [""]
    md += ["### Summary", ""] + summary + [""] + details
    text = "\n".join(md) + "\n"
    print(text, end="")
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(text)


if __name__ == "__main__":
    main()
