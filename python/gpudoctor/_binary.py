"""Where the executable installed with this package lives, and how to run it."""
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import List, Optional, Sequence

_EXE = "gpudoctor.exe" if os.name == "nt" else "gpudoctor"


def binary_path() -> str:
    """The gpudoctor executable: $GPUDOCTOR_BINARY, else the one this package's wheel installed
    into the interpreter's scripts directory, else the first on PATH."""
    override = os.environ.get("GPUDOCTOR_BINARY")
    if override:
        return override
    candidates: List[Path] = []
    for scheme in (None, f"{os.name}_user"):
        try:
            scripts = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        if scripts:
            candidates.append(Path(scripts) / _EXE)
    candidates.append(Path(sys.executable).parent / _EXE)
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    found = shutil.which(_EXE)
    if found:
        return found
    raise FileNotFoundError("the gpudoctor executable was not found next to this Python "
                            f"({', '.join(str(c) for c in candidates)}) nor on PATH; "
                            "reinstall with `pip install gpudoctor` or set GPUDOCTOR_BINARY")


def run(args: Sequence[str], timeout: Optional[float] = 120) -> subprocess.CompletedProcess:
    """Runs gpudoctor with ARGS and returns the finished process (stdout/stderr as text)."""
    return subprocess.run([binary_path(), *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
