from frappe.model.document import Document


class PointsSchemeRewardType(Document):
	pass
