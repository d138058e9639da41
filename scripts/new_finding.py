#!/usr/bin/env python3
"""Scaffold a new finding: docs page, rule file and registry line, like clang-tidy's
add_new_check.py, so none of the pieces is ever missing.

usage: scripts/new_finding.py CODE SLUG CAUSE AREA SEVERITY "summary sentence"
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CAUSES = ROOT.parent / "shared" / "CAUSES.md"


def main(argv):
    if len(argv) != 7:
        sys.exit(__doc__)
    code, slug, cause, area, severity, summary = argv[1:]
    if not re.fullmatch(r"[A-Z]\d{3}", code):
        sys.exit(f"bad code {code}: a capital letter and three digits")
    if CAUSES.exists() and f"`{cause}`" not in CAUSES.read_text():
        sys.exit(f"cause {cause} is not in {CAUSES}")
    doc = ROOT / "docs" / "findings" / f"{code}.md"
    if doc.exists():
        sys.exit(f"{doc} exists: codes are never reused")
    doc.write_text(f"""# {code} {slug}

**Severity:** {severity}  
**Cause:** `{cause}`  
**Area:** {area}

{summary}.

## What it means

## How gpudoctor detects it

## How to fix

```sh
```

## Example

```
{severity} [{code}] ...
```
""")
    rule = ROOT / "src" / "rules" / area / f"{slug}.cpp"
    rule.parent.mkdir(parents=True, exist_ok=True)
    rule.write_text(f"""// {summary}.
#include "rules/core_rules.hpp"

namespace gpudoctor::rules {{

GD_RULE(check_{slug}) {{
}}

}}  // namespace gpudoctor::rules
""")
    print(f"wrote {doc} and {rule}; now add GD_RULE(check_{slug}) to src/rules/core_rules.hpp, "
          f"a registry line to src/rules/core_registry.cpp, and fires/quiet cases to tests/rules/")


if __name__ == "__main__":
    main(sys.argv)
