"""Member Scores: recomputed from the ledger alone, in bulk, and the quarter close.

A Member Score is never typed in. :func:`recompute` rebuilds the scores a posting touched and
:func:`rebuild_period` every score of a period; both load what the core needs in a fixed number of
queries, let the core score it, and write only what changed. Each runs as one unit of work
(:mod:`party_points.retry`): a recompute under the ledger lock and its members' locks, the close under
every member's lock.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.core.doctype.version.version import get_diff
from frappe.utils import getdate, now_datetime

from party_points.bulk import WRITE_CHUNK, Literals, bulk_write, literal
from party_points.constants import DRAFT, SCORE
from party_points.exceptions import NoPeriodError
from party_points.loaders import (
	SCORE_FIELDS,
	get_periods,
	get_scheme,
	load_daily_sums,
	load_effective_entries,
	load_scores,
	lock_members,
	member_in_period,
	posted,
	quarters_of_years,
	scheme_version,
	score_name,
)
from party_points.retry import atomic, lock_ledger
from party_points.scoring import (
	EVALUATION,
	REWARD,
	Entry,
	Scheme,
	YearToDate,
	membership_quarters,
	quarter_record,
	round2,
	score_quarter,
	year_to_date,
)
from party_points.workflow import workflow_state_for


@atomic
def recompute(pairs: Iterable[tuple[str, str]], locking_reads: bool = True) -> int:
	"""Recompute the Member Scores of (member, period) pairs from the ledger alone.

	Idempotent: a score whose figures did not change is not written. Returns how many were written.
	Without ``locking_reads`` the reads are plain, which is only right when the transaction took
	no snapshot before the member locks (see :func:`rebuild_period`).
	"""
	pairs = set(pairs)
	if not pairs:
		return 0
	lock_ledger()
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
	quarter_of = quarters_of_years(p.year for p in periods.values())
	schemes = {
		name: (get_scheme(p.points_scheme), scheme_version(p.points_scheme)) for name, p in periods.items()
	}
	# Most members have no evaluation or reward entry: their year to date is the same nothing, scored once.
	nothing = {name: year_to_date(schemes[name][0], (), (), p.quarter) for name, p in periods.items()}
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
			nothing[period_name],
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


def compute_score(
	scheme: Scheme,
	version: str,
	member: frappe._dict,
	period: frappe._dict,
	quarter_of: dict[str, int],
	daily: list[Entry],
	entries: list[frappe._dict],
	nothing: YearToDate | None = None,
) -> dict:
	"""A Member Score's figures: the period's Daily Conduct (summed per item), and the year to date's
	evaluation and reward, read by the core exactly as the Annual Rating reads them.

	``version`` is the scheme's (:func:`scheme_version`); ``quarter_of`` gives the quarter of each period of the
	year; ``nothing`` is the year to date without entries, when the caller has it already.
	"""
	quarter = score_quarter(daily, scheme)
	if not entries and nothing is not None:
		year = nothing
	else:
		year = year_to_date(
			scheme,
			posted(entries, quarter_of),
			membership_quarters(
				period.year,
				getdate(member.join_date) if member.join_date else None,
				getdate(member.leave_date) if member.leave_date else None,
			),
			period.quarter,
		)
	rewards = year.rewards
	values = {
		"member": member.name,
		"member_name": member.full_name,
		"party_branch": member.party_branch,
		"assessment_period": period.name,
		"year": period.year,
		"quarter": period.quarter,
		"daily_conduct": float(quarter.total),
		"evaluation_points": float(round2(year.evaluation.points)),
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
			constants={**created, "idx": 0, "stage": DRAFT, "workflow_state": initial_score_state()},
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
	statement a fifth of a plain multi-row INSERT's, which is what the database, the driver and
	Frappe's ``sql()`` spend their time on at a quarter close. Literals come from :mod:`party_points.bulk`.
	"""
	cache, facts = Literals(), {}
	rows = [
		f"({cache[name]},{idx},{facts.setdefault(fact, len(facts))},{cache[additions]},{cache[deductions]},{cache[points]})"
		for name, dimensions in scores
		for idx, (fact, additions, deductions, points) in enumerate(dimensions, start=1)
	]
	if not rows:
		return
	known = ",".join(f"({key},{','.join(map(literal, fact))})" for fact, key in facts.items())
	shared = ",".join(literal(v) for v in (*created.values(), "dimensions", SCORE))
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
	"""The Version document's data for a changed score, by Frappe's own diff (so the form's timeline shows
	it as it shows a save); None when no figure changed (only the explanation or a dimension's split)."""
	if all(round(float(old.get(f) or 0), 2) == round(float(new.get(f) or 0), 2) for f in SCORE_FIELDS):
		return None
	before, after = (
		frappe.get_doc({"doctype": SCORE, "name": old.name, **{f: values.get(f) for f in SCORE_FIELDS}})
		for values in (old, new)
	)
	return frappe.as_json(get_diff(before, after), indent=None)


def initial_score_state() -> str | None:
	"""The Member Score workflow's state for a new (Draft) score, whatever it is called; None without a workflow."""
	return workflow_state_for(SCORE, "stage", DRAFT)


def rebuild_period(period: str, own_transaction: bool = True) -> int:
	"""Recompute every Member Score of a period from the ledger (the quarter close): for everyone who
	was a member in it, and anyone with entries or a score there. Returns how many scores it wrote.

	In its own transaction (the default) it commits what came before and takes every member's lock
	before its first read, so its plain reads see every posting that finished and none can
	start. Inside a larger transaction it reads with shared locks instead. Everything is read once for the
	whole period. The close is one unit of work: killed half-way (its worker, its connection), it leaves
	nothing written, and the next close writes what this one would have.
	"""
	if own_transaction:
		frappe.db.commit()
	return close_period(period, lock=not own_transaction)


@atomic
def close_period(period: str, lock: bool) -> int:
	"""The work of :func:`rebuild_period` once its transaction has begun (``lock``: read with shared locks).

	Every member's lock excludes every posting, so it takes no ledger lock (see :mod:`party_points.retry`)."""
	members = lock_members(None)
	periods = get_periods([period])
	if period not in periods:
		frappe.throw(_("Unknown Assessment Period {0}").format(period), exc=NoPeriodError)
	this = periods[period]
	daily = load_daily_sums({period: None}, lock)
	entries = load_effective_entries(None, {this.year}, (EVALUATION, REWARD), lock)
	existing = load_scores({period: None}, lock)
	found = {m for m, row in members.items() if member_in_period(row, this)}
	found.update(member for member, _period in daily)
	found.update(e.member for rows in entries.values() for e in rows if e.assessment_period == period)
	found.update(row.member for row in existing.values())
	return score_and_write({(m, period) for m in found}, members, periods, daily, entries, existing)
