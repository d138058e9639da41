"""Executes a one-cell notebook, `import gpudoctor; gpudoctor.check()`, in a real Jupyter kernel
(nbclient + ipykernel) and checks that the cell's output is the report as text/html.
Usage: run_notebook.py OUT_HTML   (writes the HTML the kernel returned)"""
import sys

import nbformat
from nbclient import NotebookClient

nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell("import gpudoctor\ngpudoctor.check('--no-live')"))
NotebookClient(nb, timeout=120, kernel_name="python3").execute()
outputs = nb.cells[0].outputs
html = [o["data"]["text/html"] for o in outputs if o.get("output_type") == "execute_result" and "text/html" in o.get("data", {})]
if not html:
    sys.exit(f"no text/html output: {outputs}")
page = html[0]
for needle in ('class="gpudoctor-report"', "H101", "NVIDIA GPUs on the PCI bus", "The GPU cannot be used"):
    if needle not in page:
        sys.exit(f"text/html lacks {needle!r}: {page[:400]}")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("<!doctype html><meta charset='utf-8'><title>gpudoctor in a notebook</title><body style='max-width: 60em'>" + page)
print("text/html output of", len(page), "characters")
