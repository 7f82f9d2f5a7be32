"""Classification statements as FRUS prints them in source notes."""

import pytest

from preserve.classification import LEVELS, classify


@pytest.mark.parametrize(
    ("note", "level", "caveats", "precedence", "text"),
    [
        (
            "Source: Johnson Library, National Security File, Bundy Files. Secret.",
            "Secret",
            (),
            None,
            "Secret.",
        ),
        (
            "Source: Department of State, Central Files, POL 1 US-USSR. Confidential; "
            "Limit Distribution. Drafted and approved by Davis.",
            "Confidential",
            ("Limit Distribution",),
            None,
            "Confidential; Limit Distribution.",
        ),
        (
            "Source: Department of State, Central Files, 747C.00/7–3057. Secret; Niact; "
            "Limited Distribution. Drafted by Jones.",
            "Secret",
            ("Limited Distribution",),
            "Niact",
            "Secret; Niact; Limited Distribution.",
        ),
        (
            "Source: Eisenhower Library, Whitman File, NSC Records. Top Secret; Eyes Only.",
            "Top Secret",
            ("Eyes Only",),
            None,
            "Top Secret; Eyes Only.",
        ),
        (
            "Source: Kennedy Library, Box 91, USIA 1/62–6/62. No classification marking. "
            "In a June 21 memorandum…",
            "No classification marking",
            (),
            None,
            "No classification marking.",
        ),
        (
            "Source: National Archives, RG 306, Box 315, Berlin (to 1964). Official Use Only. "
            "Drafted by Pauker.",
            "Official Use Only",
            (),
            None,
            "Official Use Only.",
        ),
    ],
)
def test_classification_is_read_from_the_sentence_after_the_citation(
    note, level, caveats, precedence, text
):
    found = classify(note)
    assert found is not None
    assert (found.level, found.caveats, found.precedence, found.text) == (
        level,
        caveats,
        precedence,
        text,
    )


def test_top_secret_is_not_mistaken_for_secret():
    assert classify("Source: Files. Top Secret.").level == "Top Secret"


def test_a_word_inside_the_citation_is_not_a_classification():
    # "Secret" inside a file name is not the classification statement.
    assert classify("Source: Department of State, Secret Files Series, Box 4.") is None


def test_a_source_note_without_a_statement_has_no_classification():
    assert classify("Source: Department of State Bulletin, July 16, 1962, pp. 110–116.") is None


def test_levels_are_matched_case_insensitively_and_reported_in_vocabulary_spelling():
    found = classify("Source: Files. SECRET; EYES ONLY.")
    assert found.level == "Secret"
    assert found.caveats == ("EYES ONLY",)
    assert found.level in LEVELS
