def execute() -> None:
	"""Composite indexes for recompute and the reports, on sites installed before they were declared."""
	from party_points.party_points.doctype.member_score.member_score import on_doctype_update as score_indexes
	from party_points.party_points.doctype.points_ledger_entry.points_ledger_entry import (
		on_doctype_update as ledger_indexes,
	)

	ledger_indexes()
	score_indexes()
