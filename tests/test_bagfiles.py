"""preserve.bagfiles: the text formats of RFC 8493, written strictly and read leniently."""

from __future__ import annotations

import pytest

from preserve import bagfiles


@pytest.mark.parametrize(
    ("path", "written"),
    [
        ("data/plain.txt", "data/plain.txt"),
        ("data/100%.txt", "data/100%25.txt"),
        ("data/%25.txt", "data/%2525.txt"),
        ("data/a\nb", "data/a%0Ab"),
        ("data/a\r\nb", "data/a%0D%0Ab"),
        ("data/Núñez é.txt", "data/Núñez é.txt"),
    ],
)
def test_paths_encode_and_decode(path: str, written: str) -> None:
    assert bagfiles.encode_path(path) == written
    assert bagfiles.decode_path(written) == path


def test_lowercase_escapes_decode_and_bare_percent_is_noticed() -> None:
    assert bagfiles.decode_path("data/a%0ab%0dc") == "data/a\nb\rc"
    assert bagfiles.has_bare_percent("data/50%.txt")
    assert not bagfiles.has_bare_percent("data/50%25.txt")


def test_manifest_is_sorted_by_path() -> None:
    text = bagfiles.manifest([("data/b", "02"), ("data/a b", "01")]).decode()
    assert text == "01  data/a b\n02  data/b\n"


def test_parse_manifest_reads_tabs_crlf_uppercase_and_stars() -> None:
    entries, problems = bagfiles.parse_manifest("AB\tdata/x\r\ncd *data/y\nnot a line\n\n")
    assert [(e.line, e.checksum, e.path, e.starred) for e in entries] == [
        (1, "ab", "data/x", False),
        (2, "cd", "data/y", True),
    ]
    assert [(p.line, p.blank) for p in problems] == [(3, False), (4, True)]


def test_tag_file_round_trip_and_continuations() -> None:
    data = bagfiles.tag_file([("External-Description", "a value\nfolded"), ("Bag-Count", "1 of 2")])
    assert data == b"External-Description: a value folded\nBag-Count: 1 of 2\n"
    fields, problems = bagfiles.parse_tag_file("Label: one\n  two\nOther:\tx\n")
    assert [(f.line, f.label, f.value) for f in fields] == [
        (1, "Label", "one two"),
        (3, "Other", "x"),
    ]
    assert problems == []


@pytest.mark.parametrize("label", ["", "a:b", " lead", "trail ", "new\nline"])
def test_bad_labels_are_refused(label: str) -> None:
    with pytest.raises(ValueError, match="label"):
        bagfiles.tag_file([(label, "x")])


def test_strict_tag_files_want_a_space_after_the_colon() -> None:
    _, strict = bagfiles.parse_tag_file("Label:value\nLabel2 : v\n")
    assert [p.line for p in strict] == [1, 2]
    fields, lenient = bagfiles.parse_tag_file("Label:value\nLabel2 : v\n", strict=False)
    assert lenient == [] and [(f.label, f.value) for f in fields] == [
        ("Label", "value"),
        ("Label2", "v"),
    ]
