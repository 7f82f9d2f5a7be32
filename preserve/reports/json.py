"""The whole run as one JSON document, for scripts: a summary and every finding."""

from __future__ import annotations

import json
from dataclasses import asdict

from preserve.findings import Report, Severity
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
                "findings": [f.to_json() for f in ordered(report)],
            }
            for report in reports
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
