from frappe.model.document import Document


class EvaluationResult(Document):
	pass
