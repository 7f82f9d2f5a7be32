"""Records for tests: hypothesis strategies for arbitrary ones, and a small valid memo."""

from __future__ import annotations

from hypothesis import strategies as st

from preserve.model import NOTE_KINDS, Element, Note, NoteRef, Record, Volume

TAGS = ("p", "pb", "persName", "placeName", "hi", "ref", "date", "list", "item", "signed",
        "closer", "opener", "dateline", "quote", "div", "lb", "gloss",
        "frus:classification")  # fmt: skip
ATTR_NAMES = ("n", "rend", "corresp", "target", "when", "type", "xml:id", "frus:doc-dateTime-min")

text = st.text(max_size=20)
numbers = st.integers(min_value=1, max_value=30).map(str)
attrs = st.dictionaries(st.sampled_from(ATTR_NAMES), text, max_size=3).map(
    lambda found: tuple(sorted(found.items()))
)
note_refs = st.builds(NoteRef, st.one_of(numbers, text))
nodes = st.recursive(
    st.one_of(text, note_refs),
    lambda children: st.builds(
        Element, st.sampled_from(TAGS), attrs, st.lists(children, max_size=4).map(tuple)
    ),
    max_leaves=6,
)
contents = st.lists(nodes, max_size=3).map(tuple)
blocks = st.builds(Element, st.sampled_from(TAGS), attrs, contents)
notes = st.builds(Note, numbers, st.sampled_from(NOTE_KINDS), contents, attrs)
volumes = st.builds(
    Volume,
    text,
    st.none() | text,
    st.none() | text,
    st.none() | text,
    st.none() | text,
    st.lists(text, max_size=2).map(tuple),
    st.none() | text,
)
records = st.builds(
    Record,
    doc_id=text,
    number=text,
    head=contents,
    body=st.lists(blocks, max_size=4).map(tuple),
    notes=st.lists(notes, max_size=4).map(tuple),
    subtype=st.none() | text,
    attrs=attrs,
    volume=st.none() | volumes,
    origin=st.none() | text,
)


def memo(**changes) -> Record:
    """A small valid memo, d390 in short: source note 1, footnotes 2 and 3, signature note 4."""
    fields = dict(
        doc_id="d390",
        number="390",
        head=("390. Memorandum for the Record", NoteRef("1")),
        body=(
            Element(
                "dateline",
                children=(
                    Element("placeName", children=("Washington",)),
                    ", ",
                    Element("date", (("when", "1963-12-31"),), ("December 31, 1963",)),
                    ".",
                ),
            ),
            Element("p", children=("Our recent conversation", NoteRef("2"), " and some ideas.")),
            Element("pb", (("n", "853"), ("xml:id", "pg_853"))),
            Element("p", children=("The Ambassador grinned.", NoteRef("3"))),
            Element(
                "closer",
                children=(
                    Element(
                        "signed",
                        children=(
                            Element("persName", children=("McGeorge Bundy",)),
                            NoteRef("4"),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            Note("1", "source", ("Source: Bundy Files. Secret.",), (("xml:id", "d390fn1"),)),
            Note("2", "footnote", ("Document 388.",), (("xml:id", "d390fn2"),)),
            Note("3", "footnote", ("Not printed.",), (("xml:id", "d390fn3"),)),
            Note("4", "signature", ("Printed from a copy.",), (("xml:id", "d390fn4"),)),
        ),
        origin="memo.txt",
    )
    fields.update(changes)
    return Record(**fields)
