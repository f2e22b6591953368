from frappe.model.document import Document


class BranchMembersMeetingAttendance(Document):
	pass
