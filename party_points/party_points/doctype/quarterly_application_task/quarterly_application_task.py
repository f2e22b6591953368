from frappe.model.document import Document


class QuarterlyApplicationTask(Document):
	pass
