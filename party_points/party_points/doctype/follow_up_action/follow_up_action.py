from frappe.model.document import Document
from frappe.utils import today


class FollowupAction(Document):
	"""An admonition talk or one-to-one mentoring that a rating requires."""

	def validate(self) -> None:
		if self.status == "Done":
			self.completed_on = self.completed_on or today()
		else:
			self.completed_on = None
