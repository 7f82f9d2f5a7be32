"""preserve: archival preservation of diplomatic records (FRUS memos and TEI)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("preserve")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
