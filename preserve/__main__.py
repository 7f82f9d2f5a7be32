"""``python -m preserve`` runs the command."""

from preserve.cli import main

main()
