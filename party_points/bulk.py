"""Multi-row INSERTs for the ledger and the quarter close: a few statements for any number of rows.

This is the app's one hand-written SQL writer, kept because the benchmark proves it is needed
(benchmarks/run.py, 10,000 members; docs/benchmark.md, "The bulk writer"). Sending the same rows as
parameters (``%s`` placeholders, the driver escaping every value) cost 13 to 60 % more CPU on the close
and on posting a sheet, because most values repeat (timestamps, authors, labels, points) and here each
distinct value is escaped once; Frappe's ``bulk_insert`` builds each statement through pypika, several
times slower again. Only identifiers from the code and literals made by :func:`literal` enter the text:
numbers as numbers, strings through the connection's own escaping (which follows the server's
NO_BACKSLASH_ESCAPES mode). ``test_member_score`` writes quotes, backslashes, NUL, emoji and
placeholders through it and reads them back unchanged.
"""

import math
from datetime import date, datetime, timedelta
from decimal import Decimal

import frappe

WRITE_CHUNK = 1000
"""Rows per statement: a score carries its trail, and a statement must stay under max_allowed_packet."""


def literal(value) -> str:
	"""A value as an SQL literal: None, booleans and numbers as such, anything else as an escaped string."""
	if value is None:
		return "NULL"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, int | float | Decimal):
		if (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
			raise ValueError(f"{value} cannot be stored")
		return str(value)
	if isinstance(value, datetime | date | timedelta):
		value = str(value)
	return "'" + frappe.db._conn.escape_string(str(value)) + "'"


class Literals(dict):
	"""SQL literals by value, each escaped once (most columns repeat: dates, users, labels, points)."""

	def __missing__(self, value) -> str:
		text = self[value] = literal(value)
		return text


def bulk_write(
	doctype: str,
	fields: tuple[str, ...],
	rows: list[tuple],
	update: tuple[str, ...] = (),
	chunk: int = WRITE_CHUNK,
	constants: dict | None = None,
) -> None:
	"""INSERT rows in a few multi-row statements; with ``update``, a duplicate name overwrites those columns.

	``constants`` are columns with the same value in every row (timestamps, author, parent type): they
	are escaped once. ``doctype``, ``fields``, ``update`` and the constants' keys are identifiers from
	the code, never input.
	"""
	cache = Literals()
	constants = constants or {}
	columns = ", ".join(f"`{f}`" for f in (*constants, *fields))
	prefix = "(" + "".join(cache[v] + "," for v in constants.values())
	suffix = ""
	if update:
		suffix = " on duplicate key update " + ", ".join(f"`{f}` = values(`{f}`)" for f in update)
	for start in range(0, len(rows), chunk):
		values = "),".join(
			prefix + ",".join(map(cache.__getitem__, row)) for row in rows[start : start + chunk]
		)
		frappe.db.sql(f"insert into `tab{doctype}` ({columns}) values {values}){suffix}")
