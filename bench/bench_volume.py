"""Benchmark: package a whole FRUS volume, end to end, with --jobs 1 and --jobs 2.

Builds volumes of the corpus documents repeated with fresh numbers (bench/make_volume.py)
at 1x, 4x and 16x a base size, runs ``preserve package VOLUME -o DIR --allow-invalid
--quiet`` on each as a child process, and reports documents per second (wall clock,
start to exit, so imports, reading, validating, writing and hashing all count) and the
peak resident memory of the largest process of the run (the command or one of its
workers, from ``wait4``'s ``ru_maxrss``), on disk and on tmpfs. ``--allow-invalid``
makes every document cost a full package, the slowest case. Writes docs/benchmarks.md
section "volume".

    .venv/bin/python bench/bench_volume.py [--documents 400] [--scales 1 4 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_volume import write_volume
from bench.report import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))


def package(volume: Path, out: Path, jobs: int, extra: tuple[str, ...] = ()) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one ``preserve package`` run."""
    command = [sys.executable, "-m", "preserve", "package", str(volume), "-o", str(out)]
    command += ["--jobs", str(jobs), "--allow-invalid", "--quiet", *extra]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error}")
    return seconds, usage.ru_maxrss


def stages(volume: Path, workdir: str | None = None) -> list[tuple[str, float]]:
    """Milliseconds per document of each step of packaging, in this one process.

    The steps as ``--jobs 2`` splits them: the streaming process splits the volume into
    document divs (the first row); the workers do the rest, the canonical forms built
    once for validation and then written.
    """
    from preserve import bag
    from preserve.canonical import Forms
    from preserve.readers.portable import parsed, read_portable
    from preserve.references import read_front_matter, resolve, to_json
    from preserve.rules import validate

    front = read_front_matter(volume, str(volume))
    timings: dict[str, float] = {}

    def timed(name: str, step, items: list) -> list:
        start = time.perf_counter()
        out = [step(item) for item in items]
        timings[name] = time.perf_counter() - start
        return out

    start = time.perf_counter()
    items = list(read_portable(volume))
    timings["split the volume into document divs"] = time.perf_counter() - start
    records = timed("read each div to a record", parsed, items)
    validate(records[0])  # load the schemas before timing
    forms = [Forms(p.record) for p in records]
    pairs = list(zip(records, forms, strict=True))
    reports = timed("validate: every schema and rule", lambda pf: validate(*pf), pairs)
    timed("resolve references", lambda p: to_json(p.record, resolve(p.record, front)), records)
    written = timed(
        "canonical XML and JSON bytes", lambda f: (f.xml_bytes(), f.json_bytes()), forms
    )
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:

        def write(item):
            parsed_record, report, (xml, json_form) = item
            checked = bag.Checked(parsed_record, report)
            files = [
                bag.PayloadFile("record.xml", xml),
                bag.PayloadFile("record.json", json_form),
                bag.PayloadFile("validation.json", bag.report_json(checked)),
            ]
            info = bag.bag_info([checked], bag.Options())
            bag.build_bag(Path(tmp, parsed_record.record.id), files, info)

        timed(
            "bag: write files, checksums, tag files",
            write,
            list(zip(records, reports, written, strict=True)),
        )
    return [(name, seconds * 1000 / len(records)) for name, seconds in timings.items()]


def in_child(function, *args):
    """``function(*args)`` in a forked process, so that what it holds never swells this one:
    a command started from here reports in ``ru_maxrss`` at least this process's size."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(function, *args).result()


def run_sizes(args: argparse.Namespace, workdir: str | None) -> list[tuple]:
    """Package each size with each --jobs in ``workdir``: one row per run."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-volume-", dir=workdir) as tmp:
        for scale in args.scales:
            count = args.documents * scale
            volume = Path(tmp) / f"volume-{scale}x.xml"
            write_volume(CORPUS, volume, count, fill_lists=True)
            size = volume.stat().st_size
            for jobs in args.jobs:
                out = Path(tmp) / f"out-{scale}-{jobs}"
                out.mkdir()
                seconds, rss = package(volume, out, jobs)
                bags = sum(1 for _ in out.iterdir())
                if bags != count:
                    raise SystemExit(f"{volume}: {bags} bags for {count} documents")
                shutil.rmtree(out)
                rows.append((workdir, scale, count, size, jobs, seconds, rss))
                print(
                    f"{workdir}: {scale:>3}x {count:>6} docs {size / 1e6:6.1f} MB  --jobs {jobs}: "
                    f"{seconds:7.2f} s  {count / seconds:6.0f} docs/s  peak {rss / 1024:6.0f} MiB",
                    flush=True,
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=400, help="documents at 1x")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs")
    parser.add_argument(
        "--workdir",
        nargs="+",
        default=[d for d in ("/var/tmp", "/dev/shm") if Path(d).is_dir()] or [None],
        help="where volumes and bags are written, each in turn (default: /var/tmp /dev/shm)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-volume-", dir=args.workdir[-1]) as tmp:
        base = Path(tmp) / "volume-stages.xml"
        write_volume(CORPUS, base, args.documents, fill_lists=True)
        # the best of three passes: the machine is shared, a single pass may be unlucky
        passes = [in_child(stages, base, tmp) for _ in range(3)]
        steps = [(name, min(p[i][1] for p in passes)) for i, (name, _) in enumerate(passes[0])]
    for name, ms in steps:
        print(f"{name:<40} {ms:6.2f} ms/document", flush=True)
    rows = [row for workdir in args.workdir for row in run_sizes(args, workdir)]

    table = [
        "| written to | volume | documents | size | --jobs | seconds | documents/s | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for workdir, scale, count, size, jobs, seconds, rss in rows:
        table.append(
            f"| `{workdir}` | {scale}x | {count} | {size / 1e6:.1f} MB | {jobs} | {seconds:.2f} | "
            f"{count / seconds:.0f} | {rss / 1024:.0f} MiB |"
        )
    total = sum(ms for _, ms in steps)
    breakdown = [
        "| step (one process) | ms per document | share |",
        "|---|---:|---:|",
        *(f"| {name} | {ms:.2f} | {ms / total:.0%} |" for name, ms in steps),
        f"| total | {total:.2f} | 100% |",
    ]
    verdicts = []
    for workdir in args.workdir:
        rates = [
            f"{count / seconds:.0f}"
            for where, _, count, _, jobs, seconds, _ in rows
            if where == workdir and jobs == max(args.jobs)
        ]
        met = [float(rate) >= 300 for rate in rates]
        verdict = (
            "reached at every size"
            if all(met)
            else "reached at some sizes"
            if any(met)
            else "not reached"
        )
        verdicts.append(f"`{workdir}` {' / '.join(rates)} documents/s ({verdict})")
    rss = [rss / 1024 for *_, rss in rows]
    markdown = "\n".join(
        [
            "## Volume: a whole FRUS volume packaged, one bag per document",
            "",
            f"Measured on {machine()} by `.venv/bin/python bench/bench_volume.py`.",
            "Each run is `preserve package VOLUME -o DIR --jobs N --allow-invalid --quiet`",
            "as a child process: wall time from start to exit (imports, streaming the TEI,",
            "validation against every schema, canonical XML and JSON, references, bag",
            "writing and fixity all included), and the peak resident memory of the largest",
            "single process of the run (`ru_maxrss` from `wait4`: the command or a worker;",
            "the script keeps its own process small, since that figure counts the process",
            "the command was started from).",
            "The volumes repeat the 36 corpus documents with fresh numbers and ids, in the",
            "frus1961-63v05 shell with an entry in its persons and terms lists for every link",
            "(`bench/make_volume.py --fill-lists`); `--allow-invalid` packages every document.",
            "",
            "Each size is packaged twice over: on the disk (`/var/tmp`) and in memory",
            "(`/dev/shm`, tmpfs). On this machine's disk, creating a file in a directory just",
            "made costs about 1 ms (measured with a plain Python loop), and a bag is two",
            "directories and a dozen files, so on disk the file system, not the CPU, sets the",
            "pace; tmpfs shows what the code itself does. The machine is shared: other",
            "processes ran during these measurements, so single figures vary by ±20%.",
            "",
            *table,
            "",
            f"Target: 300 documents/s on 2 cores. With `--jobs {max(args.jobs)}`, from the"
            f" smallest volume to the largest: {'; '.join(verdicts)}.",
            f"Peak memory stays between {min(rss):.0f} and {max(rss):.0f} MiB whatever the"
            " volume's size: the volume is streamed, at most",
            "2 × jobs chunks of 8 documents are in flight, and each document's result is spooled",
            "to a temporary file instead of kept in memory.",
            "",
            f"Where the time goes: each step timed alone over the {args.documents} documents,",
            "in one process, best of three passes (`stages()` in the script). With `--jobs 2`",
            "the main process only splits the volume into document divs (the first row) and",
            "sends them as bytes; two workers do the rest, all on the same two cores. The",
            "canonical forms are built once, by validation, and only serialized for the bag.",
            "",
            *breakdown,
        ]
    )
    if args.no_write:
        print(markdown)
    else:
        write_section("volume", markdown)
        print("wrote docs/benchmarks.md section volume")


if __name__ == "__main__":
    main()
