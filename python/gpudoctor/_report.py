"""The report object `gpudoctor.check()` returns, and its HTML for notebooks."""
import html
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from ._binary import run

# Exit codes of the command line tool (README, "Exit codes").
_USABLE, _NOT_USABLE = 0, 1


class GpudoctorError(RuntimeError):
    """gpudoctor could not produce a report (usage error, unreadable input, internal error)."""


@dataclass
class Finding:
    code: str
    slug: str
    severity: str
    cause: str
    area: str
    message: str
    subject: str = ""
    evidence: List[Dict[str, str]] = field(default_factory=list)
    explanation: str = ""
    fix: List[str] = field(default_factory=list)
    explains: List[str] = field(default_factory=list)
    explained_by: str = ""

    @property
    def is_root(self) -> bool:
        return not self.explained_by

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> "Finding":
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in j.items() if k in names})


_MARK = {"ok": ("\u2713", "#1a7f37"), "warning": ("!", "#9a6700"), "error": ("\u2717", "#cf222e"),
         "absent": ("\u00b7", "#57606a"), "unknown": ("?", "#57606a")}


class Report:
    """One gpudoctor report. `usable` is True, False, or None when gpudoctor could not decide."""

    def __init__(self, data: Dict[str, Any], exit_code: int = 0):
        self.data = data
        self.exit_code = exit_code
        self.findings = [Finding.from_json(f) for f in data.get("findings", [])]
        self.frameworks: List[Dict[str, Any]] = list(data.get("frameworks", []))
        self.areas: List[Dict[str, Any]] = list(data.get("areas", []))

    @property
    def usable(self) -> Optional[bool]:
        v = self.data.get("gpu_usable")
        return v if isinstance(v, bool) else None

    @property
    def roots(self) -> List[Finding]:
        return [f for f in self.findings if f.is_root]

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.data, indent=indent)

    def __repr__(self) -> str:
        state = {True: "GPU usable", False: "GPU not usable", None: "unknown"}[self.usable]
        roots = ", ".join(f"{f.code} {f.slug}" for f in self.roots if f.severity != "info")
        return f"<gpudoctor.Report: {state}{': ' + roots if roots else ''}>"

    # -- notebook rendering (Jupyter, Colab and VS Code all call _repr_html_) --
    def _area_mark(self, area: Dict[str, Any]) -> str:
        sev = [f.severity for f in self.findings if f.area == area.get("area") and f.severity != "info"]
        if "error" in sev:
            return "error"
        if "warning" in sev:
            return "warning"
        return "absent" if area.get("absent") else "ok"

    def _repr_html_(self) -> str:
        e = html.escape
        kb = self.data.get("kb", {})
        out = ['<div class="gpudoctor-report" style="font-family: system-ui, sans-serif; line-height: 1.4">',
               f'<div style="color:#57606a">gpudoctor {e(str(self.data.get("gpudoctor_version", "?")))}'
               f' \u2014 knowledge base {e(str(kb.get("date", "?")))}</div>',
               '<table style="border-collapse: collapse; margin: 0.4em 0">']
        for a in self.areas:
            glyph, colour = _MARK[self._area_mark(a)]
            out.append(f'<tr><td style="color:{colour}; font-weight: bold; padding-right: 0.5em">{glyph}</td>'
                       f'<td style="text-align:left"><b>{e(a.get("title", ""))}</b>: {e(a.get("summary", ""))}</td></tr>')
        for v in self.frameworks:
            status = v.get("status", "")
            glyph, colour = _MARK[{"uses_gpu": "ok", "degraded": "warning", "no_gpu": "error"}.get(status, "unknown")]
            reason = v.get("reason") or ("can use the GPU" if status == "uses_gpu" else "")
            out.append(f'<tr><td style="color:{colour}; font-weight: bold; padding-right: 0.5em">{glyph}</td>'
                       f'<td style="text-align:left"><b>{e(v.get("title", ""))}</b>: {e(reason)}</td></tr>')
        out.append("</table>")
        for f in self.roots:
            if f.severity == "info":
                continue
            colour = _MARK["error" if f.severity == "error" else "warning"][1]
            out.append(f'<div style="border-left: 4px solid {colour}; padding: 0.2em 0.8em; margin: 0.5em 0">'
                       f'<div><b style="color:{colour}">{e(f.severity)}</b> <code>{e(f.code)}</code> {e(f.message)}</div>')
            if f.evidence:
                out.append('<ul style="margin: 0.2em 0">' + "".join(
                    f'<li><span style="color:#57606a">{e(ev.get("what", ""))}</span>: <code>{e(ev.get("value", ""))}</code></li>'
                    for ev in f.evidence) + "</ul>")
            if f.fix:
                out.append("<div>Fix:</div><pre style=\"margin: 0.2em 0\">" + e("\n".join(f.fix)) + "</pre>")
            folded = [g for g in self.findings if g.explained_by == f.code]
            if folded:
                out.append('<div style="color:#57606a">Also explains: ' +
                           ", ".join(f"<code>{e(g.code)}</code> {e(g.message)}" for g in folded) + "</div>")
            out.append("</div>")
        verdict = {True: ("The GPU should be usable.", "#1a7f37"), False: ("The GPU cannot be used.", "#cf222e"),
                   None: ("gpudoctor could not decide whether the GPU is usable.", "#57606a")}[self.usable]
        out.append(f'<div style="font-weight: bold; color:{verdict[1]}">{e(verdict[0])}</div></div>')
        return "\n".join(out)


def check(*args: str, timeout: Optional[float] = 120) -> Report:
    """Runs `gpudoctor --json ARGS` and returns its report, e.g. check("--framework", "torch")."""
    argv: Sequence[str] = ["--json", *args]
    p = run(argv, timeout=timeout)
    if p.returncode not in (_USABLE, _NOT_USABLE) or not p.stdout.strip():
        msg = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit status {p.returncode}"
        raise GpudoctorError(msg)
    try:
        data = json.loads(p.stdout)
    except ValueError as err:
        raise GpudoctorError(f"gpudoctor printed no valid JSON: {err}") from err
    return Report(data, p.returncode)
