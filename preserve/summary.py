"""The table printed at the end of a batch: counts, the commonest findings, where things went.

A pure function of the ``BatchReport``: the CLI prints it on stderr.
"""

from __future__ import annotations

from preserve.batch import BatchReport


def render(
    report: BatchReport,
    report_path: str | None = None,
    seconds: float | None = None,
    top: int = 5,
) -> str:
    """The summary of ``report`` as lines of text (ending in a newline)."""
    volume = report.volume
    rows: list[tuple[str, str]] = [("source", report.source)]
    if volume is not None:
        rows.append(("volume", " — ".join(x for x in (volume.id, _title(report)) if x)))
    count = len(report.documents)
    rows.append(("documents", str(count)))
    rows.append(("valid", str(report.valid)))
    rows.append(("invalid", str(report.invalid)))
    if report.output is not None:
        rows.append(("bags", _bags(report)))
    if report_path is not None:
        rows.append(("report", report_path))
    if seconds is not None and seconds > 0:
        rows.append(("time", f"{seconds:.1f} s, {count / seconds:.0f} documents/s"))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]

    codes = report.codes()
    if codes:
        shown = codes[:top]
        header = ("finding", "severity", "count", "documents")
        table = [header] + [(c.code, c.severity, str(c.findings), str(c.documents)) for c in shown]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        lines.append("")
        for row in table:
            cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
            cells += [row[2].rjust(widths[2]), row[3].rjust(widths[3])]
            lines.append("  ".join(cells).rstrip())
        if len(codes) > top:
            lines.append(f"… and {len(codes) - top} more codes (see the report)")
    return "\n".join(lines) + "\n"


def _title(report: BatchReport) -> str | None:
    volume = report.volume
    if volume is None:
        return None
    parts = [volume.subseries, volume.number, volume.title]
    return ", ".join(p for p in parts if p) or None


def _bags(report: BatchReport) -> str:
    if report.bag_per == "volume":
        where = report.bags[0] if report.bags else report.output
        text = f"1 bag holding {report.packaged} documents: {where}"
    else:
        text = f"{report.packaged} in {report.output}"
    skipped = len(report.documents) - report.packaged
    if skipped:
        text += f" ({skipped} invalid left out; --allow-invalid packages them)"
    return text
