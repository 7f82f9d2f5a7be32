"""The pre-commit hook other repositories use runs ``preserve validate`` on record files."""

import re
from pathlib import Path

from preserve.cli import main

HOOKS = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def hook() -> dict[str, str]:
    """The one hook's flat ``key: value`` settings (the file is a one-item YAML list)."""
    settings = {}
    for line in HOOKS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(?:- |  )([a-z_]+): (.*)$", line)
        if match:
            settings[match[1]] = match[2]
    return settings


def test_the_hook_runs_the_validate_command_of_the_installed_script():
    settings = hook()
    assert settings["id"] == "preserve-validate"
    assert settings["language"] == "python"
    program, command = settings["entry"].split()
    assert program == "preserve" and command in main.list_commands(None)
    assert settings["require_serial"] == "true"


def test_the_hook_takes_text_tei_and_json_files_only():
    files = re.compile(hook()["files"])
    assert all(files.search(n) for n in ("memo.txt", "records/d390.xml", "out/d390.json"))
    assert not any(files.search(n) for n in ("README.md", "memo.txt.bak", "schema.rng"))
