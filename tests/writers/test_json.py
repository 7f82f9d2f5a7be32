"""preserve.writers.json: records as canonical JSON (RFC 8785)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st
from records import memo, records

from preserve.model import Element, NoteRef
from preserve.readers.json import from_obj, read_json
from preserve.readers.tei import read_tei
from preserve.readers.text import read_text
from preserve.writers import tei
from preserve.writers.json import dumps, to_bytes, to_obj

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_64a11ddd4c1bf2d8.txt"
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))


def seed_record():
    return read_text(SEED.read_bytes(), str(SEED)).record


def test_the_seed_has_the_members_users_rely_on():
    obj = to_obj(seed_record())
    assert obj["number"] == "390"
    assert obj["title"] == "Memorandum for the Record"
    assert obj["classification"] == {
        "level": "Secret",
        "caveats": [],
        "precedence": None,
        "text": "Secret.",
    }
    assert [(note["n"], note["kind"]) for note in obj["notes"]] == [
        ("1", "source"),
        ("2", "footnote"),
        ("3", "footnote"),
        ("4", "signature"),
    ]
    assert obj["notes"][0]["text"] == (
        "Source: Johnson Library, National Security File, Bundy Files. Secret."
    )
    assert obj["notes"][3]["text"] == "Printed from a copy that bears this typed signature."
    assert obj["signatures"] == [{"name": "McGeorge Bundy", "note": "4"}]
    types = [block["type"] for block in obj["body"]]
    assert types == ["paragraph"] * 3 + ["page-break"] + ["paragraph"] * 5 + ["closer"]
    assert obj["body"][3]["n"] == "853"


def test_dateline_inline_content_and_note_references_take_their_json_forms():
    [parsed] = read_tei(ROOT / "fixtures" / "corpus" / "frus1961-63v05_d390.xml", "d390.xml")
    obj = to_obj(parsed.record)
    assert obj["dateline"] == {
        "place": "Washington",
        "date": "1963-12-31",
        "text": "Washington, December 31, 1963.",
    }
    assert obj["id"] == "frus1961-63v05-d390"
    first = obj["body"][1]
    assert first["type"] == "paragraph"
    assert first["content"][1] == {
        "tag": "persName",
        "attrs": {"corresp": "#p_DAF1"},
        "content": ["Dobrynin"],
    }
    assert {"note": "2"} in first["content"]
    assert obj["body"][4] == {
        "type": "page-break",
        "n": "853",
        "attrs": {"facs": "0881", "xml:id": "pg_853"},
    }
    assert obj["body"][0]["type"] == "dateline"
    assert obj["notes"][1]["attrs"] == {"xml:id": "d390fn2"}
    assert obj["notes"][1]["content"][0]["tag"] == "ref"


def test_bytes_are_rfc8785_canonical_and_the_same_every_time():
    record = memo()
    data = to_bytes(record)
    assert data == to_bytes(memo())
    assert data == rfc8785.dumps(json.loads(data))
    assert json.loads(data) == to_obj(record)
    assert data.startswith(b'{"attrs":{},"body":[{"attrs":{},"content":[')
    assert b'"number":"390","origin":"memo.txt"' in data


def test_a_page_break_with_content_or_no_number_is_still_kept():
    odd = Element("pb", (("facs", "12"),), ("text inside",))
    bare = Element("pb")
    obj = to_obj(memo(body=(odd, bare)))
    assert obj["body"] == [
        {"type": "pb", "attrs": {"facs": "12"}, "content": ["text inside"]},
        {"type": "page-break", "n": None, "attrs": {}},
    ]
    assert from_obj(obj).body == (odd, bare)


def test_notes_keep_content_and_attributes_beside_their_text():
    record = memo()
    [note] = [n for n in to_obj(record)["notes"] if n["n"] == "2"]
    assert note == {
        "n": "2",
        "kind": "footnote",
        "text": "Document 388.",
        "content": ["Document 388."],
        "attrs": {"xml:id": "d390fn2"},
    }
    assert to_obj(memo(head=("390. Memo", NoteRef("1"))))["head"] == ["390. Memo", {"note": "1"}]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_document_round_trips_through_json(path):
    [parsed] = read_tei(path, path.name)
    record = parsed.record
    data = to_bytes(record)
    again = read_json(data, "out.json")
    assert again.record == record
    assert again.findings == ()
    assert to_bytes(again.record) == data


def test_text_to_xml_to_json_gives_back_the_seed_record():
    record = seed_record()
    [from_xml] = read_tei(tei.to_bytes(record), "seed.xml")
    from_json = read_json(to_bytes(from_xml.record), "seed.json")
    assert from_json.record == from_xml.record == record


@settings(max_examples=75, deadline=None)
@given(records)
def test_any_record_round_trips_through_json(record):
    assert from_obj(to_obj(record)) == record
    parsed = read_json(to_bytes(record), "any.json")
    assert parsed.record == record
    assert parsed.findings == ()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_fast_encoder_writes_exactly_the_rfc8785_bytes_on_the_corpus(path):
    [parsed] = read_tei(path, path.name)
    assert to_bytes(parsed.record) == rfc8785.dumps(to_obj(parsed.record))


@settings(max_examples=150, deadline=None)
@given(records)
def test_the_fast_encoder_writes_exactly_the_rfc8785_bytes_on_any_record(record):
    assert to_bytes(record) == rfc8785.dumps(to_obj(record))


def test_control_characters_and_non_bmp_text_are_escaped_as_rfc8785_says():
    text = 'tab\there \x01 \x7f quote" back\\slash \u2028 \U0001d11e é'
    record = memo(body=(Element("p", children=(text,)),))
    assert to_bytes(record) == rfc8785.dumps(to_obj(record))


def test_a_non_ascii_attribute_name_is_sorted_by_utf16_code_units():
    # U+10000 sorts before U+FFFD in UTF-16 code units but after it by code point.
    element = Element("hi", (("\U00010000", "a"), ("\ufffd", "b")), ("x",))
    record = memo(body=(Element("p", children=(element,)),))
    data = to_bytes(record)
    assert data == rfc8785.dumps(to_obj(record))
    assert data.index("\U00010000".encode()) < data.index("\ufffd".encode())


json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(max_size=4) | st.sampled_from(["\U00010000", "\ufffd", "a"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def rfc8785_or_error(obj):
    try:
        return rfc8785.dumps(obj)
    except Exception as error:
        return type(error)


def dumps_or_error(obj):
    try:
        return dumps(obj)
    except Exception as error:
        return type(error)


@settings(max_examples=300, deadline=None)
@given(json_data)
def test_dumps_writes_exactly_the_rfc8785_bytes_on_any_json_data(obj):
    assert dumps_or_error(obj) == rfc8785_or_error(obj)


def test_dumps_leaves_unsafe_integers_and_non_ascii_names_to_rfc8785():
    report = {"valid": False, "findings": [{"position": {"line": 12}, "message": "é\x01"}]}
    assert dumps(report) == rfc8785.dumps(report)
    with pytest.raises(rfc8785.IntegerDomainError):
        dumps({"line": 2**53})
    names = {"\U00010000": 1, "\ufffd": 2}
    assert dumps(names) == rfc8785.dumps(names)
