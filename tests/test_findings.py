"""Findings get the input position of the record part they are about."""

from preserve.findings import Finding, Position, Report, Severity, locate


def test_locate_falls_back_to_the_nearest_known_parent_key():
    positions = {"notes/2": Position(line=40, column=3), "head": Position(line=1, column=1)}
    found = locate(
        [
            Finding("X", Severity.ERROR, "m", key="notes/2/text"),
            Finding("Y", Severity.ERROR, "m", key="body/7"),
            Finding("Z", Severity.WARNING, "m", key="head", position=Position(line=9)),
        ],
        positions,
    )
    assert [str(f.position) if f.position else None for f in found] == ["40:3", None, "9"]


def test_position_renders_line_col_then_xpath_then_pointer():
    assert str(Position(line=3, column=7)) == "3:7"
    assert str(Position(line=3, xpath="/TEI/text")) == "3"
    assert str(Position(xpath="/TEI/text")) == "/TEI/text"
    assert str(Position(pointer="/notes/1")) == "/notes/1"


def test_report_is_valid_with_warnings_only():
    warning = Finding("W", Severity.WARNING, "m")
    error = Finding("E", Severity.ERROR, "m")
    assert Report("f", "r", (warning,)).valid
    assert not Report("f", "r", (warning, error)).valid
    assert Report("f", "r", (warning, error)).errors == (error,)
