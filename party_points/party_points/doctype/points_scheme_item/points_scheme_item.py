from frappe.model.document import Document


class PointsSchemeItem(Document):
	pass
