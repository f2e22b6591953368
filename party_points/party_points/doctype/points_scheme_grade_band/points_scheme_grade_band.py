from frappe.model.document import Document


class PointsSchemeGradeBand(Document):
	pass
