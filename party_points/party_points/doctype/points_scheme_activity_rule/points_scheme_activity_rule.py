from frappe.model.document import Document


class PointsSchemeActivityRule(Document):
	pass
