"""The command group: its subcommands load on demand, and every one of them loads."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from preserve import __version__
from preserve.cli import COMMANDS, main


def test_every_listed_subcommand_loads_and_is_named_after_its_module():
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert isinstance(command, click.Command), name
        assert command.name == name
    assert main.get_command(context, "no-such-command") is None


def test_help_lists_every_subcommand_and_version_is_the_package_s():
    runner = CliRunner()
    listed = runner.invoke(main, ["--help"]).output
    assert all(f"  {name} " in listed for name in COMMANDS)
    assert runner.invoke(main, ["--version"]).output == f"preserve, version {__version__}\n"


def test_a_command_imports_only_what_it_uses():
    # validating needs the fast JSON Schema engine, not the bag libraries nor the
    # slower jsonschema, whose import alone costs a tenth of a second
    code = (
        "import sys; from preserve.cli import main; "
        "main(['validate', '--format', 'json'], standalone_mode=False); "
        "print(sorted({'jsonschema', 'jsonschema_rs', 'bagit', 'bagit_profile'}"
        " & set(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip().splitlines()[-1] == "['jsonschema_rs']"
