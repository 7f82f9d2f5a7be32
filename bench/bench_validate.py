"""Benchmark: ``preserve validate`` on a directory of 1,000 documents, 1 worker vs all cores,
and ``xmllint --relaxng schemas/frus/frus.rng`` on the same XML files.

Copies the corpus documents (fixtures/corpus/*.xml) and the seed memo, in turn, into a
temporary directory until it holds ``--documents`` files, then times, as child processes
(wall clock, start to exit: imports, reading, every schema and rule, writing the report):

- ``preserve validate DIR --jobs 1 -f json -o REPORT``, and the same with every core;
- ``preserve validate 'DIR/*.xml'`` on all cores, and ``xmllint --noout --relaxng
  schemas/frus/frus.rng`` on the same XML files, the check people would otherwise run.

Each run is repeated ``--repeat`` times and the fastest kept (the machine is shared).
The 1-worker and all-core reports must be the same bytes. Writes docs/benchmarks.md
section "validate-ci".

    .venv/bin/python bench/bench_validate.py [--documents 1000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import machine, write_section
from preserve.validation import available_cores

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "fixtures" / "corpus").glob("*.xml")),
    ROOT / "seeds" / "000_64a11ddd4c1bf2d8.txt",
]
FRUS_RNG = ROOT / "schemas" / "frus" / "frus.rng"


def make_documents(directory: Path, count: int) -> list[Path]:
    """``count`` files in ``directory``, the sources copied in turn."""
    paths = []
    for i, source in zip(range(count), itertools.cycle(SOURCES)):
        path = directory / f"{i:04d}-{source.name}"
        shutil.copyfile(source, path)
        paths.append(path)
    return paths


def timed(command: list[str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (the command and its worker processes) and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in ok:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]!r}")
    return seconds, cpu, done.stderr


def fastest(command: list[str], repeat: int, ok: tuple[int, ...] = (0, 1)):
    """The fastest (by wall clock) of ``repeat`` runs of ``command``."""
    return min((timed(command, ok) for _ in range(repeat)), key=lambda run: run[0])


def validate(target: str, jobs: int, report: Path) -> list[str]:
    return [sys.executable, "-m", "preserve", "validate", target, "--jobs", str(jobs),
            "--isolated", "--quiet", "--format", f"json:{report}"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs")
    args = parser.parse_args()
    cores = available_cores()
    xmllint = shutil.which("xmllint")
    load = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        data = Path(tmp) / "records"
        data.mkdir()
        paths = make_documents(data, args.documents)
        xml = [str(p) for p in paths if p.suffix == ".xml"]
        one_report, all_report = Path(tmp) / "one.json", Path(tmp) / "all.json"
        one = fastest(validate(str(data), 1, one_report), args.repeat)
        every = fastest(validate(str(data), cores, all_report), args.repeat)
        same = one_report.read_bytes() == all_report.read_bytes()
        digest = hashlib.sha256(all_report.read_bytes()).hexdigest()[:16]
        xml_report = Path(tmp) / "xml.json"
        preserve_xml = fastest(validate(str(data / "*.xml"), cores, xml_report), args.repeat)
        lint = lint_valid = None
        if xmllint:
            command = [xmllint, "--noout", "--relaxng", str(FRUS_RNG), *xml]
            lint = fastest(command, args.repeat, ok=(0, 3))
            lint_valid = lint[2].decode().count(" validates\n")

    n, x = len(paths), len(xml)
    rows = [
        ("`preserve validate DIR --jobs 1`", n, one),
        (f"`preserve validate DIR --jobs {cores}` (all cores)", n, every),
        (f"`preserve validate 'DIR/*.xml' --jobs {cores}`", x, preserve_xml),
    ]
    if lint is not None:
        rows.append(("`xmllint --noout --relaxng schemas/frus/frus.rng DIR/*.xml`", x, lint))
    table = "\n".join(
        f"| {name} | {files} | {wall:.2f} | {cpu:.2f} | {files / wall:.0f} |"
        for name, files, (wall, cpu, _) in rows
    )
    comparison = "xmllint is not installed here (`apt-get install libxml2-utils`)."
    if lint is not None:
        comparison = (
            f"On the same {x} XML files preserve takes **{preserve_xml[0] / lint[0]:.0f}×** "
            f"as long as xmllint, which found {lint_valid} of them valid against frus.rng "
            "(the corpus files are single documents, without a volume's teiHeader)."
        )
    markdown = f"""## validate-ci: `preserve validate` on a directory of {n} documents

Measured by `bench/bench_validate.py` on {machine()}: {n} files copied in turn
from the {len(SOURCES) - 1} corpus documents and the seed memo ({x} TEI, {n - x} plain
text). Each command runs as a child process: wall clock from start to exit, CPU time of
the command and its worker processes, fastest of {args.repeat}. `preserve validate` reads
each record, builds its canonical XML and JSON, checks them against record.rng,
record.sch, record.schema.json and the semantic rules, and writes a JSON report; xmllint
checks each file against the FRUS project's RelaxNG schema only.

| command | files | wall s | CPU s | files/s |
|---|---:|---:|---:|---:|
{table}

All cores ({cores}) against one worker: **{one[0] / every[0]:.2f}×** the speed; the two
reports are {"the same bytes" if same else "NOT the same bytes"} (sha256 {digest}…). The
machine is shared: its load average was {load:.1f} when the runs began, so other work
took part of the cores.
{comparison}

Rerun: `.venv/bin/python bench/bench_validate.py` (xmllint: `apt-get install libxml2-utils`).
"""
    print(markdown)
    if not args.no_write:
        write_section("validate-ci", markdown)


if __name__ == "__main__":
    main()
