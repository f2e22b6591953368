"""Print a fingerprint of a site's ledger and scores; with --seed, first post a small ledger to it.

`.ci/run` seeds the throwaway site, takes `bench backup`, restores it into a second site and
compares both fingerprints: a backup and restore must keep every ledger entry, reversal, score,
dimension row and version.

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/.ci/ledger_fingerprint.py SITE [--seed]
"""

import hashlib
import json
import sys


def seed() -> None:
	import frappe

	from party_points import ledger
	from party_points.testing import make_member, make_org, make_period

	committee = make_org("Backup Committee", "Party Committee")
	branch = make_org("Backup Branch", "Party Branch", committee)
	members = [make_member(f"Backup Member {i}", branch) for i in range(5)]
	period = make_period()
	names = ledger.post(
		[
			{
				"member": m,
				"assessment_period": period,
				"scoring_item": item,
				"points": points,
				"remarks": "备份",
			}
			for m in members
			for item, points in (("SE-04", 1), ("WA-01", 15), ("DL-01", -2))
		],
		check_scope=False,
	)
	ledger.reverse(names[0], "Posted twice / 重复录入")
	frappe.db.commit()


def fingerprint() -> dict:
	import frappe

	tables = {
		"Points Ledger Entry": "name, member, assessment_period, part, scoring_item, points, remarks, "
		"posted_by, posted_on, reverses, reversed_by, is_reversed",
		"Member Score": "name, member, assessment_period, stage, daily_conduct, entry_count, trail, digest",
		"Member Score Dimension": "name, parent, dimension, start, additions, deductions, points",
		"Version": "name, docname, data",
	}
	out = {}
	for doctype, columns in tables.items():
		where = "where ref_doctype = 'Member Score'" if doctype == "Version" else ""
		rows = frappe.db.sql(f"select {columns} from `tab{doctype}` {where} order by name")
		digest = hashlib.sha256(json.dumps(rows, default=str, ensure_ascii=False).encode()).hexdigest()
		out[doctype] = {"rows": len(rows), "sha256": digest}
	return out


def main() -> None:
	import frappe

	frappe.init(site=sys.argv[1], sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if "--seed" in sys.argv:
			seed()
		print(json.dumps(fingerprint(), sort_keys=True))
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
