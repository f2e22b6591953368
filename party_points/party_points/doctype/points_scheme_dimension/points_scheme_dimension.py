from frappe.model.document import Document


class PointsSchemeDimension(Document):
	pass
