from frappe.model.document import Document


class PartyActivityAttendance(Document):
	pass
