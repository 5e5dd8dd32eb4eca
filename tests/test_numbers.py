import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacsite.model import NumberError, parse_number


@pytest.mark.parametrize(
    ("text", "mark", "value"),
    [
        ("6 000 000 €", None, 6_000_000),
        ("6\u202f000\u202f000\u00a0€", None, 6_000_000),
        ("1 234,50", ",", 1234.5),
        ("1.234,50", ",", 1234.5),
        ("$1,200.00", ".", 1200),
        ("1,234", ",", 1.234),
        ("1,234", ".", 1234),
        ("1.234", ",", 1234),
        ("1.234", ".", 1.234),
        ("12,5 %", ",", 12.5),
        ("-12", None, -12),
        ("(1 200)", None, -1200),
        ("EUR 15000", None, 15000),
        ("1,234,567.8", None, 1234567.8),
    ],
)
def test_business_numbers(text: str, mark: str | None, value: float) -> None:
    assert parse_number(text, mark) == pytest.approx(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["douze mille", "", "1,2,3", "12-3", "€", "1.2.3,4,5", "nan", "inf"]
)
def test_not_numbers(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text)


@given(st.text(max_size=20), st.sampled_from([None, ",", "."]))
def test_never_a_traceback(text: str, mark: str | None) -> None:
    try:
        value = parse_number(text, mark)  # type: ignore[arg-type]
    except NumberError:
        return
    assert value == value  # a real number, never NaN


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers(n: int) -> None:
    grouped = f"{n:,}"
    assert parse_number(grouped.replace(",", "\u202f"), ",") == n
    assert parse_number(grouped.replace(",", "."), ",") == n
    assert parse_number(grouped, ".") == n
