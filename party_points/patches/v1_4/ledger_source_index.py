def execute() -> None:
	"""The ledger's index on its source document, on sites installed before it was declared."""
	from party_points.party_points.doctype.points_ledger_entry.points_ledger_entry import (
		on_doctype_update as ledger_indexes,
	)

	ledger_indexes()
