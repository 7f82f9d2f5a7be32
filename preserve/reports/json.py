"""The whole run as one JSON document, for scripts: a summary and every finding."""

from __future__ import annotations

import json
from dataclasses import asdict

from preserve.findings import Finding, Report, Severity
from preserve.reports import Options, ordered, tally


def render(reports: list[Report], options: Options) -> str:
    summary = asdict(tally(reports, options.fail_on))
    summary["fail_on"] = Severity(options.fail_on).value
    document = {
        "summary": summary,
        "reports": [
            {
                "source": report.source,
                "record": report.record_id,
                "valid": report.valid,
                "findings": [_finding(f) for f in ordered(report)],
            }
            for report in reports
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _finding(finding: Finding) -> dict:
    position = None
    if finding.position is not None:
        position = {k: v for k, v in asdict(finding.position).items() if v is not None}
    return {
        "code": finding.code,
        "severity": Severity(finding.severity).value,
        "message": finding.message,
        "key": finding.key,
        "position": position,
    }
