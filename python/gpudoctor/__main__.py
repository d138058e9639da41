"""`python -m gpudoctor ARGS`: the command line tool, with its exit code."""
import os
import subprocess
import sys

from ._binary import binary_path


def main() -> int:
    exe = binary_path()
    if os.name == "nt":
        return subprocess.call([exe, *sys.argv[1:]])
    os.execv(exe, [exe, *sys.argv[1:]])
    return 127  # not reached


if __name__ == "__main__":
    sys.exit(main())
