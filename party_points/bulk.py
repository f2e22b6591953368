"""Multi-row INSERTs for the quarter close: a few statements for any number of rows, values as parameters.

Frappe's ``bulk_insert`` builds each statement through pypika, which at ten thousand members costs
several times what the database does (benchmarks/run.py, "close, every score written"). Here the
statement text holds only identifiers and ``%s`` placeholders, written once per chunk; the driver
escapes every value, as it does for any parameterised query. ``test_member_score`` writes quotes,
backslashes, NUL and emoji through it and reads them back unchanged.
"""

import frappe

WRITE_CHUNK = 1000
"""Rows per statement: a score carries its trail, and a statement must stay under max_allowed_packet."""


def placeholders(width: int, count: int) -> str:
	row = "(" + ",".join(("%s",) * width) + ")"
	return ",".join((row,) * count)


def bulk_write(
	doctype: str,
	fields: tuple[str, ...],
	rows: list[tuple],
	update: tuple[str, ...] = (),
	chunk: int = WRITE_CHUNK,
	constants: dict | None = None,
) -> None:
	"""INSERT rows in a few multi-row statements; with ``update``, a duplicate name overwrites those columns.

	``constants`` are columns with the same value in every row (timestamps, author, parent type).
	``doctype``, ``fields``, ``update`` and the constants' keys are identifiers from the code, never input.
	"""
	constants = constants or {}
	shared = tuple(constants.values())
	columns = ", ".join(f"`{f}`" for f in (*constants, *fields))
	suffix = ""
	if update:
		suffix = " on duplicate key update " + ", ".join(f"`{f}` = values(`{f}`)" for f in update)
	width = len(constants) + len(fields)
	for start in range(0, len(rows), chunk):
		part = rows[start : start + chunk]
		values = [value for row in part for value in (*shared, *row)]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {placeholders(width, len(part))}{suffix}", values
		)
