import frappe
from frappe import _
from frappe.model.document import Document

from party_points import ledger, scores
from party_points.exceptions import LedgerImmutableError


class PointsLedgerEntry(Document):
	"""One line of the ledger: appended once, never edited or deleted; a correction is a reversal."""

	def autoname(self) -> None:
		self.name = frappe.generate_hash(length=12)

	def validate(self) -> None:
		if not self.is_new():
			frappe.throw(
				_("A posted ledger entry cannot be changed; reverse it instead"), exc=LedgerImmutableError
			)
		(entry,) = ledger.prepare_entries(
			[
				{
					"member": self.member,
					"assessment_period": self.assessment_period,
					"scoring_item": self.scoring_item,
					"points": self.points,
					"part": self.part,
					"remarks": self.remarks,
					"request_id": self.request_id,
				}
			],
			source_doctype=self.source_doctype,
			source_name=self.source_name,
		)
		# Everything from the service, so a form, REST call or import can never post a reversal by hand.
		self.update({**entry, "reversed_by": None})

	def after_insert(self) -> None:
		scores.recompute({(self.member, self.assessment_period)})

	def on_trash(self) -> None:
		frappe.throw(_("Ledger entries cannot be deleted; reverse them instead"), exc=LedgerImmutableError)

	@frappe.whitelist()
	def reverse(self, reason: str) -> str:
		self.check_permission("create")
		return ledger.reverse(self.name, reason)


PERIOD_ITEMS_INDEX = "period_items_index"
PERIOD_ITEMS_FIELDS = [
	"assessment_period",
	"part",
	"member",
	"scoring_item",
	"is_reversed",
	"reverses",
	"points",
]


SOURCE_INDEX = "source_index"


def on_doctype_update() -> None:
	"""Indexes for the ledger service's reads: a period's sums per member and item (covering, so the
	quarter close reads the index alone, in group order), a member's year, a year's rewards and
	evaluations for many members, and what a source document posted (its duplicate check and its
	cancellation read a few rows, not its members' whole year)."""
	frappe.db.add_index("Points Ledger Entry", PERIOD_ITEMS_FIELDS, PERIOD_ITEMS_INDEX)
	frappe.db.add_index("Points Ledger Entry", ["member", "year", "part"])
	frappe.db.add_index("Points Ledger Entry", ["part", "year"])
	frappe.db.add_index("Points Ledger Entry", ["source_name", "source_doctype"], SOURCE_INDEX)
