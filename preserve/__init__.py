"""preserve: archival preservation of diplomatic records (FRUS memos and TEI)."""

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it
