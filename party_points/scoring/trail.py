"""The explanation trail: what counted, what was clamped and why, in lines a person can read."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TrailLine:
	template: str
	"""English, with named fields; the Frappe layer translates it before filling it in."""
	params: tuple[tuple[str, str], ...] = ()

	@classmethod
	def of(cls, template: str, **params: object) -> "TrailLine":
		return cls(template, tuple((k, str(v)) for k, v in params.items()))

	def render(self, translate=None) -> str:
		"""The line in English, or through ``translate`` (template and each value, e.g. a label)."""
		if translate is None:
			return self.template.format(**dict(self.params))
		return translate(self.template).format(**{k: translate(v) for k, v in self.params})

	def to_dict(self) -> dict:
		return {"template": self.template, "params": dict(self.params)}


def render_trail(lines: list[TrailLine], translate=None) -> str:
	return "\n".join(line.render(translate) for line in lines)
