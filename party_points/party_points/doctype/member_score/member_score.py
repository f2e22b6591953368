import json

import frappe
from frappe import _
from frappe.model.document import Document

from party_points.exceptions import ScoreComputedError
from party_points.scoring import TrailLine
from party_points.utils import render

COMPUTED = (
	"daily_conduct",
	"evaluation_points",
	"reward_points",
	"reward_excess",
	"trail",
	"entry_count",
	"member",
)


class MemberScore(Document):
	"""A member's points for one period, recomputed from the ledger by the service, never typed in."""

	@property
	def explanation(self) -> str:
		lines = [TrailLine(d["template"], tuple(d["params"].items())) for d in json.loads(self.trail or "[]")]
		return render(lines)

	def validate(self) -> None:
		if self.flags.from_ledger:
			return
		if self.is_new() or any(self.has_value_changed(f) for f in COMPUTED):
			frappe.throw(
				_("Member Scores are computed from the points ledger; post a ledger entry instead"),
				exc=ScoreComputedError,
			)

	def on_trash(self) -> None:
		frappe.throw(
			_("Member Scores cannot be deleted; they are rebuilt from the ledger"), exc=ScoreComputedError
		)
