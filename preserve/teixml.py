"""Names the TEI reader and writer share: namespaces and the white-space containers."""

from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PREFIXES = {XML_NS: "xml", FRUS_NS: "frus"}  # the namespaces whose attributes records keep

SOURCE_FILE = "source-file"  # idno/@type in preserve's teiHeader naming the file read

# Element-only containers: white-space-only text directly inside them is dropped on
# reading (common.md), so the writer may put newlines there.
ELEMENT_ONLY = frozenset({"TEI", "text", "front", "body", "back", "div", "frus:attachment",
                          "list", "opener", "closer", "signed"})  # fmt: skip
