"""preserve.readers.json: canonical JSON back to records, strictly, with JSON Pointers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from records import memo

from preserve.errors import InputError
from preserve.findings import Position, Severity
from preserve.model import Element
from preserve.readers import read_path
from preserve.readers.json import from_obj, positions, read_json
from preserve.readers.tei import read_tei
from preserve.writers.json import to_bytes, to_obj

ROOT = Path(__file__).resolve().parents[2]


def dumps(obj) -> bytes:
    return json.dumps(obj, indent=2).encode()


def failure(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        read_json(data, "in.json")
    return caught.value


def test_malformed_json_names_the_file_line_and_column():
    error = failure(b'{\n  "doc_id": "d390",\n  "number": 390\n  "head": []\n}')
    assert (error.position.line, error.position.column) == (4, 3)
    assert str(error).startswith("in.json:4:3: not valid JSON")


def test_bytes_that_are_not_a_json_record_are_rejected_with_the_reason():
    assert "not UTF-8" in str(failure(b'{"doc_id": "d\xe9"}'))
    assert failure(b'{"doc_id": "d\xe9"}').position == Position(1, 14)
    assert "empty file" in str(failure(b"  \n"))
    assert "must be a JSON object" in str(failure(b"[1, 2]"))
    assert "appears twice" in str(failure(b'{"doc_id": "a", "doc_id": "b"}'))
    assert "NaN is not a JSON number" in str(failure(b'{"doc_id": NaN}'))


def test_a_utf8_byte_order_mark_is_accepted():
    record = memo()
    assert read_json(b"\xef\xbb\xbf" + to_bytes(record), "bom.json").record == record


@pytest.mark.parametrize(
    ("edit", "pointer", "words"),
    [
        (lambda o: o.pop("body"), "", "missing member 'body'"),
        (lambda o: o.update(extra=1), "", "unknown member 'extra'"),
        (lambda o: o.update(number=390), "/number", "expected a string"),
        (lambda o: o["body"][1]["content"].append(7), "/body/1/content/3", "expected an object"),
        (lambda o: o["body"][1]["attrs"].update(rend=1), "/body/1/attrs/rend", "expected a string"),
        (lambda o: o["body"][3].pop("type"), "/body/3", "'type'"),
        (lambda o: o["notes"][0].update(kind="endnote"), "/notes/0/kind", "source, signature"),
        (lambda o: o["body"][2]["attrs"].update(n="9"), "/body/2", "'n', not in 'attrs'"),
        (lambda o: o["head"][1].update(tag="hi"), "/head/1", "unknown member 'tag'"),
        (lambda o: o["volume"].update(editors="X"), "/volume/editors", "expected an array"),
    ],
)
def test_structure_that_does_not_fit_is_an_input_error_at_its_pointer(edit, pointer, words):
    obj = to_obj(memo(volume=None))
    obj["volume"] = {"id": "v"}
    edit(obj)
    error = failure(dumps(obj))
    assert error.position.pointer == pointer
    assert words in error.message
    assert error.path == "in.json"


def test_from_obj_takes_no_file_and_needs_no_derived_members():
    obj = to_obj(memo())
    for name in ("id", "title", "dateline", "classification", "signatures"):
        del obj[name]
    for note in obj["notes"]:
        del note["text"]
    assert from_obj(obj) == memo()
    assert read_json(dumps(obj), "lean.json").findings == ()


@pytest.mark.parametrize(
    ("edit", "pointer"),
    [
        (lambda o: o.update(title="Memorandum of Conversation"), "/title"),
        (lambda o: o.update(id="d391"), "/id"),
        (lambda o: o["classification"].update(level="Top Secret"), "/classification/level"),
        (lambda o: o["classification"]["caveats"].append("Eyes Only"), "/classification/caveats"),
        (lambda o: o["signatures"][0].update(note=None), "/signatures/0/note"),
        (lambda o: o["signatures"].append({"name": "Rusk", "note": None}), "/signatures"),
        (lambda o: o["dateline"].update(date="1963-12-30"), "/dateline/date"),
        (lambda o: o.update(dateline=None), "/dateline"),
        (lambda o: o["notes"][1].update(text="Document 389."), "/notes/1/text"),
    ],
)
def test_a_derived_member_that_disagrees_is_a_finding_at_its_pointer(edit, pointer):
    obj = to_obj(memo())
    edit(obj)
    parsed = read_json(dumps(obj), "derived.json")
    assert parsed.record == memo()
    [finding] = parsed.findings
    assert (finding.code, finding.severity) == ("PRS-JSON-DERIVED", Severity.ERROR)
    assert finding.position == Position(pointer=pointer)
    assert finding.message.startswith(f"{pointer} says ")


def test_positions_are_json_pointers_to_the_parts_of_the_structure():
    record = memo(body=(Element("opener", children=(memo().body[0],)), *memo().body[1:]))
    found = {key: position.pointer for key, position in positions(record).items()}
    assert found == {
        "document": "",
        "head": "/head",
        "refs/1": "/head/1",
        "notes/1": "/notes/0",
        "notes/2": "/notes/1",
        "notes/3": "/notes/2",
        "notes/4": "/notes/3",
        "body/0": "/body/0",
        "dateline": "/body/0/content/0",
        "body/1": "/body/1",
        "refs/2": "/body/1/content/1",
        "body/2": "/body/2",
        "body/3": "/body/3",
        "refs/3": "/body/3/content/1",
        "body/4": "/body/4",
        "signatures/0": "/body/4/content/0",
        "refs/4": "/body/4/content/0/content/1",
    }


def test_read_path_recognizes_json_and_reads_it(tmp_path):
    [parsed] = read_tei(ROOT / "fixtures" / "corpus" / "frus1961-63v05_d390.xml", "d390.xml")
    target = tmp_path / "d390.json"
    target.write_bytes(to_bytes(parsed.record))
    [again] = read_path(target)
    assert again.record == parsed.record
    assert again.source == str(target)
    assert again.positions["signatures/0"] == Position(pointer="/body/10/content/0")


def test_the_input_object_is_not_modified():
    obj = to_obj(memo())
    before = copy.deepcopy(obj)
    from_obj(obj)
    assert obj == before
