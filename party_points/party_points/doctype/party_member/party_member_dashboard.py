from frappe import _


def get_data() -> dict:
	"""What hangs off a member: the quarter's scores and their entries, applications, rewards, the year."""
	return {
		"fieldname": "member",
		"transactions": [
			{"label": _("Points"), "items": ["Member Score", "Points Ledger Entry"]},
			{"label": _("Applications and Rewards"), "items": ["Quarterly Application", "Reward Claim"]},
			{"label": _("The Year"), "items": ["Annual Rating", "Follow-up Action"]},
			{"label": _("Conduct"), "items": ["Score Objection", "Discipline Record"]},
		],
	}
