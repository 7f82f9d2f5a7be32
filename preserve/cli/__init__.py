"""The ``preserve`` command: the only place that prints or exits.

Each subcommand lives in its own module here, imported only when it is run (or listed
by ``--help``), so that a command pays only for the libraries it uses.
"""

from __future__ import annotations

import importlib
import sys

import click

from preserve import __version__
from preserve.errors import EXIT_USAGE, PreserveError

EXIT_INTERNAL = 3


COMMANDS = ("convert", "validate", "package", "verify")


class _Group(click.Group):
    """Loads the subcommands on demand; turns every ``PreserveError`` into one line on
    stderr and its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return importlib.import_module(f"preserve.cli.{cmd_name}").command

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except PreserveError as error:
            click.echo(f"preserve: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("preserve: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # a bug: still one line, never a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"preserve: internal error: {type(error).__name__}: {error} "
                "(run with --debug for details)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="preserve")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Archival preservation of diplomatic records.

    Parse FRUS memos (plain text or TEI), normalize them to canonical XML and JSON,
    validate them, and package them in BagIt bags that auditors can verify.
    """
    ctx.ensure_object(dict)["debug"] = debug
