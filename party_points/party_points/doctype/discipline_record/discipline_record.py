from frappe.model.document import Document
from frappe.utils import getdate


class DisciplineRecord(Document):
	"""A confirmed (submitted) violation of law, discipline or regulations: it vetoes the year's grade."""

	def validate(self) -> None:
		self.year = getdate(self.violation_date).year
