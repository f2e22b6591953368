"""Print a digest of ERPNext's and HRMS's own DocTypes on a site (not party_points': it may be absent).

`.ci/run` prints it on its ERPNext + HRMS site before party_points is installed, after installing, after
migrating and after uninstalling: equal digests mean the app left those DocTypes untouched.

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/.ci/erp_footprint.py SITE
"""

import hashlib
import json
import sys

import frappe

FOOTPRINT_TABLES = {
	"DocType": ("name", None),
	"DocField": ("parent", "parenttype = 'DocType'"),
	"DocPerm": ("parent", "parenttype = 'DocType'"),
	"Custom Field": ("dt", None),
	"Property Setter": ("doc_type", None),
	"Custom DocPerm": ("parent", None),
	"Client Script": ("dt", None),
}
VOLATILE = {"creation", "modified", "modified_by", "owner", "idx"}
"""Left out of the digests: a migrate re-syncs some of ERPNext's own DocTypes whatever else is installed
(new child row names, new timestamps: Print Heading on 15.11), which is not a change of their definition."""
ROW_NAMES = {"DocField", "DocPerm", "Custom DocPerm"}
"""Tables whose row names are random and change on every re-sync: rows are compared by their content."""


def erp_footprint(apps: str = "erpnext,hrms") -> dict:
	"""A digest per DocType of the given apps' modules: its DocType, DocField and DocPerm rows, and the
	Custom Fields, Property Setters, Custom DocPerms and Client Scripts on it. Equal digests before and
	after installing, migrating and uninstalling party_points mean it left those DocTypes untouched.
	"""
	modules = frappe.get_all("Module Def", filters={"app_name": ("in", apps.split(","))}, pluck="name")
	doctypes = set(frappe.get_all("DocType", filters={"module": ("in", modules)}, pluck="name"))
	rows: dict[str, list] = {dt: [] for dt in doctypes}
	for table, (key, condition) in FOOTPRINT_TABLES.items():
		if not frappe.db.table_exists(table):
			continue
		for row in frappe.db.sql(
			f"select * from `tab{table}`" + (f" where {condition}" if condition else ""), as_dict=True
		):
			if row[key] in rows:
				skip = VOLATILE | ({"name"} if table in ROW_NAMES else set())
				rows[row[key]].append((table, sorted((k, str(v)) for k, v in row.items() if k not in skip)))
	out = {
		dt: hashlib.sha1(json.dumps(sorted(r), default=str).encode()).hexdigest()[:16]
		for dt, r in sorted(rows.items())
	}
	# Customisations anywhere else on the site (Frappe's own DocTypes included), but on party_points' own
	# DocTypes (its Employee and Department links on Party Member come and go with the app).
	own = set(frappe.get_all("DocType", filters={"module": "Party Points"}, pluck="name"))
	customised = [(row.dt, row.name) for row in frappe.get_all("Custom Field", fields=["dt", "name"])] + [
		(row.doc_type, row.name) for row in frappe.get_all("Property Setter", fields=["doc_type", "name"])
	]
	out["*site Custom Fields and Property Setters*"] = hashlib.sha1(
		json.dumps(sorted(name for dt, name in customised if dt not in own)).encode()
	).hexdigest()[:16]
	return out


def main() -> None:
	frappe.init(site=sys.argv[1], sites_path=".")
	frappe.connect()
	try:
		print(json.dumps(erp_footprint(), sort_keys=True))
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
