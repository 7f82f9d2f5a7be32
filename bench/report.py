"""Write one benchmark's results into its own section of docs/benchmarks.md.

Each benchmark script owns the text between ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->`` and rewrites only that, so scripts can run independently.
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Every figure here was measured by a script in `bench/`, on the project's 2-core machine,
with the tools people would otherwise use run in the same process run on the same data.
Ratios compare the two in that run; absolute times vary with the machine's load.
Rerun a section with the command named in it.
"""


def machine() -> str:
    """A one-line description of where the numbers were measured."""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{python}, {os.cpu_count()} cores, {platform.machine()}"


def write_section(name: str, markdown: str, path: Path = BENCHMARKS) -> None:
    """Replace (or append) the section ``name`` of ``path`` with ``markdown``."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"<!-- bench:{name} -->\n{markdown.strip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
