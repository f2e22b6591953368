"""Company-scale benchmark of party_points on a real Frappe site (not a test: nothing is asserted).

Builds a fixed, faker-generated organisation per size (members in branches, one year of ledger
entries, about 20 per member per quarter), then measures seconds and SQL statements for the
operations that matter, and a hand-written GROUP BY over the ledger as the reference.

    cd ~/frappe-bench/sites
    ../env/bin/python /path/to/party_points/benchmarks/run.py --site bench.localhost \
        --sizes 1000:20,10000:100 --json results.json

Use a throwaway site: the data stays there (each size is built under its own prefix).
"""

import argparse
import json
import random
import sys
import time
from contextlib import contextmanager
from unittest.mock import patch

YEAR = 2025
ENTRIES_PER_QUARTER = 20


@contextmanager
def measured(results: list, size: int, operation: str):
	import frappe

	calls = []
	real = frappe.db.sql

	def counting(*args, **kwargs):
		calls.append(1)
		return real(*args, **kwargs)

	start = time.perf_counter()
	with patch.object(frappe.db, "sql", side_effect=counting):
		yield
	seconds = time.perf_counter() - start
	results.append(
		{"members": size, "operation": operation, "seconds": round(seconds, 3), "queries": len(calls)}
	)
	print(f"{size:>7} {operation:<55} {seconds:>9.3f} s {len(calls):>8} queries", flush=True)


def core_only(members: int, results: list, seed: int = 20261124) -> None:
	"""The pure scoring core alone: each member's year of ledger entries (4 quarters x 20) to an annual grade."""
	from party_points.scoring import Entry, default_scheme, score_quarter, score_year

	scheme, rnd = default_scheme(), random.Random(seed)
	positive = [i for i in scheme.items if i.points > 0]
	negative = [i for i in scheme.items if i.points < 0]
	years = [
		[
			[
				Entry.of(item.code, item.points)
				for item in [*rnd.choices(positive, k=ENTRIES_PER_QUARTER - 1), rnd.choice(negative)]
			]
			for _ in range(4)
		]
		for _ in range(members)
	]
	start = time.perf_counter()
	for quarters in years:
		totals = {q: score_quarter(entries, scheme).total for q, entries in enumerate(quarters, start=1)}
		score_year(scheme, YEAR, totals)
	seconds = time.perf_counter() - start
	operation = f"scoring core alone: {members} members x {4 * ENTRIES_PER_QUARTER} entries to a grade"
	results.append({"members": members, "operation": operation, "seconds": round(seconds, 3), "queries": 0})
	print(f"{members:>7} {operation:<55} {seconds:>9.3f} s", flush=True)


def build(size: int, branches: int, seed: int = 20261124) -> dict:
	"""The organisation for one size, created once (idempotent by prefix)."""
	import frappe
	from faker import Faker

	from party_points import ledger, scores
	from party_points.install import create_default_scheme
	from party_points.scoring import default_scheme

	prefix = f"B{size}"
	fake, rnd = Faker("zh_CN"), random.Random(seed + size)
	Faker.seed(seed + size)
	create_default_scheme(YEAR)
	periods = []
	for quarter in (1, 2, 3, 4):
		name = f"{YEAR}-Q{quarter}"
		if not frappe.db.exists("Assessment Period", name):
			frappe.get_doc({"doctype": "Assessment Period", "year": YEAR, "quarter": str(quarter)}).insert()
		periods.append(name)
	committee = f"{prefix} Committee"
	org = {
		"committee": committee,
		"branches": [f"{prefix} Branch {i:03d}" for i in range(branches)],
		"periods": periods,
	}
	if frappe.db.exists("Party Organization", committee):
		org["members"] = frappe.get_all(
			"Party Member", filters={"name": ("like", f"{prefix}-%")}, fields=["name", "party_branch"]
		)
		return org

	frappe.get_doc(
		{
			"doctype": "Party Organization",
			"organization_name": committee,
			"organization_type": "Party Committee",
		}
	).insert()
	for branch in org["branches"]:
		frappe.get_doc(
			{
				"doctype": "Party Organization",
				"organization_name": branch,
				"organization_type": "Party Branch",
				"parent_party_organization": committee,
			}
		).insert()
	now = frappe.utils.now_datetime()
	members = [
		{"name": f"{prefix}-{i:06d}", "party_branch": org["branches"][i % branches]} for i in range(size)
	]
	frappe.db.bulk_insert(
		"Party Member",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"docstatus",
			"idx",
			"full_name",
			"status",
			"party_branch",
			"join_date",
		],
		[
			[
				m["name"],
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				0,
				fake.name(),
				"Active",
				m["party_branch"],
				"2000-01-01",
			]
			for m in members
		],
	)
	scheme = default_scheme()
	positive = [i for i in scheme.items if i.points > 0 and i.recorded_by != "member"]
	negative = [i for i in scheme.items if i.points < 0]
	for period in periods:
		rows = []
		for m in members:
			for _ in range(ENTRIES_PER_QUARTER - 2):
				item = rnd.choice(positive)
				rows.append(
					{
						"member": m["name"],
						"assessment_period": period,
						"scoring_item": item.code,
						"points": item.points,
					}
				)
			rows.append(
				{
					"member": m["name"],
					"assessment_period": period,
					"scoring_item": "WA-01",
					"points": rnd.randint(8, 20),
				}
			)
			item = rnd.choice(negative)
			rows.append(
				{
					"member": m["name"],
					"assessment_period": period,
					"scoring_item": item.code,
					"points": item.points,
				}
			)
		for start in range(0, len(rows), 50_000):
			ledger.insert_entries(ledger.prepare_entries(rows[start : start + 50_000], check_scope=False))
		frappe.db.commit()
	org["members"] = members
	return org


def scheme_tables(period: str) -> tuple[str, str, list]:
	"""The period's scheme as two VALUES lists (items; dimensions in order), with their parameters."""
	import frappe

	from party_points.loaders import get_scheme

	scheme = get_scheme(frappe.db.get_value("Assessment Period", period, "points_scheme"))
	params: list = []
	for i in scheme.items:
		params += [i.code, i.dimension, i.quarter_limit]
	for idx, d in enumerate(scheme.dimensions, start=1):
		params += [d.code, idx, d.start, d.cap]
	items = ", ".join(["(%s, %s, %s)"] * len(scheme.items))
	dims = ", ".join(["(%s, %s, %s, %s)"] * len(scheme.dimensions))
	return items, dims, params


SUMS = """sums as (
	select member, scoring_item, sum(points) as points from `tabPoints Ledger Entry`
	where assessment_period = %s and part = 'daily_conduct'
	and is_reversed = 0 and (reverses is null or reverses = '')
	group by member, scoring_item
)"""


def daily_conduct_sql(period: str) -> tuple[str, list]:
	"""Each member's Daily Conduct total in SQL alone: item sums held to their quarterly limits, added to
	each dimension's start and clamped to [0, cap]. A check on the close, and the fairest reference for it."""
	items, dims, params = scheme_tables(period)
	return (
		f"""with {SUMS},
		items (code, dimension, quarter_limit) as (values {items}),
		dims (code, idx, start, cap) as (values {dims}),
		counted as (
			select s.member, i.dimension, sum(case when i.quarter_limit is null then s.points
				else least(greatest(s.points, -i.quarter_limit), i.quarter_limit) end) as points
			from sums s join items i on i.code = s.scoring_item
			group by s.member, i.dimension
		),
		members as (select distinct member from sums)
		select m.member, sum(least(greatest(d.start + coalesce(c.points, 0), 0), d.cap)) as total
		from members m cross join dims d left join counted c on c.member = m.member and c.dimension = d.code
		group by m.member""",
		[period, *params],
	)


SCRATCH = {"score": "_pp_bench_score", "dimension": "_pp_bench_dimension"}


def written_reference(period: str) -> None:
	"""The honest reference for a close that writes: every Daily Conduct total by hand-written SQL, and the
	same Member Score and dimension rows written (INSERT ... SELECT into scratch copies of the two tables)."""
	import frappe

	items, dims, params = scheme_tables(period)
	frappe.db.sql(f"delete from `{SCRATCH['dimension']}`")
	frappe.db.sql(f"delete from `{SCRATCH['score']}`")
	frappe.db.sql(
		f"""insert into `{SCRATCH["dimension"]}` (`name`, `parent`, `parenttype`, `parentfield`, `idx`,
			`dimension`, `start`, `additions`, `deductions`, `points`, `cap`, `creation`, `modified`,
			`owner`, `modified_by`, `docstatus`)
		with {SUMS},
		items (code, dimension, quarter_limit) as (values {items}),
		dims (code, idx, start, cap) as (values {dims}),
		held as (
			select s.member, i.dimension, case when i.quarter_limit is null then s.points
				else least(greatest(s.points, -i.quarter_limit), i.quarter_limit) end as points
			from sums s join items i on i.code = s.scoring_item
		),
		counted as (
			select member, dimension, sum(greatest(points, 0)) as additions, sum(least(points, 0)) as deductions,
				sum(points) as points
			from held group by member, dimension
		),
		members as (select distinct member from sums)
		select concat(m.member, '-', %s, '-', d.idx), concat(m.member, '-', %s), 'Member Score', 'dimensions',
			d.idx, d.code, d.start, coalesce(c.additions, 0), coalesce(c.deductions, 0),
			least(greatest(d.start + coalesce(c.points, 0), 0), d.cap), d.cap, now(6), now(6),
			'Administrator', 'Administrator', 0
		from members m cross join dims d left join counted c on c.member = m.member and c.dimension = d.code""",
		[period, *params, period, period],
	)
	frappe.db.sql(
		f"""insert into `{SCRATCH["score"]}` (`name`, `member`, `assessment_period`, `daily_conduct`,
			`entry_count`, `creation`, `modified`, `owner`, `modified_by`, `docstatus`, `stage`)
		select parent, substring(parent, 1, length(parent) - length(%s) - 1), %s, sum(points), 0, now(6),
			now(6), 'Administrator', 'Administrator', 0, 'Draft'
		from `{SCRATCH["dimension"]}` group by parent""",
		[period, period],
	)


def store_ratings(ratings: dict, branch_of: dict[str, str]) -> None:
	"""Draft Annual Ratings for everyone else, so the summary report reads a whole organisation's year."""
	import frappe

	if not ratings or frappe.db.exists("Annual Rating", f"AR-{YEAR}-{next(iter(ratings))}"):
		return  # stored by an earlier run
	for member, result in ratings.items():
		if isinstance(result, Exception):
			continue  # not rated (not a member in the year)
		doc = frappe.new_doc("Annual Rating")
		doc.update({"member": member, "year": YEAR})
		doc.set_result(result)
		doc.party_branch = branch_of[member]
		doc.name = f"AR-{YEAR}-{member}"
		doc.db_insert()


def run_size(size: int, branches: int, results: list) -> None:
	import frappe

	from party_points import ledger, rating, scores
	from party_points.party_points.doctype.annual_rating.annual_rating import create_branch_ratings
	from party_points.party_points.report.activity_participation import activity_participation
	from party_points.party_points.report.annual_rating_summary import annual_rating_summary
	from party_points.party_points.report.branch_points_ledger import branch_points_ledger
	from party_points.party_points.report.follow_up_tracker import follow_up_tracker
	from party_points.party_points.report.member_points_statement import member_points_statement
	from party_points.party_points.report.pending_approvals import pending_approvals
	from party_points.party_points.report.quarterly_public_notice import quarterly_public_notice

	start = time.perf_counter()
	org = build(size, branches)
	print(f"{size:>7} built in {time.perf_counter() - start:.1f} s", flush=True)
	branch, period = org["branches"][0], org["periods"][0]
	branch_members = [m["name"] for m in org["members"] if m["party_branch"] == branch]

	core_only(size, results)
	frappe.db.delete("Member Score Dimension", {"parent": ("like", f"B{size}-%")})
	frappe.db.delete("Member Score", {"member": ("like", f"B{size}-%")})
	frappe.db.commit()
	scores.recompute({(branch_members[0], period)})  # a warm worker: modules imported, caches filled
	frappe.db.commit()
	with measured(results, size, "quarter close: rebuild every Member Score of a period"):
		scores.rebuild_period(period)
		frappe.db.commit()
	with measured(results, size, "quarter close again (nothing changed)"):
		scores.rebuild_period(period)
		frappe.db.commit()
	frappe.get_doc("Points Scheme", frappe.db.get_value("Assessment Period", period, "points_scheme")).save()
	frappe.db.commit()  # an edit to the scheme: every score's fingerprint changes, its figures do not
	with measured(results, size, "quarter close after a scheme edit (every score rewritten)"):
		scores.rebuild_period(period)
		frappe.db.commit()
	with measured(results, size, "reference: the same sums by one hand-written GROUP BY"):
		frappe.db.sql(
			"""select member, scoring_item, sum(points), count(*) from `tabPoints Ledger Entry`
			where assessment_period = %s and part = 'daily_conduct'
			and is_reversed = 0 and (reverses is null or reverses = '')
			group by member, scoring_item""",
			period,
		)
	# Its intermediate tables fit in memory (MariaDB's default of 16 MB would spill them to disk at 10,000
	# members and make the reference several times slower than it need be).
	memory = frappe.db.sql("select @@tmp_table_size, @@max_heap_table_size")[0]
	frappe.db.sql("set session tmp_table_size = 268435456, max_heap_table_size = 268435456")
	with measured(results, size, "reference: every Daily Conduct total by one hand-written SQL"):
		totals = frappe.db.sql(*daily_conduct_sql(period))
	frappe.db.sql(f"create table if not exists `{SCRATCH['score']}` like `tabMember Score`")
	frappe.db.sql(f"create table if not exists `{SCRATCH['dimension']}` like `tabMember Score Dimension`")
	frappe.db.commit()
	with measured(
		results, size, "reference: the totals by hand-written SQL, written as scores and dimensions"
	):
		written_reference(period)
		frappe.db.commit()
	written = frappe.db.sql(f"select count(*) from `{SCRATCH['dimension']}`")[0][0]
	frappe.db.sql(f"drop table `{SCRATCH['dimension']}`")
	frappe.db.sql(f"drop table `{SCRATCH['score']}`")
	frappe.db.sql("set session tmp_table_size = %s, max_heap_table_size = %s", memory)
	print(f"{size:>7} the written reference stored {written} dimension rows", flush=True)
	stored = dict(
		frappe.get_all(
			"Member Score",
			filters={"assessment_period": period, "member": ("like", f"B{size}-%")},
			fields=["member", "daily_conduct"],
			as_list=True,
		)
	)
	agree = sum(
		1 for member, total in totals if round(float(stored.get(member, -1)), 2) == round(float(total), 2)
	)
	print(
		f"{size:>7} the close and the hand-written SQL agree on {agree} of {len(totals)} totals", flush=True
	)
	sheet = [
		{"member": m, "assessment_period": period, "scoring_item": "SE-04", "points": 1}
		for m in branch_members
		for _ in range(ENTRIES_PER_QUARTER)
	]
	with measured(results, size, f"post a branch's sheet ({len(sheet)} entries) and recompute"):
		ledger.post(sheet, check_scope=False)
	activity = frappe.get_doc(
		{
			"doctype": "Party Activity",
			"title": "Benchmark lecture",
			"activity_type": "Party Lecture",
			"activity_date": f"{YEAR}-02-01",
			"party_branch": branch,
			"attendance": [{"member": m, "status": "Present"} for m in branch_members],
		}
	).insert()
	with measured(results, size, f"submit an activity ({len(branch_members)} attendees)"):
		activity.submit()
	for q in org["periods"][1:]:
		scores.rebuild_period(q)
	with measured(results, size, "annual rating of the whole organisation (computed)"):
		ratings = rating.compute_ratings([m["name"] for m in org["members"]], YEAR)
	frappe.db.delete("Annual Rating", {"member": ("in", branch_members)})  # a run before made them
	with measured(results, size, f"create a branch's Annual Ratings ({len(branch_members)} documents)"):
		create_branch_ratings(branch, YEAR)
	branch_of = {m["name"]: m["party_branch"] for m in org["members"]}
	store_ratings({m: r for m, r in ratings.items() if m not in set(branch_members)}, branch_of)
	frappe.db.commit()
	reports = [
		("Branch Points Ledger (period)", branch_points_ledger.execute, {"assessment_period": period}),
		("Branch Points Ledger (year)", branch_points_ledger.execute, {"year": YEAR}),
		("Quarterly Public Notice", quarterly_public_notice.execute, {"assessment_period": period}),
		("Annual Rating Summary", annual_rating_summary.execute, {"year": YEAR}),
		("Activity Participation", activity_participation.execute, {"year": YEAR}),
		("Follow-up Tracker", follow_up_tracker.execute, {}),
		("Pending Approvals", pending_approvals.execute, {}),
	]
	for label, execute, filters in reports:
		for scope_label, extra in (("organisation", {}), ("one branch", {"party_branch": branch})):
			if label == "Quarterly Public Notice" and not extra:
				continue  # a notice is always one branch's
			with measured(results, size, f"report {label}, {scope_label}"):
				execute({**filters, **extra})
	with measured(results, size, "report Member Points Statement, one member"):
		member_points_statement.execute({"member": branch_members[0], "year": YEAR})
	frappe.db.commit()
	what_if_and_leaderboards(size, org, results)


def draft_scheme() -> str:
	"""An inactive draft for the year after: attendance worth 3 a session (at most 30 a quarter)."""
	from dataclasses import replace
	from decimal import Decimal

	import frappe

	from party_points.scoring import default_scheme

	name = frappe.db.get_value("Points Scheme", {"title": "Benchmark draft", "year": YEAR + 1})
	if name:
		return name
	scheme = default_scheme()
	items = tuple(
		replace(i, points=Decimal(3), quarter_limit=Decimal(30)) if i.code == "SE-01" else i
		for i in scheme.items
	)
	doc = frappe.new_doc("Points Scheme")
	doc.update({"title": "Benchmark draft", "year": YEAR + 1, "is_active": 0})
	doc.set_from_scheme(replace(scheme, items=items))
	doc.insert()
	frappe.db.commit()
	return doc.name


def what_if_and_leaderboards(size: int, org: dict, results: list) -> None:
	"""Scheme What-If (the year re-scored under a draft, read only) and the Branch Leaderboard."""
	from party_points.party_points.report.branch_leaderboard import branch_leaderboard
	from party_points.party_points.report.scheme_what_if import scheme_what_if

	branch, period = org["branches"][0], org["periods"][0]
	reports = [
		(
			"Scheme What-If (a year under a draft)",
			scheme_what_if.execute,
			{"points_scheme": draft_scheme(), "year": YEAR},
		),
		("Branch Leaderboard (quarter)", branch_leaderboard.execute, {"assessment_period": period}),
		(
			"Branch Leaderboard (year, branches)",
			branch_leaderboard.execute,
			{"year": YEAR, "view": "Branches"},
		),
	]
	for label, execute, filters in reports:
		for scope_label, extra in (("organisation", {}), ("one branch", {"party_branch": branch})):
			execute({**filters, **extra})  # a warm worker
			with measured(results, size, f"report {label}, {scope_label}"):
				execute({**filters, **extra})


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--sizes", default="1000:20,10000:100,50000:400", help="members:branches,...")
	parser.add_argument("--json", help="write the results here")
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	results: list[dict] = []
	try:
		for spec in args.sizes.split(","):
			size, branches = (int(x) for x in spec.split(":"))
			run_size(size, branches, results)
	finally:
		frappe.destroy()
	if args.json:
		with open(args.json, "w", encoding="utf-8") as f:
			json.dump(results, f, indent=1)
	print("\n| members | operation | seconds | queries |\n|---:|---|---:|---:|")
	for r in results:
		print(f"| {r['members']} | {r['operation']} | {r['seconds']} | {r['queries']} |")


if __name__ == "__main__":
	sys.exit(main())
