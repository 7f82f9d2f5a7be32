import io

from preserve.batch import DocumentResult
from preserve.findings import Finding, Severity
from preserve.progress import ProgressBar, shown

VALID = DocumentResult("v-d1", "1", "A")
INVALID = DocumentResult("v-d2", "2", "B", (Finding("PRS-X", Severity.ERROR, "bad"),))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_draws_on_a_terminal_and_counts_invalid_documents():
    stream = Terminal()
    with ProgressBar(total=2, stream=stream, interval=0) as bar:
        bar(VALID)
        bar(INVALID)
        assert bar.invalid == 1
    drawn = stream.getvalue()
    assert "2/2" in drawn
    assert "1 invalid" in drawn


def test_silent_when_the_stream_is_not_a_terminal():
    stream = io.StringIO()
    with ProgressBar(total=2, stream=stream) as bar:
        bar(VALID)
        bar(INVALID)
    assert bar.invalid == 1
    assert stream.getvalue() == ""


def test_silent_with_quiet_even_on_a_terminal():
    stream = Terminal()
    with ProgressBar(total=1, quiet=True, stream=stream) as bar:
        bar(VALID)
    assert stream.getvalue() == ""


def test_a_short_estimate_grows_instead_of_overflowing():
    stream = Terminal()
    with ProgressBar(total=1, stream=stream) as bar:
        bar(VALID)
        bar(VALID)
        bar(VALID)
        assert bar._bar.total == 3


def test_shown_says_whether_a_bar_is_drawn():
    assert shown(quiet=False, stream=Terminal())
    assert not shown(quiet=True, stream=Terminal())
    assert not shown(quiet=False, stream=io.StringIO())
