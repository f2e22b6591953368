"""Small helpers shared by controllers: translating the core's errors, reading its results."""

import frappe
from frappe import _

from party_points.exceptions import PointsInputError
from party_points.scoring import ScoringError, TrailLine, render_trail


def translate_scoring_error(error: ScoringError) -> str:
	return _(error.template).format(**{k: _(v) for k, v in error.params.items()})


def throw_scoring_error(
	error: ScoringError, exc: type[Exception] = PointsInputError, prefix: str = ""
) -> None:
	frappe.throw(prefix + translate_scoring_error(error), exc=exc, title=_("Invalid Points"))


def render(trail: tuple[TrailLine, ...] | list[TrailLine]) -> str:
	return render_trail(list(trail), _)
