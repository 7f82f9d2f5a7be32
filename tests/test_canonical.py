"""preserve.canonical: the forms validation checks are the bytes packaging writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings

from preserve.canonical import Forms
from preserve.errors import OutputError
from preserve.model import Element
from preserve.readers.tei import read_tei
from preserve.rules import validate
from preserve.writers import json, tei
from tests.records import records

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_forms_checked_by_the_rules_give_the_writers_bytes(path):
    [parsed] = read_tei(path, path.name)
    forms = Forms(parsed.record)
    assert validate(parsed, forms) == validate(parsed)
    assert forms.xml_bytes() == tei.to_bytes(parsed.record)
    assert forms.json_bytes() == json.to_bytes(parsed.record)


@settings(max_examples=50, deadline=None)
@given(records)
def test_any_record_gives_the_writers_bytes(record):
    forms = Forms(record)
    try:
        xml = tei.to_bytes(record)
    except OutputError:
        with pytest.raises(OutputError):
            forms.xml_bytes()
    else:
        assert forms.xml_bytes() == xml
    assert forms.json_bytes() == json.to_bytes(record)


def test_each_form_is_built_once():
    [parsed] = read_tei(CORPUS[0], CORPUS[0].name)
    forms = Forms(parsed.record)
    tree, obj = forms.tree, forms.obj
    validate(parsed, forms)
    assert forms.tree is tree and forms.obj is obj


def test_a_record_xml_cannot_hold_is_a_schema_finding_and_no_bytes():
    [parsed] = read_tei(CORPUS[0], CORPUS[0].name)
    odd = replace(parsed.record, body=(Element("p", children=("bell \x07",)),))
    forms = Forms(odd)
    report = validate(replace(parsed, record=odd), forms)
    assert "PRS-SCHEMA" in {f.code for f in report.findings}
    with pytest.raises(OutputError):
        forms.xml_bytes()
