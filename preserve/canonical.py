"""A record's canonical forms, each built once: the TEI tree and the JSON object.

Validation checks both forms and packaging writes them; building them is a good part
of what a record costs, so the rules and the bag share one ``Forms``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from lxml import etree

from preserve.model import Record
from preserve.writers import json, tei


class Forms:
    """The canonical forms of ``record``, built when first asked for, then kept.

    Nothing may change the tree or the object once built: the rules only read them.
    """

    def __init__(self, record: Record) -> None:
        self.record = record

    @cached_property
    def tree(self) -> etree._Element:
        """``writers.tei.to_tree``: raises ``OutputError`` if XML cannot hold the record."""
        return tei.to_tree(self.record)

    @cached_property
    def obj(self) -> dict[str, Any]:
        """``writers.json.to_obj``."""
        return json.to_obj(self.record)

    def xml_bytes(self) -> bytes:
        """The canonical XML (``writers.tei.to_bytes``)."""
        return tei.serialize(self.tree)

    def json_bytes(self) -> bytes:
        """The canonical JSON (``writers.json.to_bytes``)."""
        return json.serialize(self.record, self.obj)
