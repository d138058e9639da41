# gpudoctor --deep: the part every framework check shares, prepended to
# src/deep/scripts/<framework>.py. The check prints one JSON line on stdout (the last one);
# the framework's log goes to stderr, where gpudoctor explains it. Run by the install's
# Python with `-c`; nothing here may raise.
import json, sys, time

if sys.path and sys.path[0] == "":
    del sys.path[0]  # the check is about the install, not a package of that name in the cwd


def emit():
    # `out` is the dict each framework part fills in.
    sys.stderr.flush()
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
