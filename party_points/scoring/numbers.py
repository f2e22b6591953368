"""Exact decimal arithmetic for points.

Every figure is a :class:`~decimal.Decimal`. Inputs may be int, str, Decimal or float (a float is
read through its shortest repr, so ``0.1`` is ``Decimal("0.1")``). Results that are shown or stored
are rounded to two places, half up (``89.995`` -> ``90.00``); nothing is rounded in between.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from party_points.scoring.errors import InvalidNumberError

Number = int | str | Decimal | float

ZERO = Decimal(0)
CENT = Decimal("0.01")


def to_decimal(value: Number, field: str = "value") -> Decimal:
	"""Read a number exactly; raise InvalidNumberError for anything that is not a finite number."""
	if isinstance(value, Decimal):
		number = value
	elif isinstance(value, bool) or value is None:
		raise InvalidNumberError(field=field, value=repr(value))
	elif isinstance(value, int):
		number = Decimal(value)
	elif isinstance(value, float):
		number = Decimal(repr(value))
	elif isinstance(value, str):
		try:
			number = Decimal(value.strip())
		except InvalidOperation:
			raise InvalidNumberError(field=field, value=value) from None
	else:
		raise InvalidNumberError(field=field, value=repr(value))
	if not number.is_finite():
		raise InvalidNumberError(field=field, value=str(value))
	return number


def round2(value: Decimal) -> Decimal:
	return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
	return max(low, min(high, value))


def fmt(value: Decimal | None) -> str:
	"""Plain text of a figure for people: ``Decimal("33.00")`` -> ``"33"``, ``12.50`` -> ``"12.5"``."""
	if value is None:
		return "-"
	text = format(value.normalize(), "f")
	return "0" if text in ("-0", "") else text


def to_json_number(value: Decimal | None) -> int | float | None:
	"""A Decimal as a JSON number that reads back to the same Decimal."""
	if value is None:
		return None
	if value == value.to_integral_value():
		return int(value)
	return float(value)
