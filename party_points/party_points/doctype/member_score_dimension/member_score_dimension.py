from frappe.model.document import Document


class MemberScoreDimension(Document):
	pass
