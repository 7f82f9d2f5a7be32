"""Records per second for the record core: parse, both canonical forms, every schema.

Run: .venv/bin/python -m bench.bench_core   (writes the "core" section of docs/benchmarks.md)

Side by side, in the same run on the same files, with what people would otherwise do by
hand: lxml parsing + C14N 2.0 + RelaxNG validation against the FRUS schema (in process),
and `xmllint --relaxng` (libxml2's command line, one process for all files) when present.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from lxml import etree

from bench.report import machine, write_section
from preserve.readers import read_path
from preserve.resources import schema_path, seed_path
from preserve.rules import validate
from preserve.writers import json as json_writer
from preserve.writers import tei as tei_writer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))
ROUNDS = 20


def preserve_pipeline(paths: list[Path]) -> int:
    """preserve's whole core on every file; returns the number of records."""
    count = 0
    for path in paths:
        for parsed in read_path(path):
            tei_writer.to_bytes(parsed.record)
            json_writer.to_bytes(parsed.record)
            validate(parsed)
            count += 1
    return count


def lxml_pipeline(paths: list[Path], schema: etree.RelaxNG) -> int:
    """The hand-rolled baseline: parse, canonicalize, RelaxNG-validate with lxml."""
    for path in paths:
        tree = etree.parse(str(path))
        etree.canonicalize(etree.tostring(tree).decode())
        schema.validate(tree)
    return len(paths)


def best_rate(run, rounds: int = ROUNDS) -> float:
    """Records per second of the fastest of ``rounds`` runs."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    return count / best


def xmllint_rate(paths: list[Path]) -> float | None:
    if shutil.which("xmllint") is None:
        return None
    args = ["xmllint", "--noout", "--relaxng", str(schema_path("frus/frus.rng"))]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([*args, *map(str, paths)], capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
    return len(paths) / best


def main() -> None:
    schema = etree.RelaxNG(etree.parse(str(schema_path("frus/frus.rng"))))
    paths = [*CORPUS, seed_path()]
    preserve_pipeline(paths)  # load schemas and warm caches once, as a long run would
    ours = best_rate(lambda: preserve_pipeline(paths))
    lxml_only = best_rate(lambda: lxml_pipeline(CORPUS, schema))
    lint = xmllint_rate(CORPUS)
    rows = [
        "| pipeline | records/s | preserve ÷ it |",
        "|---|---:|---:|",
        f"| preserve: read + canonical XML + canonical JSON + all schemas and rules "
        f"| {ours:,.0f} | 1.00 |",
        f"| lxml by hand: parse + C14N 2.0 + RelaxNG (frus.rng) | {lxml_only:,.0f} "
        f"| {ours / lxml_only:.2f} |",
    ]
    if lint is not None:
        rows.append(
            f"| `xmllint --relaxng frus.rng` (one process, all files) | {lint:,.0f} "
            f"| {ours / lint:.2f} |"
        )
    else:
        rows.append("| `xmllint` | not installed on this machine | – |")
    text = (
        "## Record core\n\n"
        f"{len(paths)} inputs: the {len(paths) - 1} documents of `fixtures/corpus/` and the seed; "
        f"best of {ROUNDS} runs; "
        f"{machine()}. Command: `.venv/bin/python -m bench.bench_core`.\n\n"
        "preserve does more than either baseline (two canonical forms, RelaxNG + Schematron "
        "+ JSON Schema + Python rules, positions for every finding); the ratio says what "
        "that costs.\n\n" + "\n".join(rows)
    )
    write_section("core", text)
    print(text)


if __name__ == "__main__":
    main()
