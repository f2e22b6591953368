import frappe
from frappe import _
from frappe.model.document import Document


class PartyPointsSettings(Document):
	def validate(self) -> None:
		if self.notice_days is not None and self.notice_days < 1:
			frappe.throw(_("The public notice period must be at least one day"), exc=frappe.ValidationError)
