"""Benchmark: bags made and verified by preserve, bagit-python and openssl, on the same data.

    .venv/bin/python bench/bench_fixity.py          # writes "fixity" in docs/benchmarks.md
    .venv/bin/python bench/bench_fixity.py --small  # a quick run on less data, printed only

Data (made in bench/data/fixity/, deleted afterwards unless --keep): (a) one file of
1 GiB, (b) 20,000 files of 8 KiB. Every tool runs as a child process, timed from the
outside, its peak memory (``ru_maxrss``) taken from ``wait4``. Each measurement is the
median of ``--repeat`` runs; the files are in the page cache for every tool alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.report import machine, write_section  # noqa: E402

DATA = HERE / "data" / "fixity"
PYTHON = sys.executable
BAGIT = str(Path(sys.executable).parent / "bagit.py")
PRESERVE = [PYTHON, "-m", "preserve"]

CREATE = """
import sys, time
from pathlib import Path
from preserve.bag import PayloadFile, build_bag
started = time.perf_counter()
source, target, algorithms = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
link = sys.argv[4] == "link"
files = sorted(p for p in source.rglob("*") if p.is_file())
payload = [PayloadFile(p.relative_to(source).as_posix(), source=p, link=link) for p in files]
build_bag(target, payload, [("External-Identifier", "bench")], algorithms=algorithms)
print(time.perf_counter() - started)
"""

DIGEST = """
import sys
from preserve.fixity import digest_file
digest_file(sys.argv[1], sys.argv[2].split(","))
"""


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (KiB, from ``wait4``) and output of one child."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{command[:4]} failed with {process.returncode}")
    return seconds, usage.ru_maxrss, out.decode()


def measure(
    make: Callable[[], list[str]], repeat: int, before: Callable[[], None] | None = None, cwd=None
) -> tuple[float, int, float | None]:
    """Median seconds, largest peak memory and median in-process seconds (when the child
    prints them) over ``repeat`` runs; ``before`` is not timed."""
    times, peaks, inner = [], [], []
    for _ in range(repeat):
        if before is not None:
            before()
        os.sync()  # no write-back of an earlier run in this one's time
        seconds, rss, out = run(make(), cwd)
        times.append(seconds)
        peaks.append(rss)
        if out.strip().replace(".", "", 1).isdigit():
            inner.append(float(out))
    return statistics.median(times), max(peaks), statistics.median(inner) if inner else None


def make_data(small: bool) -> tuple[Path, Path]:
    big, many = DATA / "a", DATA / "b"
    size = (64 if small else 1024) << 20
    if not (big / "big.bin").exists() or (big / "big.bin").stat().st_size != size:
        shutil.rmtree(big, ignore_errors=True)
        big.mkdir(parents=True)
        with open(big / "big.bin", "wb") as stream:
            for _ in range(size >> 20):
                stream.write(os.urandom(1 << 20))
    count = 2000 if small else 20_000
    if not many.exists() or sum(1 for _ in many.rglob("*.bin")) != count:
        shutil.rmtree(many, ignore_errors=True)
        for i in range(count):
            folder = many / f"d{i // 1000:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"f{i:05d}.bin").write_bytes(os.urandom(8192))
    return big, many


def warm(root: Path) -> None:
    """Read every file once, untimed: all in the page cache, access times settled."""
    for path in root.rglob("*"):
        if path.is_file():
            with open(path, "rb") as stream:
                while stream.read(1 << 20):
                    pass


def linked_copy(source: Path, target: Path) -> None:
    """``target`` with hard links to ``source``'s files: bagit.py moves them, not copies."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=os.link)


def bench_case(name: str, source: Path, repeat: int) -> dict[str, tuple]:
    work = DATA / "work"
    files = sorted(str(p.relative_to(source)) for p in source.rglob("*") if p.is_file())
    results: dict[str, tuple] = {}

    def clean() -> None:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)

    warm(source)
    for algorithm in ("sha256", "sha512"):
        results[f"openssl dgst -{algorithm}"] = measure(
            lambda a=algorithm: ["openssl", "dgst", f"-{a}", *files], repeat, cwd=source
        )
    for label, algorithms in (
        ("sha256", "sha256"),
        ("sha512", "sha512"),
        ("sha256+sha512", "sha256,sha512"),
    ):
        flags = [f"--{a}" for a in algorithms.split(",")]
        results[f"bagit.py create {label}"] = measure(
            lambda f=flags: [BAGIT, "--quiet", *f, str(work / "bag")],
            repeat,
            before=lambda: (clean(), linked_copy(source, work / "bag")),
        )
        for mode, suffix in (("link", ", hard links"), ("copy", "")):
            results[f"preserve create {label}{suffix}"] = measure(
                lambda a=algorithms, m=mode: [
                    PYTHON,
                    "-c",
                    CREATE,
                    str(source),
                    str(work / "bag"),
                    a,
                    m,
                ],
                repeat,
                before=clean,
            )
    # Both verify the bag preserve made last (sha256+sha512): the same bytes for both.
    warm(work / "bag")
    results["bagit.py --validate"] = measure(
        lambda: [BAGIT, "--quiet", "--validate", str(work / "bag")], repeat
    )
    results["bagit.py --validate --processes 2"] = measure(
        lambda: [BAGIT, "--quiet", "--validate", "--processes", "2", str(work / "bag")], repeat
    )
    results["preserve verify"] = measure(
        lambda: [*PRESERVE, "verify", "--format", "json", str(work / "bag")], repeat
    )
    clean()
    print(name, {k: (round(t, 3), m, i) for k, (t, m, i) in results.items()}, flush=True)
    return results


def memory_curve(big: Path, small: bool) -> list[tuple[int, int, int]]:
    """Peak memory of ``digest_file`` and of a bag's creation as the file grows."""
    rows = []
    sizes = (16, 32, 64) if small else (64, 256, 1024)
    for mib in sizes:
        path = DATA / "grow" / "f.bin"
        shutil.rmtree(path.parent, ignore_errors=True)
        path.parent.mkdir(parents=True)
        with open(big / "big.bin", "rb") as src, open(path, "wb") as dst:
            for _ in range(mib):
                dst.write(src.read(1 << 20))
        _, digest_peak, _ = run([PYTHON, "-c", DIGEST, str(path), "sha256,sha512"])
        _, create_peak, _ = run(
            [
                PYTHON,
                "-c",
                CREATE,
                str(path.parent),
                str(DATA / "grow-bag"),
                "sha256,sha512",
                "copy",
            ]
        )
        shutil.rmtree(DATA / "grow-bag")
        rows.append((mib, digest_peak, create_peak))
    shutil.rmtree(DATA / "grow")
    return rows


def table(a: dict, b: dict, memory: list[tuple[int, int, int]], small: bool, repeat: int) -> str:
    def cell(results: dict, key: str) -> str:
        seconds, _, inner = results[key]
        return f"{seconds:.2f}" + (f" ({inner:.2f})" if inner is not None else "")

    size_a, size_b = ("64 MiB", "2,000 × 8 KiB") if small else ("1 GiB", "20,000 × 8 KiB")
    mib_a = 64 if small else 1024
    openssl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.split()
    lines = [
        f"Measured by `bench/bench_fixity.py` on {machine()}, openssl {openssl[1]}, "
        f"bagit-python {_bagit_version()}: median of {repeat} runs, in seconds, files in the "
        "page cache. Every tool runs as a child process, timed from outside with its start-up "
        "(about 0.15 s for Python and preserve's imports); in brackets, the time `build_bag` "
        "took inside the child. `bagit.py` makes a bag in place (of a directory of hard links "
        "to the data). `preserve create …, hard links` does the same with "
        "`PayloadFile(link=True)`; plain `preserve create` copies the data into the bag, as "
        "`preserve package` does with its sources. Both verifiers check the same bag (the "
        "last copied one, sha256+sha512). Peak memory is the child's `ru_maxrss`.",
        "",
        f"| | (a) one file of {size_a} | (b) {size_b} | peak memory on (a) |",
        "|---|---:|---:|---:|",
    ]
    for key in a:
        lines.append(f"| {key} | {cell(a, key)} | {cell(b, key)} | {a[key][1] / 1024:.0f} MiB |")
    ssl256, ssl512 = a["openssl dgst -sha256"][0], a["openssl dgst -sha512"][0]
    ratio = b["bagit.py --validate"][0] / b["preserve verify"][0]
    ratio2 = b["bagit.py --validate --processes 2"][0] / b["preserve verify"][0]

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines += [
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| (b) verify ≥ 4× faster than `bagit.py --validate` | {ratio:.1f}× "
        f"({ratio2:.1f}× against `--processes 2`) | {verdict(ratio >= 4)} |",
    ]
    for suffix, how in ((", hard links", "in place"), ("", "copying the data")):
        wall256, _, in256 = a[f"preserve create sha256{suffix}"]
        wall512, _, in512 = a[f"preserve create sha512{suffix}"]
        both, _, in_both = a[f"preserve create sha256+sha512{suffix}"]
        lines += [
            f"| (a) sha256-only bag, {how}, ≥ 90% of openssl's sha256 throughput "
            f"({mib_a / ssl256:.0f} MiB/s) | {100 * ssl256 / wall256:.0f}% "
            f"({100 * ssl256 / in256:.0f}% in-process) | {verdict(ssl256 / wall256 >= 0.9)} |",
            f"| (a) sha256+sha512 bag, {how}, ≤ 1.15× the sha512-only bag | "
            f"{both / wall512:.2f}× ({in_both / in512:.2f}× in-process; "
            f"{both / ssl512:.2f}× `openssl dgst -sha512`) | {verdict(both / wall512 <= 1.15)} |",
        ]
    lines += [
        "",
        "Peak memory (`ru_maxrss` of the child) as the file grows, sha256+sha512:",
        "",
        "| file | `fixity.digest_file` | bag creation (copying) |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {mib} MiB | {d / 1024:.1f} MiB | {c / 1024:.1f} MiB |" for mib, d, c in memory]
    return "\n".join(lines)


def _bagit_version() -> str:
    from importlib.metadata import version

    return version("bagit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="less data; print, do not write docs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep bench/data/fixity afterwards")
    args = parser.parse_args()
    big, many = make_data(args.small)
    try:
        a = bench_case("a", big, args.repeat)
        b = bench_case("b", many, args.repeat)
        memory = memory_curve(big, args.small)
    finally:
        if not args.keep:
            shutil.rmtree(DATA, ignore_errors=True)
    markdown = table(a, b, memory, args.small, args.repeat)
    print(markdown)
    if not args.small:
        write_section("fixity", "## Fixity: bag creation and verification\n\n" + markdown)


if __name__ == "__main__":
    main()
