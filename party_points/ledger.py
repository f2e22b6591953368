"""The points ledger service (积分台账): post, reverse, recompute Member Scores in bulk.

Every controller that produces points goes through :func:`post`; nothing writes ledger rows or
Member Score figures any other way. Rules come from the scoring core; this module only loads the
data the core needs (a fixed number of queries per call, never one per member) and stores results.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, now_datetime
from pymysql.converters import escape_string

from party_points import scope
from party_points.exceptions import (
	AlreadyReversedError,
	ClosedPeriodError,
	NotAMemberError,
	PointsInputError,
)
from party_points.scoring import (
	DAILY_CONDUCT,
	EVALUATION,
	REWARD,
	Entry,
	RewardClaim,
	Scheme,
	ScoringError,
	check_entry,
	claim_points,
	quarter_record,
	score_quarter,
	score_rewards,
	to_decimal,
)
from party_points.scoring.errors import CapError, UnknownCodeError
from party_points.utils import translate_scoring_error
from party_points.workflow import workflow_state_for

LEDGER = "Points Ledger Entry"
SCORE = "Member Score"
PERIOD = "Assessment Period"
CLOSED_STAGE = "Verified"
FINAL_STAGES = ("Filed", "Verified")
CORRECTING_ROLES = frozenset({"Party Committee", "Party Points Manager"})
ENTRY_FIELDS = (
	"member",
	"member_name",
	"party_branch",
	"assessment_period",
	"year",
	"part",
	"scoring_item",
	"dimension",
	"points",
	"source_doctype",
	"source_name",
	"remarks",
	"posted_by",
	"posted_on",
	"reverses",
	"is_reversed",
)


# Loading -----------------------------------------------------------------------------------------


_SCHEMES: dict[tuple[str, str, str], Scheme] = {}


def get_scheme(name: str) -> Scheme:
	"""The scoring core's Scheme for a Points Scheme document; converted once per version of it."""
	doc = frappe.get_cached_doc("Points Scheme", name)
	key = (frappe.local.site, name, str(doc.modified))
	if key not in _SCHEMES:
		_SCHEMES[key] = doc.to_scheme()
	return _SCHEMES[key]


def get_active_scheme_name(year: int) -> str | None:
	"""The active scheme of the year, else the newest active one of an earlier year, else the settings'."""
	name = frappe.db.get_value(
		"Points Scheme", {"is_active": 1, "year": ("<=", year)}, "name", order_by="year desc"
	)
	return name or frappe.db.get_single_value("Party Points Settings", "fallback_points_scheme")


def get_periods(names: Iterable[str] | None = None, year: int | None = None) -> dict[str, frappe._dict]:
	filters = {}
	if names is not None:
		filters["name"] = ["in", list(set(names)) or [""]]
	if year is not None:
		filters["year"] = year
	rows = frappe.get_all(
		PERIOD,
		filters=filters,
		fields=["name", "year", "quarter", "stage", "start_date", "end_date", "points_scheme"],
	)
	for row in rows:
		row.quarter = int(row.quarter)
	return {row.name: row for row in rows}


MEMBER_FIELDS = ("name", "full_name", "party_branch", "status", "join_date", "leave_date")


def get_members(names: Iterable[str]) -> dict[str, frappe._dict]:
	names = set(names)
	if not names:
		return {}
	pm = frappe.qb.DocType("Party Member")
	query = frappe.qb.from_(pm).select(*(pm[f] for f in MEMBER_FIELDS))
	if len(names) <= MEMBER_FILTER_LIMIT:
		query = query.where(pm.name.isin(list(names)))
	return {row.name: row for row in query.run(as_dict=True) if row.name in names}


def was_member(member: frappe._dict, period: frappe._dict) -> bool:
	joined, left = member.join_date, member.leave_date
	return (not joined or getdate(joined) <= getdate(period.end_date)) and (
		not left or getdate(left) >= getdate(period.start_date)
	)


# Posting -----------------------------------------------------------------------------------------


def prepare_entries(
	rows: list[dict],
	source_doctype: str | None = None,
	source_name: str | None = None,
	check_scope: bool = True,
) -> list[frappe._dict]:
	"""Validate every row and return complete ledger rows; raise on the first bad one, writing nothing.

	A row has member, assessment_period, scoring_item, points and optionally part and remarks.
	The members are locked first, before any entry is inserted (see :func:`lock_members`): every
	way of posting (the service, a form, the REST API, an import) takes them in the same order.
	"""
	members = lock_members(r.get("member") for r in rows)
	periods = get_periods(r.get("assessment_period") for r in rows)
	allowed = scope.allowed_organizations() if check_scope else None
	final = set(
		frappe.get_all(
			SCORE,
			filters={
				"name": (
					"in",
					[score_name(r.get("member"), r.get("assessment_period")) for r in rows] or [""],
				),
				"stage": ("in", FINAL_STAGES),
			},
			pluck="name",
		)
	)
	user, now = frappe.session.user, now_datetime()
	prepared = []
	for number, row in enumerate(rows, start=1):
		prefix = _("Row {0}: ").format(number) if len(rows) > 1 else ""
		member = members.get(row.get("member"))
		if member is None:
			frappe.throw(
				prefix + _("Unknown Party Member {0}").format(row.get("member")), exc=NotAMemberError
			)
		if allowed is not None and member.party_branch not in allowed:
			frappe.throw(
				prefix
				+ _("{0} is not a member of a branch you keep the ledger for").format(member.full_name),
				exc=frappe.PermissionError,
			)
		period = periods.get(row.get("assessment_period"))
		if period is None:
			frappe.throw(
				prefix + _("Unknown Assessment Period {0}").format(row.get("assessment_period")),
				exc=ClosedPeriodError,
			)
		if period.stage == CLOSED_STAGE:
			frappe.throw(
				prefix + _("The period {0} is verified; its scores are final").format(period.name),
				exc=ClosedPeriodError,
			)
		if score_name(member.name, period.name) in final:
			frappe.throw(
				prefix
				+ _("The score of {0} for {1} is filed or verified; only a reversal can correct it").format(
					member.full_name, period.name
				),
				exc=ClosedPeriodError,
			)
		if not was_member(member, period):
			frappe.throw(
				prefix + _("{0} was not a member during {1}").format(member.full_name, period.name),
				exc=NotAMemberError,
			)
		part = row.get("part") or DAILY_CONDUCT
		scheme = get_scheme(period.points_scheme)
		try:
			points, dimension = check_points(scheme, part, row.get("scoring_item"), row.get("points"))
		except ScoringError as error:
			frappe.throw(
				prefix + translate_scoring_error(error), exc=PointsInputError, title=_("Invalid Points")
			)
		prepared.append(
			frappe._dict(
				member=member.name,
				member_name=member.full_name,
				party_branch=member.party_branch,
				assessment_period=period.name,
				year=period.year,
				part=part,
				scoring_item=row.get("scoring_item"),
				dimension=dimension,
				points=float(points),
				source_doctype=row.get("source_doctype") or source_doctype,
				source_name=row.get("source_name") or source_name,
				remarks=row.get("remarks"),
				posted_by=user,
				posted_on=now,
				reverses=None,
				is_reversed=0,
			)
		)
	return prepared


def check_points(scheme: Scheme, part: str, code: str | None, points) -> tuple[Decimal, str | None]:
	"""The validated points of one entry and the dimension it counts in (None outside Daily Conduct)."""
	if part == DAILY_CONDUCT:
		value = check_entry(scheme, code or "", points)
		return value, scheme.item(code).dimension
	if part == EVALUATION:
		if scheme.evaluation_round(code or "") is None:
			raise UnknownCodeError(kind="evaluation round", code=code)
		value = to_decimal(points, "points")
		if not 0 <= value <= scheme.cap(EVALUATION):
			raise CapError(what=code, low="0", high=str(scheme.cap(EVALUATION)), value=str(value))
		return value, None
	if part == REWARD:
		return claim_points(scheme, code or "", points), None
	raise UnknownCodeError(kind="part", code=part)


def insert_entries(entries: list[frappe._dict]) -> list[str]:
	"""One bulk INSERT for all rows (names are random, as Energy Points does)."""
	if not entries:
		return []
	user, now = frappe.session.user, now_datetime()
	names = [frappe.generate_hash(length=12) for _ in entries]
	values = [
		(name, *(entry.get(f) for f in ENTRY_FIELDS)) for name, entry in zip(names, entries, strict=True)
	]
	bulk_write(
		LEDGER,
		("name", *ENTRY_FIELDS),
		values,
		chunk=5 * WRITE_CHUNK,
		constants={
			"creation": now,
			"modified": now,
			"owner": user,
			"modified_by": user,
			"docstatus": 0,
			"idx": 0,
		},
	)
	return names


def post(
	rows: list[dict],
	source_doctype: str | None = None,
	source_name: str | None = None,
	check_scope: bool = True,
) -> list[str]:
	"""Validate, insert in one go, and recompute the Member Scores the rows touch."""
	entries = prepare_entries(rows, source_doctype, source_name, check_scope)
	names = insert_entries(entries)
	recompute({(e.member, e.assessment_period) for e in entries})
	return names


def reverse(name: str, reason: str) -> str:
	"""Post the opposite of an entry and mark the original reversed; the original is never changed otherwise."""
	if frappe.db.get_value(LEDGER, name, "name") is None:
		frappe.throw(_("Unknown ledger entry {0}").format(name), exc=frappe.DoesNotExistError)
	(new_name,) = reverse_entries([name], reason)
	return new_name


def reverse_source(source_doctype: str, source_name: str, reason: str) -> list[str]:
	"""Reverse every entry a document posted that still counts (its cancellation)."""
	names = frappe.get_all(
		LEDGER,
		filters={
			"source_doctype": source_doctype,
			"source_name": source_name,
			"is_reversed": 0,
			"reverses": ("is", "not set"),
		},
		pluck="name",
	)
	return reverse_entries(names, reason, check_closed=False)


def reverse_entries(names: list[str], reason: str, check_closed: bool = True) -> list[str]:
	if not names:
		return []
	if not (reason or "").strip():
		frappe.throw(_("Give a reason for the reversal"), exc=PointsInputError)
	le = frappe.qb.DocType(LEDGER)
	lock_members(frappe.get_all(LEDGER, filters={"name": ("in", names)}, pluck="member", distinct=True))
	originals = (frappe.qb.from_(le).select("*").where(le.name.isin(names)).for_update()).run(as_dict=True)
	for original in originals:
		if original.is_reversed or original.reverses:
			frappe.throw(
				_("The ledger entry {0} has already been reversed, or is itself a reversal").format(
					original.name
				),
				exc=AlreadyReversedError,
			)
	if check_closed and not scope.roles_of() & CORRECTING_ROLES:
		stages = get_periods(o.assessment_period for o in originals)
		for original in originals:
			if stages[original.assessment_period].stage == CLOSED_STAGE:
				frappe.throw(
					_("The period {0} is verified; only the Party Committee can correct it").format(
						original.assessment_period
					),
					exc=ClosedPeriodError,
				)
	user, now = frappe.session.user, now_datetime()
	reversals = []
	for original in originals:
		entry = frappe._dict({f: original.get(f) for f in ENTRY_FIELDS})
		entry.update(
			points=-original.points,
			reverses=original.name,
			remarks=reason,
			posted_by=user,
			posted_on=now,
			is_reversed=0,
		)
		reversals.append(entry)
	new_names = insert_entries(reversals)
	for original, new_name in zip(originals, new_names, strict=True):
		frappe.db.set_value(
			LEDGER, original.name, {"is_reversed": 1, "reversed_by": new_name}, update_modified=False
		)
	recompute({(o.member, o.assessment_period) for o in originals})
	return new_names


# Recomputing -------------------------------------------------------------------------------------


def lock_members(names: Iterable[str] | None) -> dict[str, frappe._dict]:
	"""Serialise every writer of a member's points: lock the Party Member rows, in name order, and
	return them. ``None`` locks every member (the quarter close), which also holds off new ones.

	Two recorders posting to the same member at once then take turns, and the second one's
	recompute sees the first one's entries (see :func:`locking_read`), so no score goes stale.
	"""
	pm = frappe.qb.DocType("Party Member")
	query = frappe.qb.from_(pm).select(*(pm[f] for f in MEMBER_FIELDS)).orderby(pm.name).for_update()
	if names is not None:
		names = sorted({m for m in names if m})
		if not names:
			return {}
		query = query.where(pm.name.isin(names))
	return {row.name: row for row in query.run(as_dict=True)}


def locking_read(query, lock: bool = True, as_dict: bool = True) -> list:
	"""Run a read with shared locks: it sees the latest committed rows, not the transaction's snapshot.

	Under MariaDB's REPEATABLE READ a plain SELECT reads the snapshot taken at the transaction's first
	read, which may predate another writer's commit that :func:`lock_members` waited for.
	"""
	if not lock or frappe.db.db_type != "mariadb":
		return query.run(as_dict=as_dict)
	return frappe.db.sql(f"{query.get_sql()} LOCK IN SHARE MODE", as_dict=as_dict)


def score_name(member: str, period: str) -> str:
	return f"{member}-{period}"


def recompute(pairs: Iterable[tuple[str, str]], locking_reads: bool = True) -> int:
	"""Recompute the Member Scores of (member, period) pairs from the ledger alone.

	Idempotent: a score whose figures did not change is not written. Returns how many were written.
	Without ``locking_reads`` the reads are plain, which is only right when the transaction took
	no snapshot before the member locks (see :func:`rebuild_period`).
	"""
	pairs = set(pairs)
	if not pairs:
		return 0
	members = lock_members(m for m, _ in pairs)
	wanted: dict[str, set[str]] = defaultdict(set)
	for member, period in pairs:
		wanted[period].add(member)
	periods = get_periods(wanted)
	daily = load_daily_sums(wanted, locking_reads)
	entries = load_effective_entries(
		set(members), {p.year for p in periods.values()}, (EVALUATION, REWARD), locking_reads
	)
	existing = load_scores(wanted, locking_reads)
	return score_and_write(pairs, members, periods, daily, entries, existing)


def score_and_write(
	pairs: set[tuple[str, str]],
	members: dict[str, frappe._dict],
	periods: dict[str, frappe._dict],
	daily: dict[tuple[str, str], list[Entry]],
	entries: dict[tuple[str, int], list[frappe._dict]],
	existing: dict[str, frappe._dict],
) -> int:
	"""Compute the scores of the pairs from the loaded data and write those that changed."""
	quarter_of = {}
	for year in {p.year for p in periods.values()}:
		quarter_of.update({name: p.quarter for name, p in get_periods(year=year).items()})
	schemes = {
		name: (get_scheme(p.points_scheme), scheme_version(p.points_scheme)) for name, p in periods.items()
	}
	new, changed = [], []
	for member, period_name in sorted(pairs):
		period = periods.get(period_name)
		if period is None or member not in members:
			continue
		values = compute_score(
			*schemes[period_name],
			members[member],
			period,
			quarter_of,
			daily.get((member, period_name), []),
			entries.get((member, period.year), []),
		)
		name = score_name(member, period_name)
		old = existing.get(name)
		if old is None or old.digest != values["digest"]:
			if old is None:
				new.append((name, values))
			else:
				changed.append((name, values, old))
	write_scores(new, changed)
	return len(new) + len(changed)


def effective(le):
	"""Entries that still count: not reversed, and not themselves a reversal."""
	return (le.is_reversed == 0) & (le.reverses.isnull() | (le.reverses == ""))


def load_effective_entries(
	members: set[str] | None, years: set[int], parts: tuple[str, ...] | None = None, lock: bool = False
) -> dict[tuple[str, int], list[frappe._dict]]:
	"""Every entry of these members (None: everyone's) in these years that still counts, in posting order."""
	out: dict[tuple[str, int], list[frappe._dict]] = defaultdict(list)
	if (members is not None and not members) or not years:
		return out
	le = frappe.qb.DocType(LEDGER)
	query = (
		frappe.qb.from_(le)
		.select(le.name, le.member, le.year, le.assessment_period, le.part, le.scoring_item, le.points)
		.where(le.year.isin(list(years)))
		.where(effective(le))
		.orderby(le.creation)
		.orderby(le.name)
	)
	if parts:
		query = query.where(le.part.isin(list(parts)))
	if members is not None and (not parts or len(members) <= MEMBER_FILTER_LIMIT):
		query = query.where(le.member.isin(list(members)))
	# else: a few parts of a year for many members: the (part, year) index, filtered here
	for row in locking_read(query, lock):
		if members is None or row.member in members:
			out[(row.member, row.year)].append(row)
	return out


def load_daily_sums(
	wanted: dict[str, set[str] | None], lock: bool = True
) -> dict[tuple[str, str], list[Entry]]:
	"""Daily Conduct per (member, period) as one summed Entry per item: the database adds up, not Python.

	``wanted`` maps each period to its members, or to None for all of them. The quarterly limit applies
	to an item's sum, so summing first gives the core the same result. One query per period, grouped in
	the order of the covering ledger index (no temporary table).
	"""
	le = frappe.qb.DocType(LEDGER)
	out: dict[tuple[str, str], list[Entry]] = defaultdict(list)
	for period, members in sorted(wanted.items()):
		query = (
			frappe.qb.from_(le)
			.select(le.member, le.scoring_item, Sum(le.points).as_("points"), Count("*").as_("n"))
			.where(le.assessment_period == period)
			.where(le.part == DAILY_CONDUCT)
			.where(effective(le))
			.groupby(le.member, le.scoring_item)
		)
		if members is not None and len(members) <= MEMBER_FILTER_LIMIT:
			query = query.where(le.member.isin(list(members)))
		for member, item, points, count in locking_read(query, lock, as_dict=False):
			if members is None or member in members:
				out[(member, period)].append(Entry(item, to_decimal(points), occurrences=int(count)))
	return out


MEMBER_FILTER_LIMIT = 500
"""Above this many members, read the whole period and filter in Python rather than send a huge IN list."""


def compute_score(
	scheme: Scheme,
	version: str,
	member: frappe._dict,
	period: frappe._dict,
	quarter_of: dict[str, int],
	daily: list[Entry],
	entries: list[frappe._dict],
) -> dict:
	"""A Member Score's figures: the period's Daily Conduct (summed per item), evaluation and reward to date.

	``version`` is the scheme's (:func:`scheme_version`); ``quarter_of`` gives the quarter of each period of the year.
	"""
	to_date = [e for e in entries if quarter_of.get(e.assessment_period, 5) <= period.quarter]
	quarter = score_quarter(daily, scheme)
	evaluation = sum((to_decimal(e.points) for e in to_date if e.part == EVALUATION), Decimal(0))
	rewards = score_rewards(
		scheme,
		[RewardClaim(e.scoring_item, to_decimal(e.points), e.name) for e in to_date if e.part == REWARD],
	)
	values = {
		"member": member.name,
		"member_name": member.full_name,
		"party_branch": member.party_branch,
		"assessment_period": period.name,
		"year": period.year,
		"quarter": period.quarter,
		"daily_conduct": float(quarter.total),
		"evaluation_points": float(min(evaluation, scheme.cap(EVALUATION))),
		"reward_points": float(rewards.counted),
		"reward_excess": float(rewards.excess),
		"entry_count": sum(e.occurrences for e in daily),
		"dimensions": [  # (the scheme's facts, then the figures): see write_dimensions
			(
				(dim.code, label, float(dim.start), float(dim.cap)),
				float(dim.additions),
				float(-dim.deductions),
				float(dim.value),
			)
			for dim, label in zip(
				quarter.dimensions.values(), (d.label for d in scheme.dimensions), strict=True
			)
		],
	}
	# The explanation, compact: what it says is rendered when read. Figures, dimension splits and
	# explanation are all in it, so with the scheme's version it fingerprints what recompute writes.
	values["trail"] = json.dumps(
		{"v": 2, **quarter_record(quarter), **rewards.record()}, ensure_ascii=False, separators=(",", ":")
	)
	values["digest"] = digest(values, version)
	return values


def scheme_version(name: str) -> str:
	return f"{name}@{frappe.get_cached_value('Points Scheme', name, 'modified')}"


SCORE_FIELDS = ("daily_conduct", "evaluation_points", "reward_points", "reward_excess", "entry_count")


def load_scores(wanted: dict[str, set[str] | None], lock: bool = True) -> dict[str, frappe._dict]:
	"""Existing scores' members, figures and digests, by period (to its members, or None for all)."""
	if not wanted:
		return {}
	score = frappe.qb.DocType(SCORE)
	query = frappe.qb.from_(score).select(
		score.name, score.member, score.assessment_period, score.digest, *(score[f] for f in SCORE_FIELDS)
	)
	names = {score_name(m, p) for p, members in wanted.items() for m in members or ()}
	if all(members is not None for members in wanted.values()) and len(names) <= MEMBER_FILTER_LIMIT:
		query = query.where(score.name.isin(list(names)))
	else:  # whole periods by index rather than a huge IN list
		query = query.where(score.assessment_period.isin(list(wanted)))
	return {
		row.name: row
		for row in locking_read(query, lock)
		if wanted.get(row.assessment_period) is None or row.name in names
	}


def digest(values: dict, version: str) -> str:
	"""A fingerprint of what recompute writes: the figures, the explanation (which holds the dimensions) and
	the scheme's version."""
	content = "\x1f".join(str(values.get(f)) for f in DIGEST_FIELDS)
	return hashlib.md5(f"{content}\x1f{values['trail']}\x1f{version}".encode()).hexdigest()


DIGEST_FIELDS = (
	"member_name",
	"party_branch",
	"assessment_period",
	"daily_conduct",
	"evaluation_points",
	"reward_points",
	"reward_excess",
	"entry_count",
)
PARENT_FIELDS = (
	"member",
	"member_name",
	"party_branch",
	"assessment_period",
	"year",
	"quarter",
	"daily_conduct",
	"evaluation_points",
	"reward_points",
	"reward_excess",
	"entry_count",
	"trail",
	"digest",
)


WRITE_CHUNK = 1000
"""Rows per statement: a score carries its trail, and a statement must stay under max_allowed_packet."""


def sql_literal(value) -> str:
	if value is None:
		return "NULL"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, int | float | Decimal):
		return str(value)
	return "'" + escape_string(str(value)) + "'"


class _Literals(dict):
	"""SQL literals by value, each escaped once (most columns repeat: dates, users, labels, points)."""

	def __missing__(self, value) -> str:
		text = self[value] = sql_literal(value)
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
	are escaped once. Frappe's ``bulk_insert`` builds each statement through pypika, which at ten
	thousand members costs several times what the database does; here the values are escaped directly
	(strings by the driver).
	"""
	literal = _Literals()
	constants = constants or {}
	columns = ", ".join(f"`{f}`" for f in (*constants, *fields))
	prefix = "(" + "".join(literal[v] + "," for v in constants.values())
	suffix = ""
	if update:
		suffix = " on duplicate key update " + ", ".join(f"`{f}` = values(`{f}`)" for f in update)
	for start in range(0, len(rows), chunk):
		values = "),".join(
			prefix + ",".join(map(literal.__getitem__, row)) for row in rows[start : start + chunk]
		)
		frappe.db.sql(f"insert into `tab{doctype}` ({columns}) values {values}){suffix}")


def write_scores(new: list[tuple[str, dict]], changed: list[tuple[str, dict, frappe._dict]]) -> None:
	"""Write recomputed scores in bulk: a few statements for any number of members.

	New scores start in the workflow's draft state. A changed score keeps its stage and workflow
	state, gets its dimension rows replaced, and a Version row records what changed (as a save would).
	"""
	if not new and not changed:
		return
	user, now = frappe.session.user, now_datetime()
	created = {"creation": now, "modified": now, "owner": user, "modified_by": user, "docstatus": 0}
	if new:
		bulk_write(
			SCORE,
			("name", *PARENT_FIELDS),
			[(name, *(v.get(f) for f in PARENT_FIELDS)) for name, v in new],
			constants={**created, "idx": 0, "stage": "Draft", "workflow_state": initial_score_state()},
		)
	if changed:
		bulk_write(
			SCORE,
			("name", *PARENT_FIELDS),
			[(name, *(values.get(f) for f in PARENT_FIELDS)) for name, values, _old in changed],
			update=("modified", "modified_by", *PARENT_FIELDS),
			constants={"modified": now, "modified_by": user},
		)
		frappe.db.delete(
			"Member Score Dimension", {"parenttype": SCORE, "parent": ("in", [c[0] for c in changed])}
		)
		bulk_write(
			"Version",
			("name", "docname", "data"),
			[
				(frappe.generate_hash(length=12), name, data)
				for name, values, old in changed
				if (data := version_data(old, values))
			],
			constants={**created, "idx": 0, "ref_doctype": SCORE},
		)
	write_dimensions([(name, values["dimensions"]) for name, values, *_ in [*new, *changed]], created)


def write_dimensions(
	scores: list[tuple[str, list[tuple]]], created: dict, chunk: int = 20 * WRITE_CHUNK
) -> None:
	"""Insert the Member Score Dimension rows of these scores, named ``<score>-<n>``.

	A row is sent as its score, position, scheme facts' key and three figures; the database joins in
	the facts (code, label, start, cap), the name and the columns every row shares. That keeps the
	statement text a fifth of a plain multi-row INSERT's, which is what the database, the driver and
	Frappe's ``sql()`` spend their time on at a quarter close.
	"""
	literal, facts = _Literals(), {}
	rows = [
		f"({literal[name]},{idx},{facts.setdefault(fact, len(facts))},{additions},{deductions},{points})"
		for name, dimensions in scores
		for idx, (fact, additions, deductions, points) in enumerate(dimensions, start=1)
	]
	if not rows:
		return
	known = ",".join(f"({key},{','.join(map(sql_literal, fact))})" for fact, key in facts.items())
	shared = ",".join(sql_literal(v) for v in (*created.values(), "dimensions", SCORE))
	columns = ", ".join(f"`{f}`" for f in (*created, "parentfield", "parenttype"))
	for start in range(0, len(rows), chunk):
		frappe.db.sql(
			f"""insert into `tabMember Score Dimension` (`name`, `idx`, `parent`, `dimension`, `label`,
				`start`, `additions`, `deductions`, `points`, `cap`, {columns})
			with v (parent, idx, fact, additions, deductions, points) as (values {",".join(rows[start : start + chunk])}),
				d (fact, dimension, label, start, cap) as (values {known})
			select concat(v.parent, '-', v.idx), v.idx, v.parent, d.dimension, d.label, d.start,
				v.additions, v.deductions, v.points, d.cap, {shared}
			from v join d on d.fact = v.fact"""
		)


def version_data(old: frappe._dict, new: dict) -> str | None:
	changed = [
		[field, old.get(field), new.get(field)]
		for field in SCORE_FIELDS
		if round(float(old.get(field) or 0), 2) != round(float(new.get(field) or 0), 2)
	]
	if not changed:
		return None  # only the explanation or a dimension's split changed
	return json.dumps(
		{"added": [], "changed": changed, "removed": [], "row_changed": [], "data_import": None}
	)


def initial_score_state() -> str | None:
	"""The Member Score workflow's state for a new (Draft) score, whatever it is called; None without a workflow."""
	return workflow_state_for(SCORE, "stage", "Draft")


def rebuild_period(period: str, own_transaction: bool = True) -> int:
	"""Recompute every Member Score of a period from the ledger (the quarter close): for everyone who
	was a member in it, and anyone with entries or a score there. Returns how many scores it wrote.

	In its own transaction (the default) it commits what came before and locks every member before its
	first read, so its plain reads see every posting that finished and none can start. Inside a larger
	transaction it reads with shared locks instead. Everything is read once for the whole period.
	"""
	if own_transaction:
		frappe.db.commit()
	members = lock_members(None)
	periods = get_periods([period])
	if period not in periods:
		frappe.throw(_("Unknown Assessment Period {0}").format(period), exc=frappe.DoesNotExistError)
	this, lock = periods[period], not own_transaction
	daily = load_daily_sums({period: None}, lock)
	entries = load_effective_entries(None, {this.year}, (EVALUATION, REWARD), lock)
	existing = load_scores({period: None}, lock)
	found = {m for m, row in members.items() if was_member(row, this)}
	found.update(member for member, _period in daily)
	found.update(e.member for rows in entries.values() for e in rows if e.assessment_period == period)
	found.update(row.member for row in existing.values())
	return score_and_write({(m, period) for m in found}, members, periods, daily, entries, existing)
