"""The points scheme (积分细则) as plain data, its JSON form, the shipped default and its validation."""

import itertools
import json
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from functools import cached_property

from party_points.scoring.errors import SchemeError
from party_points.scoring.numbers import ZERO, to_decimal, to_json_number

# Grades, best first. Their names are rule identities (outcomes depend on them), not free text.
EXCELLENT = "Excellent"
QUALIFIED = "Qualified"
BASICALLY_QUALIFIED = "Basically Qualified"
UNQUALIFIED = "Unqualified"
GRADES = (EXCELLENT, QUALIFIED, BASICALLY_QUALIFIED, UNQUALIFIED)

DAILY_CONDUCT = "daily_conduct"
EVALUATION = "evaluation"
REWARD = "reward"
PARTS = (DAILY_CONDUCT, EVALUATION, REWARD)

RECORDERS = ("member", "recorder", "activity", "committee")
ATTENDANCE_STATUSES = ("Present", "Late", "Left Early", "Absent", "Excused")
# mean: mean over the quarters the person was a member; mean_all_quarters: a missing quarter counts 0.
AGGREGATIONS = ("mean", "mean_all_quarters")


def grade_rank(grade: str) -> int:
	"""0 for Excellent ... 3 for Unqualified."""
	return GRADES.index(grade)


@dataclass(frozen=True)
class Part:
	code: str
	label: str
	cap: Decimal


@dataclass(frozen=True)
class Dimension:
	code: str
	label: str
	cap: Decimal
	start: Decimal = ZERO


@dataclass(frozen=True)
class ScoringItem:
	code: str
	dimension: str
	label: str
	points: Decimal
	"""Points per occurrence; negative for a deduction."""
	quarter_limit: Decimal | None = None
	"""The most the item may add (or deduct) in one quarter."""
	recorded_by: str = "recorder"


@dataclass(frozen=True)
class EvaluationRound:
	code: str
	label: str
	weight: Decimal
	quarters: tuple[int, ...]
	"""Quarters whose members take part in this round (the mid-year round covers Q1 and Q2)."""
	due: str = ""
	"""Held on or before this month-day, e.g. "06-30" for the evaluation before 1 July."""


@dataclass(frozen=True)
class GradeBand:
	grade: str
	low: Decimal
	high: Decimal | None
	"""Evaluation bands: closed [low, high]. Annual bands: half-open [low, high), None = no upper end."""


@dataclass(frozen=True)
class RewardType:
	code: str
	label: str
	points: Decimal
	"""Fixed amount, or for a variable reward the most one claim may carry."""
	variable: bool = False
	needs_approval: bool = False


@dataclass(frozen=True)
class ActivityRule:
	activity_type: str
	status: str
	item: str


@dataclass(frozen=True)
class Scheme:
	title: str
	parts: tuple[Part, ...]
	dimensions: tuple[Dimension, ...]
	items: tuple[ScoringItem, ...]
	evaluation_rounds: tuple[EvaluationRound, ...]
	evaluation_bands: tuple[GradeBand, ...]
	reward_types: tuple[RewardType, ...]
	annual_bands: tuple[GradeBand, ...]
	activity_rules: tuple[ActivityRule, ...] = ()
	veto: bool = True
	aggregation: str = "mean"
	_index: dict = field(default=None, compare=False, repr=False, hash=False)

	def __post_init__(self) -> None:
		object.__setattr__(
			self,
			"_index",
			{
				"part": {p.code: p for p in self.parts},
				"dimension": {d.code: d for d in self.dimensions},
				"item": {i.code: i for i in self.items},
				"reward": {r.code: r for r in self.reward_types},
				"round": {r.code: r for r in self.evaluation_rounds},
				"evaluation_band": {b.grade: b for b in self.evaluation_bands},
				"activity": {(a.activity_type, a.status): a.item for a in self.activity_rules},
			},
		)

	def part(self, code: str) -> Part | None:
		return self._index["part"].get(code)

	def cap(self, part: str) -> Decimal:
		return self._index["part"][part].cap

	def dimension(self, code: str) -> Dimension | None:
		return self._index["dimension"].get(code)

	def item(self, code: str) -> ScoringItem | None:
		return self._index["item"].get(code)

	def reward_type(self, code: str) -> RewardType | None:
		return self._index["reward"].get(code)

	def evaluation_round(self, code: str) -> EvaluationRound | None:
		return self._index["round"].get(code)

	def evaluation_band(self, grade: str) -> GradeBand | None:
		return self._index["evaluation_band"].get(grade)

	def activity_item(self, activity_type: str, status: str) -> str | None:
		"""The item an attendance status posts to, or None when it earns nothing."""
		return self._index["activity"].get((activity_type, status))

	def items_of(self, dimension: str) -> tuple[ScoringItem, ...]:
		return tuple(i for i in self.items if i.dimension == dimension)

	@cached_property
	def item_codes(self) -> tuple[str, ...]:
		return tuple(i.code for i in self.items)

	@cached_property
	def items_by_dimension(self) -> tuple[tuple[Dimension, tuple[ScoringItem, ...]], ...]:
		"""Each dimension with its items, in scheme order (computed once per scheme)."""
		return tuple((d, self.items_of(d.code)) for d in self.dimensions)

	def with_changes(self, **changes: object) -> "Scheme":
		return replace(self, **changes)

	# JSON -------------------------------------------------------------------------------------

	def to_dict(self) -> dict:
		return {
			"title": self.title,
			"parts": [_record(p) for p in self.parts],
			"dimensions": [_record(d) for d in self.dimensions],
			"items": [_record(i) for i in self.items],
			"evaluation_rounds": [_record(r) for r in self.evaluation_rounds],
			"evaluation_bands": [_record(b) for b in self.evaluation_bands],
			"reward_types": [_record(r) for r in self.reward_types],
			"annual_bands": [_record(b) for b in self.annual_bands],
			"activity_rules": [_record(a) for a in self.activity_rules],
			"veto": self.veto,
			"aggregation": self.aggregation,
		}

	def to_json(self) -> str:
		return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

	@classmethod
	def from_dict(cls, data: dict) -> "Scheme":
		return cls(
			title=str(data.get("title") or ""),
			parts=tuple(_build(Part, r) for r in data.get("parts") or ()),
			dimensions=tuple(_build(Dimension, r) for r in data.get("dimensions") or ()),
			items=tuple(_build(ScoringItem, r) for r in data.get("items") or ()),
			evaluation_rounds=tuple(_build(EvaluationRound, r) for r in data.get("evaluation_rounds") or ()),
			evaluation_bands=tuple(_build(GradeBand, r) for r in data.get("evaluation_bands") or ()),
			reward_types=tuple(_build(RewardType, r) for r in data.get("reward_types") or ()),
			annual_bands=tuple(_build(GradeBand, r) for r in data.get("annual_bands") or ()),
			activity_rules=tuple(_build(ActivityRule, r) for r in data.get("activity_rules") or ()),
			veto=bool(data.get("veto", True)),
			aggregation=str(data.get("aggregation") or "mean"),
		)

	@classmethod
	def from_json(cls, text: str) -> "Scheme":
		return cls.from_dict(json.loads(text))


_DECIMAL_FIELDS = {"cap", "start", "points", "quarter_limit", "weight", "low", "high"}


def _record(obj: object) -> dict:
	out = {}
	for f in fields(obj):
		value = getattr(obj, f.name)
		if f.name in _DECIMAL_FIELDS:
			value = to_json_number(value)
		elif isinstance(value, tuple):
			value = list(value)
		out[f.name] = value
	return out


def _build(cls: type, record: dict) -> object:
	names = {f.name for f in fields(cls)}
	kwargs = {}
	for key, value in record.items():
		if key not in names:
			continue
		if key in _DECIMAL_FIELDS:
			value = None if value is None or value == "" else to_decimal(value, key)
		elif key == "quarters":
			value = tuple(int(q) for q in value)
		kwargs[key] = value
	return cls(**kwargs)


# The shipped default ---------------------------------------------------------------------------

THREE_MEETINGS_ONE_LESSON = (
	"Branch Members' Meeting",
	"Branch Committee Meeting",
	"Party Group Meeting",
	"Party Lecture",
)


def default_scheme() -> Scheme:
	"""DOMAIN.md's figures; the scoring items are our documented starting set (the source gives none)."""
	d = Decimal
	items = (
		ScoringItem(
			"SE-01", "study", "Attended a Three Meetings and One Lesson session", d(2), d(20), "activity"
		),
		ScoringItem("SE-02", "study", "Late for or left early from a session", d(-1), None, "activity"),
		ScoringItem("SE-03", "study", "Absent from a session without leave", d(-2), None, "activity"),
		ScoringItem("SE-04", "study", "Completed self-study or online learning", d(1), d(8), "recorder"),
		ScoringItem(
			"SE-05", "study", "Took part in a party activity day or theme activity", d(1), d(5), "activity"
		),
		ScoringItem(
			"WA-01", "work", "Quarterly work achievement (self-assessed, signed off)", d(1), d(20), "member"
		),
		ScoringItem("SP-01", "service", "Volunteer service", d(2), d(6), "activity"),
		ScoringItem("SP-02", "service", "Model post or vanguard team duty", d(2), d(4), "recorder"),
		ScoringItem(
			"SP-03",
			"service",
			"Technical innovation or rationalisation proposal adopted",
			d(2),
			d(4),
			"recorder",
		),
		ScoringItem(
			"DL-01", "discipline", "Breach of work discipline or safety rules", d(-2), None, "recorder"
		),
		ScoringItem("DL-02", "discipline", "Party dues paid late", d(-2), None, "recorder"),
		ScoringItem(
			"DL-03", "discipline", "Confirmed violation of law or party discipline", d(-8), None, "committee"
		),
		ScoringItem(
			"IN-01", "integrity", "Spread negative remarks contrary to party spirit", d(-2), None, "recorder"
		),
		ScoringItem("IN-02", "integrity", "Shirked a hard or urgent task", d(-2), None, "recorder"),
	)
	meeting_rules = tuple(
		ActivityRule(kind, status, item)
		for kind in THREE_MEETINGS_ONE_LESSON
		for status, item in (
			("Present", "SE-01"),
			("Late", "SE-02"),
			("Left Early", "SE-02"),
			("Absent", "SE-03"),
		)
	)
	return Scheme(
		title="Default points scheme",
		parts=(
			Part(DAILY_CONDUCT, "Daily Conduct", d(75)),
			Part(EVALUATION, "Democratic Evaluation", d(25)),
			Part(REWARD, "Reward", d(10)),
		),
		dimensions=(
			Dimension("study", "Study & Education", d(33), d(0)),
			Dimension("work", "Work Achievement", d(20), d(0)),
			Dimension("service", "Serving the Public", d(8), d(0)),
			Dimension("discipline", "Discipline & Law", d(8), d(8)),
			Dimension("integrity", "Integrity", d(6), d(6)),
		),
		items=items,
		evaluation_rounds=(
			EvaluationRound("mid_year", "Mid-year evaluation", d("0.5"), (1, 2), "06-30"),
			EvaluationRound("year_end", "Year-end evaluation", d("0.5"), (3, 4), "12-31"),
		),
		evaluation_bands=(
			GradeBand(EXCELLENT, d(23), d(25)),
			GradeBand(QUALIFIED, d(15), d(22)),
			GradeBand(BASICALLY_QUALIFIED, d(0), d(14)),
			GradeBand(UNQUALIFIED, d(0), d(0)),
		),
		reward_types=(
			RewardType("article_internal", "Party-building article in the company's own publication", d(2)),
			RewardType("article_external", "Article published in an outside journal", d(5)),
			RewardType("commendation_group", "Commendation by the group corporation", d(5)),
			RewardType("commendation_regional", "Commendation by the regional branch company", d(4)),
			RewardType("commendation_company", "Commendation by the pipeline company", d(3)),
			RewardType("other", "Other exemplary conduct", d(10), variable=True, needs_approval=True),
		),
		annual_bands=(
			GradeBand(EXCELLENT, d(90), None),
			GradeBand(QUALIFIED, d(80), d(90)),
			GradeBand(BASICALLY_QUALIFIED, d(60), d(80)),
			GradeBand(UNQUALIFIED, d(0), d(60)),
		),
		activity_rules=(
			*meeting_rules,
			ActivityRule("Party Activity Day", "Present", "SE-05"),
			ActivityRule("Theme Activity", "Present", "SE-05"),
			ActivityRule("Volunteer Service", "Present", "SP-01"),
		),
		veto=True,
		aggregation="mean",
	)


# Validation ------------------------------------------------------------------------------------

Problem = tuple[str, dict[str, str]]


def validate_scheme(scheme: Scheme) -> list[Problem]:
	"""Every problem of the scheme, each as an English template and its fields."""
	problems: list[Problem] = []

	def add(template: str, **params: object) -> None:
		problems.append((template, {k: str(v) for k, v in params.items()}))

	for kind, codes in (
		("part", [p.code for p in scheme.parts]),
		("dimension", [d.code for d in scheme.dimensions]),
		("scoring item", [i.code for i in scheme.items]),
		("evaluation round", [r.code for r in scheme.evaluation_rounds]),
		("reward type", [r.code for r in scheme.reward_types]),
		("evaluation grade", [b.grade for b in scheme.evaluation_bands]),
		("annual grade", [b.grade for b in scheme.annual_bands]),
	):
		for code in sorted({c for c in codes if codes.count(c) > 1}):
			add("Duplicate {kind} code {code}", kind=kind, code=code)

	_check_parts(scheme, add)
	_check_dimensions_and_items(scheme, add)
	_check_evaluation(scheme, add)
	_check_rewards(scheme, add)
	_check_annual_bands(scheme, add)
	for rule in scheme.activity_rules:
		if rule.status not in ATTENDANCE_STATUSES:
			add("Unknown attendance status {status}", status=rule.status)
		if scheme.item(rule.item) is None:
			add(
				"The activity rule for {activity_type} / {status} names an unknown item {item}",
				activity_type=rule.activity_type,
				status=rule.status,
				item=rule.item,
			)
	if scheme.aggregation not in AGGREGATIONS:
		add("Unknown annual aggregation {aggregation}", aggregation=scheme.aggregation)
	return problems


def check_scheme(scheme: Scheme) -> Scheme:
	"""Return the scheme, or raise SchemeError listing every problem."""
	problems = validate_scheme(scheme)
	if problems:
		raise SchemeError(problems)
	return scheme


def _check_parts(scheme: Scheme, add) -> None:
	for code in PARTS:
		part = scheme.part(code)
		if part is None:
			add("The scheme has no part {part}", part=code)
		elif part.cap <= 0:
			add("The cap of {part} must be above zero", part=part.label)
	for part in scheme.parts:
		if part.code not in PARTS:
			add("Unknown part {part}", part=part.code)


def _check_dimensions_and_items(scheme: Scheme, add) -> None:
	if not scheme.dimensions:
		add("The scheme has no dimensions")
	for dim in scheme.dimensions:
		if dim.cap <= 0:
			add("The cap of the dimension {dimension} must be above zero", dimension=dim.label)
		if not ZERO <= dim.start <= dim.cap:
			add(
				"The starting value {start} of the dimension {dimension} must be between 0 and its cap {cap}",
				start=dim.start,
				dimension=dim.label,
				cap=dim.cap,
			)
	part = scheme.part(DAILY_CONDUCT)
	total = sum((d.cap for d in scheme.dimensions), ZERO)
	if part is not None and scheme.dimensions and total != part.cap:
		add(
			"The dimension caps add up to {total}, not to the cap of {part} ({cap})",
			total=total,
			part=part.label,
			cap=part.cap,
		)
	for item in scheme.items:
		if scheme.dimension(item.dimension) is None:
			add(
				"The item {item} is in an unknown dimension {dimension}",
				item=item.code,
				dimension=item.dimension,
			)
		if item.points == 0:
			add("The item {item} must add or deduct points, not 0", item=item.code)
		if item.quarter_limit is not None and item.quarter_limit <= 0:
			add("The quarterly limit of the item {item} must be above zero", item=item.code)
		if item.recorded_by not in RECORDERS:
			add(
				"The item {item} has an unknown recorder {recorded_by}",
				item=item.code,
				recorded_by=item.recorded_by,
			)


def _check_evaluation(scheme: Scheme, add) -> None:
	rounds = scheme.evaluation_rounds
	if not rounds:
		add("The scheme has no evaluation rounds")
	for rnd in rounds:
		if not ZERO < rnd.weight <= 1:
			add(
				"The weight {weight} of {round} must be above 0 and at most 1",
				weight=rnd.weight,
				round=rnd.label,
			)
		if not rnd.quarters or any(q not in (1, 2, 3, 4) for q in rnd.quarters):
			add("The evaluation round {round} must cover quarters between 1 and 4", round=rnd.label)
	weights = sum((r.weight for r in rounds), ZERO)
	if rounds and weights != 1:
		add("The evaluation weights add up to {total}, not to 1", total=weights)
	covered = [q for r in rounds for q in r.quarters]
	for quarter in sorted({q for q in covered if covered.count(q) > 1}):
		add("Quarter {quarter} belongs to more than one evaluation round", quarter=quarter)

	cap = scheme.part(EVALUATION).cap if scheme.part(EVALUATION) else None
	for grade in GRADES:
		if scheme.evaluation_band(grade) is None:
			add("The evaluation has no band for the grade {grade}", grade=grade)
	for band in scheme.evaluation_bands:
		if band.grade not in GRADES:
			add("Unknown grade {grade}", grade=band.grade)
			continue
		if band.high is None or not ZERO <= band.low <= band.high or (cap is not None and band.high > cap):
			add(
				"The evaluation band of {grade} ({low} to {high}) must lie within 0 and {cap}, low before high",
				grade=band.grade,
				low=band.low,
				high=band.high,
				cap=cap,
			)
	ordered = [scheme.evaluation_band(g) for g in GRADES if scheme.evaluation_band(g)]
	for better, worse in itertools.pairwise(ordered):
		if better.high is not None and worse.high is not None and better.low < worse.high:
			add(
				"The evaluation bands of {better} and {worse} overlap",
				better=better.grade,
				worse=worse.grade,
			)


def _check_rewards(scheme: Scheme, add) -> None:
	cap = scheme.part(REWARD).cap if scheme.part(REWARD) else None
	for reward in scheme.reward_types:
		if reward.points <= 0 or (cap is not None and reward.points > cap):
			add(
				"The reward {reward} must be worth more than 0 and at most {cap}, not {points}",
				reward=reward.code,
				cap=cap,
				points=reward.points,
			)


def _check_annual_bands(scheme: Scheme, add) -> None:
	bands = {b.grade: b for b in scheme.annual_bands}
	for band in scheme.annual_bands:
		if band.grade not in GRADES:
			add("Unknown grade {grade}", grade=band.grade)
	missing = [g for g in GRADES if g not in bands]
	for grade in missing:
		add("The annual rating has no band for the grade {grade}", grade=grade)
	if missing:
		return
	ordered = [bands[g] for g in GRADES]
	if ordered[0].high is not None:
		add("The band of {grade} must have no upper end", grade=ordered[0].grade)
	if ordered[-1].low != 0:
		add("The band of {grade} must start at 0", grade=ordered[-1].grade)
	for band in ordered:
		if band.high is not None and band.low >= band.high:
			add("The annual band of {grade} must start below where it ends", grade=band.grade)
	for better, worse in itertools.pairwise(ordered):
		if worse.high is not None and worse.high < better.low:
			add(
				"There is a gap between the annual bands of {worse} and {better}",
				worse=worse.grade,
				better=better.grade,
			)
		elif worse.high is None or worse.high > better.low:
			add(
				"The annual bands of {worse} and {better} overlap",
				worse=worse.grade,
				better=better.grade,
			)


def annual_grade(scheme: Scheme, score: Decimal) -> str:
	"""The grade whose half-open band holds the score (bands are assumed valid)."""
	for band in sorted(scheme.annual_bands, key=lambda b: b.low, reverse=True):
		if score >= band.low:
			return band.grade
	return UNQUALIFIED
