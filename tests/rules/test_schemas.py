"""preserve.rules.schemas: the record schemas, loaded once, carrying the registry's codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from lxml import etree

from preserve.canonical import Forms
from preserve.classification import LEVELS
from preserve.readers import Parsed, read_path
from preserve.readers.tei import read_tei
from preserve.rules import CODES, schemas, validate
from preserve.rules.json_form import _subschema, json_hits
from preserve.writers import tei as tei_writer

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))
SCH = "{http://purl.oclc.org/dsdl/schematron}"


def walk(node):
    """Every dict inside a JSON value."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_each_schema_is_compiled_once_however_many_records_are_validated():
    records = [parsed for path in CORPUS[:5] for parsed in read_tei(path, path.name)]
    for parsed in records:
        validate(parsed)
    for loader in (schemas.relaxng, schemas.schematron, schemas.json_validator):
        assert loader() is loader()
        assert loader.cache_info().misses == 1


def test_schematron_asserts_carry_registry_codes_and_severities():
    tree = etree.parse(str(ROOT / "schemas" / "record.sch"))
    asserts = tree.findall(f".//{SCH}assert")
    assert asserts
    for element in asserts:
        code = element.get("id")
        assert code in CODES
        assert element.get("role") == CODES[code][0].value


def test_json_schema_is_2020_12_and_its_rules_are_registry_codes():
    schema = schemas.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    rules = [node for node in walk(schema) if "x-rule" in node]
    assert {node["x-rule"] for node in rules} <= set(CODES)
    assert all(node.get("description") for node in rules)


def test_the_json_schema_level_vocabulary_is_the_classification_module_s():
    level = schemas.json_schema()["$defs"]["classification"]["properties"]["level"]
    assert level["enum"] == list(LEVELS)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_document_has_the_shape_both_schemas_describe(path):
    [parsed] = read_tei(path, path.name)
    assert schemas.relaxng().validate(tei_writer.to_tree(parsed.record))
    shape = [hit for hit in json_hits(parsed.record) if hit.code == "PRS-SCHEMA"]
    assert shape == []
    assert "PRS-SCHEMA" not in {f.code for f in validate(Parsed(parsed.record, path.name)).findings}


def test_the_json_schema_checks_date_formats():
    dateline = {"place": None, "text": "x"}
    sub = Draft202012Validator(
        {"$ref": "#/$defs/dateline", "$defs": schemas.json_schema()["$defs"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    for good in (
        "1963-12-31",
        "1963-12",
        "1963",
        "1963-11-26T11:35:00",
        "1957-04-26T17:00:00+02:00",
    ):
        assert sub.is_valid(dict(dateline, date=good)), good
    for bad in ("1963-02-30", "1963-13", "December 31, 1963", "1963-12-31T25:00"):
        assert not sub.is_valid(dict(dateline, date=bad)), bad


def _breakages(obj):
    """The canonical JSON of a record, then copies of it broken in assorted ways."""
    yield obj
    yield {**obj, "classification": {"level": "Very Secret", "caveats": [], "text": "x"}}
    yield {**obj, "dateline": {"place": None, "date": "1963-02-30", "text": "x"}}
    yield {**obj, "notes": [{"n": "0", "kind": "remark", "text": ""}, *obj["notes"]]}
    yield {**obj, "signatures": [{"name": "", "note": 7}]}
    yield {**obj, "body": [{"type": "page-break"}, {"type": "table"}]}
    yield {key: value for key, value in obj.items() if key not in ("number", "title")}


def _errors_jsonschema(instance):
    """(instance path, keyword, the subschema holding it) of each error, by jsonschema."""
    validator = Draft202012Validator(
        schemas.json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return sorted(
        (list(error.absolute_path), error.validator, json.dumps(error.schema, sort_keys=True))
        for error in validator.iter_errors(instance)
    )


def _errors_jsonschema_rs(instance):
    """The same by jsonschema-rs, the subschema found the way json_form finds it."""
    return sorted(
        (
            list(error.instance_path),
            error.schema_path[-1],
            json.dumps(_subschema(list(error.schema_path)[:-1]), sort_keys=True),
        )
        for error in schemas.json_validator().iter_errors(instance)
    )


FIXTURES = sorted(p for p in (ROOT / "fixtures" / "rules").iterdir() if p.suffix != ".txt")


@pytest.mark.parametrize("path", FIXTURES + CORPUS, ids=lambda p: p.name)
def test_the_fast_engine_gives_the_verdicts_and_paths_of_jsonschema(path):
    # Records are validated with jsonschema-rs for speed; the reference implementation
    # must agree with it on every error: where, which keyword, in which subschema (the
    # one whose x-rule gives the finding its code).
    for parsed in read_path(path):
        for instance in _breakages(Forms(parsed.record).obj):
            assert _errors_jsonschema_rs(instance) == _errors_jsonschema(instance)
