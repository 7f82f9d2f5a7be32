"""preserve.rules.schemas: the record schemas, loaded once, carrying the registry's codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from lxml import etree

from preserve.classification import LEVELS
from preserve.readers import Parsed
from preserve.readers.tei import read_tei
from preserve.rules import CODES, schemas, validate
from preserve.rules.json_form import json_hits
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
