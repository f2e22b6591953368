"""Errors of the scoring core.

Each carries an English ``template`` with named fields and its ``params``, so that the Frappe layer
can translate the template first and fill it in afterwards: ``_(e.template).format(**e.params)``.
"""


class ScoringError(ValueError):
	template = "Invalid scoring input"

	def __init__(self, template: str | None = None, **params: object) -> None:
		if template is not None:
			self.template = template
		self.params = {key: str(value) for key, value in params.items()}
		super().__init__(self.template.format(**self.params))


class InvalidNumberError(ScoringError):
	template = "{field} must be a number, not {value}"


class UnknownCodeError(ScoringError):
	template = "Unknown {kind} {code}"


class BandError(ScoringError):
	template = "A score of {score} is outside the band {low} to {high} of the grade {grade}"


class CapError(ScoringError):
	template = "{what} must be between {low} and {high}, not {value}"


class NotRatedError(ScoringError):
	template = "The member was not a member in any quarter of {year}, so the year cannot be rated"


class SchemeError(ScoringError):
	"""A scheme with one or more problems; ``problems`` holds each as ``(template, params)``."""

	template = "The points scheme has {count} problem(s): {details}"

	def __init__(self, problems: list[tuple[str, dict[str, str]]]) -> None:
		self.problems = problems
		details = "; ".join(template.format(**params) for template, params in problems)
		super().__init__(count=len(problems), details=details)
