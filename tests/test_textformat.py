"""The shared grammar of the text format: marker contexts and signature lines."""

import pytest

from preserve.textformat import closer_roles, is_glued, is_numeric, is_signer, marker_number_ok


@pytest.mark.parametrize(
    ("before", "after", "glued", "numeric"),
    [
        ("conversation", " and", True, False),
        ("time.", "", True, False),
        ("Record", "", True, False),
        ("”", " The", True, False),
        ("Deptel 2416", " and", False, False),
        ("1963.", " The", False, True),
        ("3.", " percent", False, False),  # a decimal reading on: "3.5 percent"
        ("3.", "%", False, False),
        ("3.", " Percentages", False, True),
        ("3,", " percent", False, True),  # "March 3, 1963,2 which": a comma may precede one
        ("(", ")", False, False),
        ("$", ".00", False, False),
        ("B-", " bomber", False, False),
        ("p. ", ",", False, False),
        ("word", "st", False, False),
        ("word", "³", True, False),
        ("¹", " and", True, False),
        ("", "", False, False),
    ],
)
def test_marker_contexts(before, after, glued, numeric):
    assert (is_glued(before, after), is_numeric(before, after)) == (glued, numeric)


@pytest.mark.parametrize(("n", "ok"), [("0", True), ("4", True), ("123", True), ("1234", False),
                                       ("07", False), ("³", False), ("a", False)])  # fmt: skip
def test_marker_numbers_written_in_ascii(n, ok):
    assert marker_number_ok(n) is ok


@pytest.mark.parametrize(
    ("line", "signer"),
    [
        ("McGeorge Bundy 3", True),
        ("Robert Mayer Evans3", True),
        ("Llewellyn E. Thompson, Jr.", True),
        ("Charles de Gaulle", True),
        ("DULLES", True),
        ("The Ambassador seemed to agree.", False),
        ("Approved by the Secretary", False),
        ("(Ibid.)", False),
        ("One Two Three Four Five Six Seven", False),
        ("", False),
    ],
)
def test_signer_lines(line, signer):
    assert is_signer(line) is signer


def test_signature_block_roles():
    assert closer_roles(["Sincerely,", "Dean Rusk3", "Robert S. McNamara 4", "    Acting"]) == [
        "salute",
        "signed",
        "signed",
        "affiliation",
    ]
    assert closer_roles(["          McGeorge Bundy"]) == ["signed"]
    assert closer_roles(["Sincerely,"]) is None
    assert closer_roles(["Dean Rusk", "and then we left."]) is None
