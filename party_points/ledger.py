"""The points ledger (积分台账): posting and reversal.

Every controller that produces points goes through :func:`post`, and every cancellation or correction
through :func:`reverse_source` or :func:`reverse`; nothing writes ledger rows any other way. The rules
of what may be posted are the scoring core's; the rule of what may change is :func:`check_writable`,
the one guard that posting, cancelling and correcting share.

Each of them is one unit of work (:func:`party_points.retry.atomic`): it takes the ledger lock, then its
members' locks, and a deadlock or lock wait timeout reruns the whole unit or refuses it as busy, never
leaving half a posting. A posting counts once: a second entry with a request key the ledger already
holds (a double click, a retried request), or a second posting of the same member and item from the same
source document (a resubmission), is refused (:func:`refuse_duplicates`).
"""

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.utils import now_datetime

from party_points import scope
from party_points.bulk import WRITE_CHUNK, bulk_write
from party_points.constants import LEDGER, SCORE
from party_points.exceptions import (
	AlreadyReversedError,
	DuplicatePostingError,
	NoPeriodError,
	NotAMemberError,
	PointsInputError,
)
from party_points.guards import is_correcting, refuse_final, refuse_verified
from party_points.loaders import (
	effective,
	get_members,
	get_periods,
	get_scheme,
	lock_members,
	locking_read,
	member_in_period,
	score_name,
)
from party_points.retry import atomic, lock_ledger
from party_points.scores import recompute
from party_points.scoring import DAILY_CONDUCT, ScoringError, check_posting
from party_points.utils import translate_scoring_error

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
	"request_id",
)


def score_stages(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
	"""The stage of each existing score of these (member, period) pairs (one query)."""
	names = sorted({score_name(m, p) for m, p in pairs})
	return dict(
		frappe.get_all(SCORE, filters={"name": ("in", names or [""])}, fields=["name", "stage"], as_list=True)
	)


def check_writable(
	pairs: Iterable[tuple[str, str]],
	members: dict[str, frappe._dict],
	periods: dict[str, frappe._dict],
	correcting: bool = False,
	prefix=lambda pair: "",
) -> None:
	"""Refuse to change a final score: posting, a cancellation and a recorder's reversal alike.

	Only an explicit correction (``correcting``, a reversal with a reason) by the Party Committee may
	change the score of a verified period or a filed score.
	"""
	pairs = list(pairs)
	if correcting and is_correcting():
		return
	stages = score_stages(pairs)
	for member, period in pairs:
		row = members.get(member)
		refuse_final(
			period,
			periods[period].stage,
			stages.get(score_name(member, period)),
			row.full_name if row else member,
			prefix((member, period)),
		)


@atomic
def prepare_entries(
	rows: list[dict],
	source_doctype: str | None = None,
	source_name: str | None = None,
	check_scope: bool = True,
) -> list[frappe._dict]:
	"""Validate every row and return complete ledger rows; raise on the first bad one, writing nothing.

	A row has member, assessment_period, scoring_item, points and optionally part and remarks.
	The ledger lock and the members' locks are taken first, before any entry is inserted (see
	:mod:`party_points.retry`): every way of posting (the service, a form, the REST API, an import)
	takes them in the same order.
	"""
	lock_ledger()
	members = lock_members(r.get("member") for r in rows)
	periods = get_periods(r.get("assessment_period") for r in rows)
	allowed = scope.allowed_organizations() if check_scope else None
	schemes = {name: get_scheme(p.points_scheme) for name, p in periods.items()}
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
				exc=NoPeriodError,
			)
		refuse_verified(period.name, period.stage, prefix)
		if not member_in_period(member, period):
			frappe.throw(
				prefix + _("{0} was not a member during {1}").format(member.full_name, period.name),
				exc=NotAMemberError,
			)
		part = row.get("part") or DAILY_CONDUCT
		try:
			points, dimension = check_posting(
				schemes[period.name], part, row.get("scoring_item"), row.get("points")
			)
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
				request_id=(row.get("request_id") or "").strip() or None,
			)
		)
	numbers = {}
	for number, entry in enumerate(prepared, start=1):
		numbers.setdefault((entry.member, entry.assessment_period), number)
	check_writable(
		numbers,
		members,
		periods,
		prefix=lambda pair: _("Row {0}: ").format(numbers[pair]) if len(rows) > 1 else "",
	)
	refuse_duplicates(prepared, members)
	return prepared


def refuse_duplicates(entries: list[frappe._dict], members: dict[str, frappe._dict]) -> None:
	"""Refuse a posting that has already been made: by the same client request, or by the same source document.

	- A client may send a request key with each entry (``request_id``: the desk's form sets one, a REST
	  client or an import file may): a second entry with a key the ledger already holds (a double click,
	  a request retried after its answer was lost) is refused, whatever became of the first entry.
	- A submitted document cannot be submitted again (Frappe refuses the second submission), so this is
	  the ledger's own guard behind it: a second posting of the same item to the same member from the same
	  source document, while the first still counts, is refused. The entries of one posting may repeat an
	  item (a sheet's occurrences); only what is already in the ledger is compared.

	Both read under the ledger lock, with shared locks, so a posting that committed a moment ago is seen;
	the unique index on ``request_id`` backs the first. A recorder's single entries without a key are not
	compared: two of them may be two occurrences.
	"""
	le = frappe.qb.DocType(LEDGER)
	keys = [e.request_id for e in entries if e.request_id]
	if len(set(keys)) < len(keys):
		frappe.throw(_("The same request key is given to two entries"), exc=DuplicatePostingError)
	if keys:
		query = frappe.qb.from_(le).select(le.request_id, le.name).where(le.request_id.isin(sorted(keys)))
		posted = dict(locking_read(query, as_dict=False))
		for key in keys:
			if key in posted:
				frappe.throw(
					_(
						"This request ({0}) has already posted ledger entry {1}; it is not posted again"
					).format(key, posted[key]),
					exc=DuplicatePostingError,
					title=_("Already Posted"),
				)
	sourced = [e for e in entries if e.source_doctype and e.source_name]
	if not sourced:
		return
	query = (
		frappe.qb.from_(le)
		.select(le.source_doctype, le.source_name, le.member, le.scoring_item)
		.where(le.member.isin(sorted({e.member for e in sourced})))
		.where(le.year.isin(sorted({e.year for e in sourced})))
		.where(le.source_name.isin(sorted({e.source_name for e in sourced})))
		.where(le.source_doctype.isin(sorted({e.source_doctype for e in sourced})))
		.where(effective(le))
	)
	posted = {tuple(row) for row in locking_read(query, as_dict=False)}
	for entry in sourced:
		if (entry.source_doctype, entry.source_name, entry.member, entry.scoring_item) in posted:
			frappe.throw(
				_("{0} {1} has already posted {2} to {3}; it is not posted again").format(
					_(entry.source_doctype),
					entry.source_name,
					entry.scoring_item,
					members[entry.member].full_name,
				),
				exc=DuplicatePostingError,
				title=_("Already Posted"),
			)


def insert_entries(entries: list[frappe._dict]) -> list[str]:
	"""One bulk INSERT for all rows (names are random, as Energy Points does)."""
	if not entries:
		return []
	user, now = frappe.session.user, now_datetime()
	names = [frappe.generate_hash(length=12) for _ in entries]
	bulk_write(
		LEDGER,
		("name", *ENTRY_FIELDS),
		[(name, *(entry.get(f) for f in ENTRY_FIELDS)) for name, entry in zip(names, entries, strict=True)],
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


@atomic
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


@atomic
def reverse(name: str, reason: str) -> str:
	"""Correct one entry: post its opposite and mark it reversed; the original is never changed otherwise.

	This is the correction path. A recorder may reverse an entry of a score that is not final yet;
	the Party Committee may also correct a filed or verified score this way.
	"""
	if frappe.db.get_value(LEDGER, name, "name") is None:
		frappe.throw(_("Unknown ledger entry {0}").format(name), exc=frappe.DoesNotExistError)
	(new_name,) = reverse_entries([name], reason, correcting=True)
	return new_name


def source_entries(source_doctype: str, source_name: str) -> list[frappe._dict]:
	"""The entries a document posted that still count."""
	return frappe.get_all(
		LEDGER,
		filters={
			"source_doctype": source_doctype,
			"source_name": source_name,
			"is_reversed": 0,
			"reverses": ("is", "not set"),
		},
		fields=["name", "member", "assessment_period"],
	)


def check_cancellable(source_doctype: str, source_name: str) -> None:
	"""Refuse, before anything is written, to cancel a document whose points count in a final score."""
	entries = source_entries(source_doctype, source_name)
	pairs = sorted({(e.member, e.assessment_period) for e in entries})
	check_writable(pairs, get_members(m for m, _p in pairs), get_periods(p for _m, p in pairs))


@atomic
def reverse_source(source_doctype: str, source_name: str, reason: str) -> list[str]:
	"""Reverse every entry a document posted that still counts (its cancellation).

	A cancellation obeys the rule of posting: it never changes a filed or verified score, whoever
	cancels. The Party Committee corrects those with :func:`reverse`.
	"""
	return reverse_entries([e.name for e in source_entries(source_doctype, source_name)], reason)


@atomic
def reverse_entries(names: list[str], reason: str, correcting: bool = False) -> list[str]:
	if not names:
		return []
	if not (reason or "").strip():
		frappe.throw(_("Give a reason for the reversal"), exc=PointsInputError)
	le = frappe.qb.DocType(LEDGER)
	lock_ledger()
	members = lock_members(
		frappe.get_all(LEDGER, filters={"name": ("in", names)}, pluck="member", distinct=True)
	)
	originals = (frappe.qb.from_(le).select("*").where(le.name.isin(names)).for_update()).run(as_dict=True)
	for original in originals:
		if original.is_reversed or original.reverses:
			frappe.throw(
				_("The ledger entry {0} has already been reversed, or is itself a reversal").format(
					original.name
				),
				exc=AlreadyReversedError,
			)
	pairs = {(o.member, o.assessment_period) for o in originals}
	check_writable(sorted(pairs), members, get_periods(p for _m, p in pairs), correcting=correcting)
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
			request_id=None,
		)
		reversals.append(entry)
	new_names = insert_entries(reversals)
	mark_reversed(dict(zip((o.name for o in originals), new_names, strict=True)))
	recompute(pairs)
	return new_names


def mark_reversed(reversed_by: dict[str, str]) -> None:
	"""Mark originals reversed and name their reversals, a few statements for any number of them."""
	le = frappe.qb.DocType(LEDGER)
	items = sorted(reversed_by.items())
	for start in range(0, len(items), WRITE_CHUNK):
		chunk = items[start : start + WRITE_CHUNK]
		by = Case()
		for original, reversal in chunk:
			by = by.when(le.name == original, reversal)
		frappe.qb.update(le).set(le.is_reversed, 1).set(le.reversed_by, by).where(
			le.name.isin([original for original, _r in chunk])
		).run()
