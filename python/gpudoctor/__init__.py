"""gpudoctor from Python: why is my GPU not being used?

A thin layer over the ``gpudoctor`` executable's ``--json`` report (docs/json-schema.md)::

    import gpudoctor
    report = gpudoctor.check()        # runs `gpudoctor --json`; in Jupyter it renders itself
    report.usable, report.findings, report.to_json()

``python -m gpudoctor ARGS`` runs the command line tool itself.
"""
from ._binary import binary_path, run
from ._report import Finding, Report, check
from ._version import __version__

__all__ = ["Finding", "Report", "binary_path", "check", "run", "__version__"]
