import frappe
from frappe import _
from frappe.model.document import Document

from party_points.exceptions import DuplicateActiveSchemeError, SchemeInvalidError
from party_points.scoring import DAILY_CONDUCT, EVALUATION, REWARD, Scheme, validate_scheme
from party_points.scoring.numbers import to_json_number

CHILD_TABLES = {
	"dimensions": ("code", "label", "cap", "start"),
	"items": ("code", "dimension", "label", "points", "quarter_limit", "recorded_by"),
	"evaluation_rounds": ("code", "label", "weight", "quarters", "due"),
	"evaluation_bands": ("grade", "low", "high"),
	"reward_types": ("code", "label", "points", "variable", "needs_approval"),
	"annual_bands": ("grade", "low", "high"),
	"activity_rules": ("activity_type", "status", "item"),
}
OPTIONAL_NUMBERS = {("items", "quarter_limit"), ("annual_bands", "high")}


class PointsScheme(Document):
	def validate(self) -> None:
		self.validate_rules()
		self.validate_one_active_per_year()

	def validate_rules(self) -> None:
		problems = validate_scheme(self.to_scheme())
		if problems:
			messages = [
				_(template).format(**{k: _(v) for k, v in params.items()}) for template, params in problems
			]
			frappe.throw(
				"<br>".join(messages),
				exc=SchemeInvalidError,
				title=_("The points scheme has problems"),
				as_list=False,
			)

	def validate_one_active_per_year(self) -> None:
		if not self.is_active:
			return
		other = frappe.db.exists(
			"Points Scheme", {"year": self.year, "is_active": 1, "name": ("!=", self.name)}
		)
		if other:
			frappe.throw(
				_("{0} is already the active scheme for {1}").format(other, self.year),
				exc=DuplicateActiveSchemeError,
			)

	def to_scheme(self) -> Scheme:
		"""The scoring core's Scheme for this document."""
		data = {
			"title": self.title,
			"veto": bool(self.veto),
			"aggregation": self.aggregation or "mean",
			"parts": [
				{"code": DAILY_CONDUCT, "label": "Daily Conduct", "cap": self.daily_conduct_cap},
				{"code": EVALUATION, "label": "Democratic Evaluation", "cap": self.evaluation_cap},
				{"code": REWARD, "label": "Reward", "cap": self.reward_cap},
			],
		}
		for table, fields in CHILD_TABLES.items():
			data[table] = [self._row(table, row, fields) for row in self.get(table)]
		return Scheme.from_dict(data)

	@staticmethod
	def _row(table: str, row: Document, fields: tuple[str, ...]) -> dict:
		out = {}
		for field in fields:
			value = row.get(field)
			if field == "quarters":
				value = [int(q) for q in str(value or "").replace(" ", "").split(",") if q.isdigit()]
			elif field in ("variable", "needs_approval"):
				value = bool(value)
			elif (table, field) in OPTIONAL_NUMBERS and not value:
				value = None
			out[field] = value
		return out

	def set_from_scheme(self, scheme: Scheme) -> None:
		data = scheme.to_dict()
		self.title = self.title or scheme.title
		self.veto = int(scheme.veto)
		self.aggregation = scheme.aggregation
		self.daily_conduct_cap = to_json_number(scheme.cap(DAILY_CONDUCT))
		self.evaluation_cap = to_json_number(scheme.cap(EVALUATION))
		self.reward_cap = to_json_number(scheme.cap(REWARD))
		for table, fields in CHILD_TABLES.items():
			self.set(table, [])
			for record in data[table]:
				row = {f: record.get(f) for f in fields}
				if "quarters" in row:
					row["quarters"] = ",".join(str(q) for q in row["quarters"])
				self.append(table, row)
