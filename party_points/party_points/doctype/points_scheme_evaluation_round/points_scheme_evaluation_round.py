from frappe.model.document import Document


class PointsSchemeEvaluationRound(Document):
	pass
