"""A demo organisation to try the app and take screenshots from: ``bench --site S party-points make-demo``.

It builds a pipeline company's Party Committee with three branches (the head office, a compressor station
along the pipeline, and an outsourced line-patrol service unit), their groups, officers with logins and
about 60 members with Chinese names, and plays the current year through the app: activities with
attendance, quantification sheets, quarterly applications signed off and approved, the mid-year
evaluation, reward claims with evidence, a discipline record, a transfer out and a new member. Of the
quarters before the current one, the oldest is carried through review, the public notice (with one
objection, answered) and filing; the next is on public notice now (with an open objection); any later one
is under review. The current quarter is open, with what its first months brought.

Everything goes through the app's documents, controllers and workflows, each step as the user whose step
it is (``frappe.set_user``), so every rule runs as it would in the desk. The year is played on its own
dates: a frozen clock (freezegun) is moved to each step's day and hour, so a step dated in April runs
with ``today()`` in April. That is how the filed quarter's notice can have run its five days before it
was filed, without touching a rule or a stored date. Steps dated after today are not played; the notice
that is open now is published with the real clock.

Everything the demo made is listed in a manifest (a private File, ``party_points_demo.json``), which
also tells that a demo exists: a second run refuses. :func:`drop_demo` deletes exactly the manifest's
records, with what Frappe hangs on them (versions, comments, workflow actions, files, passwords), and
anything since added to the demo's branches or members. That delete is direct, table by table: ledger
entries and Member Scores refuse deletion by design (corrections are reversals) and submitted documents
cannot be deleted without cancelling, which would post reversals and is refused for filed scores. For
demo data that is acceptable, because the whole fiction goes at once (its members, their every ledger
entry, reversals included, every score and every source document), so nothing left behind refers to
what was removed. Never use it on data people rely on.
"""

import json
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, get_datetime, getdate, now_datetime, today

from party_points import scores
from party_points.constants import (
	ADOPTED,
	BRANCH_SECRETARY,
	DEPARTMENT_HEAD,
	FILED,
	MEETING,
	MEETING_ACTIVITY_TYPE,
	MEMBER,
	ORGANIZATION,
	PARTY_COMMITTEE,
	PARTY_MEMBER,
	PARTY_RECORDER,
	PERIOD,
	POINTS_MANAGER,
	PUBLIC_NOTICE,
	SCORE,
	UNDER_REVIEW,
)
from party_points.install import create_default_scheme
from party_points.meeting import meeting_required
from party_points.party_points.doctype.member_score.member_score import apply_to_branch
from party_points.scoring import quarter_dates

SEED = 20260415
DEFAULT_SIZE = 60
MIN_SIZE = 24
"""The officers alone are 13 members; each branch needs a few more (two with logins, the others without)."""
DOMAIN = "pp-demo.invalid"
DEFAULT_PASSWORD = "PartyPoints@2026"
MANIFEST = "party_points_demo.json"
MANIFEST_VERSION = 1
LANGUAGE = "zh"
"""The language the demo's officers work in (what the app writes as they act is written in it)."""

COMMITTEE = "东方管道公司党委"
BRANCHES = (
	# key, name, groups, share of the plain members, the unit's department head
	("hq", "机关党支部", ("机关第一党小组", "机关第二党小组"), 0.40, "head.admin"),
	("field", "江北压气站党支部", ("江北站运行党小组", "江北站维修党小组"), 0.35, "head.ops"),
	("service", "管道巡护服务项目部党支部", ("巡护一组党小组", "巡护二组党小组"), 0.25, "head.ops"),
)
MEMBER_LOGINS_PER_BRANCH = 2
PLAIN_MINIMUM = {"hq": 2, "field": 4, "service": 4}
APP_MODULE = "Party Points"
OWN_DOCTYPES = (MEMBER, ORGANIZATION, PERIOD, "Points Scheme")
"""The app's DocTypes the demo makes by name; every other one is found by its member or branch."""
# What Frappe keeps about a document elsewhere: (table, its doctype field, its name field).
SIDE_RECORDS = (
	("Version", "ref_doctype", "docname"),
	("Comment", "reference_doctype", "reference_name"),
	("Workflow Action", "reference_doctype", "reference_name"),
	("ToDo", "reference_type", "reference_name"),
	("DocShare", "share_doctype", "share_name"),
	("Notification Log", "document_type", "document_name"),
	("Email Queue", "reference_doctype", "reference_name"),
	("Communication", "reference_doctype", "reference_name"),
	("Activity Log", "reference_doctype", "reference_name"),
	("View Log", "reference_doctype", "reference_name"),
	("Document Follow", "ref_doctype", "ref_docname"),
	("Energy Point Log", "reference_doctype", "reference_name"),
	("Tag Link", "document_type", "document_name"),
	("Deleted Document", "deleted_doctype", "deleted_name"),
)
USER_RECORDS = (
	# what Frappe keeps about a user: (table, its user field)
	("User Permission", "user"),
	("DocShare", "user"),
	("ToDo", "allocated_to"),
	("Activity Log", "user"),
	("Route History", "user"),
	("Access Log", "user"),
	("Notification Log", "for_user"),
	("Document Follow", "user"),
	("Energy Point Log", "user"),
	("Dashboard Settings", "name"),
	("Notification Settings", "name"),
)

QUARTER_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
MONTH_THEMES = {
	1: "新春走访慰问困难职工",
	2: "学习贯彻全国两会精神",
	3: "学雷锋 树新风",
	4: "清明缅怀革命先烈",
	5: "传承五四精神",
	6: "安全生产月 人人讲安全",
	7: "庆祝中国共产党成立{party_age}周年",
	8: "廉洁从业警示教育",
	9: "全民国防教育日",
	10: "喜迎国庆 践行初心",
	11: "冬季保供动员",
	12: "国家宪法日学习",
}
LECTURES = {
	1: "党课：以高质量党建引领管道安全平稳运行",
	2: "党课：弘扬石油精神 争当管道先锋",
	3: "党课：严守纪律规矩 筑牢廉洁防线",
	4: "党课：深入学习党的创新理论",
}
VOLUNTEER = {
	1: "学雷锋志愿服务：走进社区宣传燃气安全",
	2: "管道沿线护线宣传志愿服务",
	3: "夏季送清凉志愿服务",
	4: "冬季保供志愿服务进社区",
}
TASKS = {
	"hq": (
		"完成季度党建工作台账整理归档",
		"组织开展安全生产宣传教育活动",
		"完成合同管理系统数据核对",
		"编制季度经营分析报告",
		"完成员工培训计划编制与实施",
		"完成办公楼消防设施检查整改",
	),
	"field": (
		"完成压气站季度设备巡检",
		"配合完成干线阀室维护保养",
		"完成压缩机组运行记录与分析",
		"参加冬季保供应急演练",
		"完成管道阴极保护电位测试",
		"完成站场仪表校验",
	),
	"service": (
		"完成责任段管道日常巡护",
		"发现并上报第三方施工隐患",
		"完成管道标志桩维护更新",
		"完成汛期水工保护巡查",
		"配合完成管道清管作业",
		"开展管道保护宣传进村入户",
	),
}
QUALITY = ((0.85, "Excellent"), (0.7, "Good"), (0.5, "Fair"), (0.0, "Poor"))


class DemoExistsError(frappe.ValidationError):
	"""The site already has the demo organisation."""


class NoDemoError(frappe.ValidationError):
	"""There is no demo organisation on the site to drop."""


class DemoSizeError(frappe.ValidationError):
	pass


class DemoStepError(frappe.ValidationError):
	"""A rule of the app refused a step of the demo (the demo does not work around rules)."""


@dataclass
class Person:
	key: str
	name: str
	branch: str
	group: str
	login: bool = False
	roles: tuple[str, ...] = ()
	title: str = ""
	diligence: float = 0.8
	join_date: date = date(2000, 1, 1)
	leave_date: date | None = None
	user: str | None = None
	member: str | None = None

	def active_on(self, day: date) -> bool:
		return self.join_date <= day and (self.leave_date is None or day <= self.leave_date)


@dataclass(order=True)
class Step:
	when: datetime
	seq: int
	label: str = field(compare=False)
	run: object = field(compare=False)


# Entry points -------------------------------------------------------------------------------------


def demo_exists() -> bool:
	return bool(manifest_file()) or bool(frappe.db.exists(ORGANIZATION, COMMITTEE))


def make_demo(size: int = DEFAULT_SIZE, password: str = DEFAULT_PASSWORD, log=None) -> dict:
	"""Build the demo organisation (nothing is committed here: the command commits). Returns a summary."""
	if demo_exists():
		raise DemoExistsError(
			"This site already has the party_points demo organisation; remove it first with --drop"
		)
	if size < MIN_SIZE:
		raise DemoSizeError(f"The demo needs at least {MIN_SIZE} members")
	return DemoBuilder(size, password, log).build()


def drop_demo(log=None) -> dict[str, int]:
	"""Remove exactly what :func:`make_demo` made (see the module's docstring). Returns rows removed per table."""
	file_name = manifest_file()
	if not file_name:
		if frappe.db.exists(ORGANIZATION, COMMITTEE):
			raise NoDemoError(
				f"{COMMITTEE} exists but the demo's manifest {MANIFEST} is gone; nothing was removed"
			)
		raise NoDemoError("This site has no party_points demo organisation")
	manifest = json.loads(frappe.get_doc("File", file_name).get_content())
	return Dropper(manifest, file_name, log).drop()


def manifest_file() -> str | None:
	return frappe.db.get_value(
		"File", {"file_name": MANIFEST, "is_private": 1, "attached_to_doctype": ("is", "not set")}
	)


# The clock ----------------------------------------------------------------------------------------


class Clock:
	"""freezegun's clock, moved forward step by step (system time zone); stopped, time is real again."""

	def __init__(self) -> None:
		self.freezer = None
		self.factory = None
		self.current: datetime | None = None

	def move_to(self, when: datetime) -> None:
		"""Move forward to ``when`` (never back: a step may start a little after its hour)."""
		import pytz
		from frappe.utils import get_system_timezone

		if self.current is not None and when <= self.current:
			return
		# Frappe compares modification times as text, which drops a zero microsecond: never stand on one.
		when = when.replace(microsecond=when.microsecond or 137)
		self.current = when
		utc = pytz.timezone(get_system_timezone()).localize(when).astimezone(pytz.utc)
		if self.factory is None:
			from freezegun import freeze_time

			self.freezer = freeze_time(utc)
			self.factory = self.freezer.start()
		else:
			self.factory.move_to(utc)

	def tick(self, seconds: float = 1) -> None:
		if self.factory is not None:
			step = timedelta(seconds=seconds)
			if (self.current + step).microsecond == 0:
				step += timedelta(microseconds=1)
			self.factory.tick(step)
			self.current += step

	def stop(self) -> None:
		if self.freezer is not None:
			self.freezer.stop()
		self.freezer = self.factory = self.current = None


def seconds() -> float:
	"""A real clock for the timings, frozen or not."""
	from freezegun.api import real_perf_counter

	return real_perf_counter()


# The builder --------------------------------------------------------------------------------------


class DemoBuilder:
	def __init__(self, size: int, password: str, log=None) -> None:
		from faker import Faker

		self.size, self.password = size, password
		self.log = log or (lambda message: None)
		self.rng = random.Random(SEED)
		self.fake = Faker("zh_CN")
		self.fake.seed_instance(SEED)
		self.today = getdate(today())
		self.now = now_datetime()
		self.year = self.today.year
		self.current_quarter = (self.today.month - 1) // 3 + 1
		self.clock = Clock()
		self.steps: list[Step] = []
		self.people: list[Person] = []
		self.by_key: dict[str, Person] = {}
		self.orgs: dict[str, str] = {}
		self.periods: dict[int, str] = {}
		self.made_periods: list[str] = []
		self.adopted_periods: dict[str, dict] = {}
		self.made_scheme: str | None = None
		self.applications: dict[tuple[str, int], str] = {}
		self.claims: dict[str, str] = {}
		self.written_files: list[str] = []
		self.timings: dict[str, float] = {}
		self.names: set[str] = set()

	# running ------------------------------------------------------------------------------------

	def build(self) -> dict:
		started = seconds()
		self.series_before = series_counters()
		site_language = frappe.local.lang
		# The company's officers work in Chinese: what the app writes in their name as they act (a ledger
		# entry's remarks, a meeting's quorum rule, a follow-up's text) is written in Chinese, as the desk
		# would write it for them; the demo is not a site installed in English whose officers typed English.
		frappe.local.lang = LANGUAGE
		try:
			self.plan_people()
			self.plan_year()
			self.play()
			frappe.set_user("Administrator")
			manifest = self.write_manifest()
		except Exception:
			self.remove_written_files()
			raise
		finally:
			self.clock.stop()
			frappe.set_user("Administrator")
			frappe.local.lang = site_language
		self.timings["total"] = seconds() - started
		return self.summary(manifest)

	def at(self, when: datetime | None, label: str, run, *args, **kwargs) -> None:
		"""Schedule a step; ``when`` None: with the real clock, after every dated step."""
		self.steps.append(Step(when or datetime.max, len(self.steps), label, lambda: run(*args, **kwargs)))

	def play(self) -> None:
		for step in sorted(self.steps):
			if step.when == datetime.max:
				self.clock.stop()
			elif step.when > self.now:
				continue  # the future is not played
			else:
				self.clock.move_to(step.when)
			started = seconds()
			step.run()
			forget_realtime_notices()
			label = step.label.split(":")[-1].strip()
			self.timings[label] = self.timings.get(label, 0) + seconds() - started
		for label, spent in self.timings.items():
			self.log(f"  {label}: {spent:.1f} s")

	@contextmanager
	def as_user(self, user: str):
		"""Act as ``user``, a few seconds after the previous act (so that the timeline keeps its order).

		The user stays set after the act (``frappe.set_user`` empties the request's caches: switching only
		when the next act is someone else's saves that); :meth:`build` ends as Administrator."""
		self.clock.tick(7.013)
		if frappe.session.user != user:
			switch_user(user)
		yield

	def moment(self, day: date, hour: int = 9, minute: int | None = None) -> datetime:
		minute = self.rng.randrange(0, 50) if minute is None else minute
		return datetime(day.year, day.month, day.day, hour, minute)

	def workday(self, day: date) -> date:
		while day.weekday() >= 5:
			day += timedelta(days=1)
		return day

	# people -------------------------------------------------------------------------------------

	def chinese_name(self) -> str:
		while True:
			name = self.fake.name()
			if name not in self.names:
				self.names.add(name)
				return name

	def add_person(self, key: str, branch: str, login: bool, roles=(), title="", diligence=None) -> Person:
		groups = dict((b[0], b[2]) for b in BRANCHES)[branch]
		person = Person(
			key=key,
			name=self.chinese_name(),
			branch=branch,
			group=groups[len([p for p in self.people if p.branch == branch]) % len(groups)],
			login=login,
			roles=tuple(roles),
			title=title,
			diligence=round(self.rng.uniform(0.6, 1.0), 3) if diligence is None else diligence,
			join_date=self.fake.date_between(date(1988, 1, 1), date(self.year - 1, 10, 31)),
		)
		self.people.append(person)
		self.by_key[key] = person
		return person

	def plan_people(self) -> None:
		officers = (
			("committee", "hq", (), "党委委员、党建工作部主任"),
			("manager", "hq", (POINTS_MANAGER,), "党建工作部积分管理专员"),
			("head.admin", "hq", (DEPARTMENT_HEAD,), "综合办公室主任"),
			("head.ops", "hq", (DEPARTMENT_HEAD,), "生产运行部主任"),
		)
		for key, branch, roles, title in officers:
			self.add_person(key, branch, True, roles, title, diligence=round(self.rng.uniform(0.85, 1.0), 3))
		for branch, *_rest in BRANCHES:
			for role, title in (
				("secretary", "支部书记"),
				("recorder", "支部记录员"),
				("committee", "支部委员"),
			):
				self.add_person(
					f"{branch}.{role}", branch, True, (), title, round(self.rng.uniform(0.82, 1.0), 3)
				)
		plain = self.size - len(self.people)
		counts = [max(PLAIN_MINIMUM[key], round(plain * share)) for key, _n, _g, share, _h in BRANCHES]
		counts[0] += plain - sum(counts)
		if counts[0] < PLAIN_MINIMUM["hq"]:
			raise DemoSizeError(f"The demo needs at least {MIN_SIZE} members")
		for (branch, *_rest), count in zip(BRANCHES, counts, strict=True):
			for number in range(1, count + 1):
				login = number <= MEMBER_LOGINS_PER_BRANCH
				self.add_person(f"{branch}.member{number}" if login else f"{branch}.{number}", branch, login)
		# A few whose year goes less well, one who joined in May, one who transferred out in August.
		field_plain = [p for p in self.people if p.branch == "field" and not p.login]
		weak = field_plain[0]
		weak.diligence = 0.38
		self.weak = weak
		for person in [p for p in self.people if p.branch == "service" and not p.login][:1]:
			person.diligence = 0.5
		self.leaver = field_plain[-1] if len(field_plain) > 1 else None
		if self.leaver:
			self.leaver.leave_date = date(self.year, 8, 20)
		service_plain = [p for p in self.people if p.branch == "service" and not p.login]
		self.newcomer = service_plain[-1] if len(service_plain) > 1 else None
		if self.newcomer:
			self.newcomer.join_date = date(self.year, 5, 18)
		for person in self.people:
			if person.login:
				person.user = f"{person.key}@{DOMAIN}"

	def branch_people(self, branch: str, day: date) -> list[Person]:
		return [p for p in self.people if p.branch == branch and p.member and p.active_on(day)]

	def branch_committee(self, branch: str) -> list[Person]:
		return [self.by_key[f"{branch}.{role}"] for role in ("secretary", "recorder", "committee")]

	def department_head(self, person: Person) -> str:
		head = dict((b[0], b[4]) for b in BRANCHES)[person.branch]
		if person.key == head:
			head = "head.ops" if head == "head.admin" else "head.admin"
		return self.by_key[head].user

	def user(self, key: str) -> str:
		return self.by_key[key].user

	# the plan -----------------------------------------------------------------------------------

	def plan_year(self) -> None:
		y = self.year
		self.at(datetime(y, 1, 5, 9, 0), "organisation", self.make_organisation)
		self.at(datetime(y, 1, 5, 11, 0), "organisation", self.make_periods)
		if self.newcomer:
			self.at(datetime(y, 5, 18, 9, 0), "Q2: new member", self.admit, self.newcomer)
		if self.leaver:
			self.at(datetime(y, 8, 21, 15, 0), "Q3: transfer", self.transfer_out, self.leaver)
		for quarter in range(1, self.current_quarter + 1):
			self.plan_activities(quarter)
			self.plan_sheet(quarter)
			self.plan_applications(quarter)
		self.plan_evaluations()
		self.plan_rewards()
		self.plan_discipline()
		self.plan_closing()

	def quarter_months(self, quarter: int) -> list[int]:
		return [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]

	def plan_activities(self, quarter: int) -> None:
		"""三会一课 and the rest, per branch: the committee and each group monthly, the lecture,
		an activity day and volunteer service mid-quarter, the members' meeting at the end."""
		y = self.year
		for branch, _name, groups, _share, _head in BRANCHES:
			first, middle, last = self.quarter_months(quarter)
			plan = [
				(month, (4, 8), 14, "Branch Committee Meeting", f"{month}月支委会", "committee")
				for month in (first, middle, last)
			]
			plan += [
				(month, (10, 16), 15, "Party Group Meeting", f"{group}{month}月党小组会", group)
				for month in (first, middle, last)
				for group in groups
			]
			theme = MONTH_THEMES[middle].format(party_age=y - 1921)
			plan += [
				(middle, (8, 12), 9, "Volunteer Service", VOLUNTEER[quarter], "volunteer"),
				(middle, (16, 20), 14, "Party Lecture", LECTURES[quarter], "all"),
				(middle, (21, 25), 9, "Party Activity Day", f"主题党日：{theme}", "day"),
				(last, (23, 27), 14, "Branch Members' Meeting", f"{QUARTER_ZH[quarter]}支部党员大会", "all"),
			]
			for month, (low, high), hour, kind, title, who in plan:
				day = self.workday(date(y, month, self.rng.randint(low, high)))
				self.at(
					self.moment(day, hour),
					f"Q{quarter}: activities",
					self.activity,
					branch,
					kind,
					title,
					day,
					who,
				)

	def plan_sheet(self, quarter: int) -> None:
		_start, end = quarter_dates(self.year, quarter)
		current = quarter == self.current_quarter
		for branch, *_rest in BRANCHES:
			day = self.today - timedelta(days=1) if current else self.workday(end - timedelta(days=4))
			self.at(self.moment(day, 16), f"Q{quarter}: sheets", self.sheet, branch, quarter, not current)

	def plan_applications(self, quarter: int) -> None:
		_start, end = quarter_dates(self.year, quarter)
		if quarter == self.current_quarter:
			return self.plan_early_applications(quarter)
		for person in self.people:
			if person.key.endswith(".recorder") or not person.active_on(end):
				# Nobody could approve a recorder's own application: only Party Recorders may, never their own.
				continue
			if self.rng.random() > 0.2 + person.diligence:
				continue
			returned = quarter == 2 and person.key == "service.member2"
			created = self.workday(end - timedelta(days=20 if returned else self.rng.randint(10, 18)))
			signed = self.workday(created + timedelta(days=self.rng.randint(1, 3)))
			approved = self.workday(signed + timedelta(days=self.rng.randint(1, 2)))
			self.at(self.moment(created, 10), f"Q{quarter}: applications", self.apply, person, quarter)
			if returned:
				self.at(
					self.moment(signed, 11),
					f"Q{quarter}: applications",
					self.return_application,
					person,
					quarter,
				)
				signed = self.workday(signed + timedelta(days=1))
				self.at(self.moment(signed, 9), f"Q{quarter}: applications", self.resubmit, person, quarter)
				signed = self.workday(signed + timedelta(days=1))
				approved = self.workday(signed + timedelta(days=1))
			self.at(self.moment(signed, 15), f"Q{quarter}: applications", self.sign_off, person, quarter)
			self.at(self.moment(approved, 16), f"Q{quarter}: applications", self.approve, person, quarter)

	def plan_early_applications(self, quarter: int) -> None:
		"""The current quarter: the first applications, in every state of their workflow."""
		with_login = [p for p in self.people if p.login and not p.key.endswith(".recorder")]
		pick = [p for p in with_login if p.key.split(".")[-1].startswith("member")] + [
			p for p in with_login if p.key.endswith(".committee") or p.key.startswith("head.")
		]
		follow_ups = {  # state: (days after applying, hour, step)
			"approved": ((2, 15, self.sign_off), (3, 16, self.approve)),
			"pending_recorder": ((2, 15, self.sign_off),),
			"returned": ((2, 11, self.return_application),),
			"pending_sign_off": (),
			"draft": (),
		}
		base, label = self.today - timedelta(days=12), f"Q{quarter}: applications"
		for offset, (person, state) in enumerate(zip(pick, [*follow_ups] * 3, strict=False)):
			created = base + timedelta(days=offset % 6)
			self.at(self.moment(created, 10), label, self.apply, person, quarter, state != "draft")
			for days, hour, step in follow_ups[state]:
				self.at(self.moment(created + timedelta(days=days), hour), label, step, person, quarter)

	def plan_evaluations(self) -> None:
		if self.today <= date(self.year, 6, 25):
			return
		for branch, *_rest in BRANCHES:
			day = self.workday(date(self.year, 6, self.rng.randint(22, 24)))
			self.at(self.moment(day, 14), "Q2: evaluation", self.evaluation, branch, day)

	def plan_rewards(self) -> None:
		y = self.year
		k = self.by_key
		plain = {b: [p for p in self.people if p.branch == b and not p.login] for b, *_r in BRANCHES}
		claims = (
			# when, key, member, reward, points, description, outcome
			(
				date(y, 2, 26),
				"c1",
				k["hq.member1"],
				"article_internal",
				None,
				"在公司内刊《东方管道》发表党建文章《让党旗在管线上高高飘扬》",
				"approved",
			),
			(
				date(y, 3, 18),
				"c2",
				plain["field"][1],
				"commendation_company",
				None,
				"被管道公司评为上年度安全生产先进个人",
				"approved",
			),
			(
				date(y, 5, 12),
				"c3",
				k["service.member1"],
				"commendation_regional",
				None,
				"在干线抢修作业中表现突出，获地区分公司通报表扬",
				"approved",
			),
			(
				date(y, 6, 3),
				"c4",
				k["hq.member2"],
				"article_external",
				None,
				"在《石油政工研究》发表文章《基层党支部积分制管理的实践》",
				"approved",
			),
			(
				date(y, 6, 16),
				"c5",
				k["field.member1"],
				"other",
				6,
				"汛期管道抢险连续奋战72小时，保障了下游城市供气",
				"committee",
			),
			(
				date(y, 8, 20),
				"c6",
				k["hq.member1"],
				"commendation_group",
				None,
				"获集团公司优秀共产党员称号",
				"approved",
			),
			(
				date(y, 9, 8),
				"c7",
				plain["service"][1],
				"article_internal",
				None,
				"在公司内刊发表巡线工作体会",
				"rejected",
			),
			(
				date(y, 9, 10),
				"c8",
				k["hq.member1"],
				"article_external",
				None,
				"在《中国石油报》发表理论文章",
				"approved",
			),
			(
				self.today - timedelta(days=7),
				"c9",
				k["field.member2"],
				"commendation_company",
				None,
				"被管道公司评为季度安全标兵",
				"proposed",
			),
			(
				self.today - timedelta(days=4),
				"c10",
				plain["service"][0],
				"other",
				4,
				"主动发现并制止第三方违章施工，避免了一起管道损伤事故",
				"committee_pending",
			),
		)
		for day, key, person, reward, points, description, outcome in claims:
			if day > self.today:
				continue
			day = self.workday(day) if day < self.today - timedelta(days=7) else day
			label = f"Q{(day.month - 1) // 3 + 1}: rewards"
			self.at(self.moment(day, 10), label, self.claim, key, person, day, reward, points, description)
			if outcome in ("approved", "rejected", "committee"):
				later = self.workday(day + timedelta(days=3))
				self.at(self.moment(later, 16), label, self.decide_claim, key, person, outcome)

	def plan_discipline(self) -> None:
		if self.today <= date(self.year, 8, 12):
			return
		self.at(datetime(self.year, 8, 10, 10, 0), "Q3: discipline", self.discipline, self.weak, "record")
		self.at(datetime(self.year, 8, 12, 15, 0), "Q3: discipline", self.discipline, self.weak, "submit")

	def plan_closing(self) -> None:
		"""The oldest past quarter is filed, the next is on public notice now, any later one under review."""
		past = list(range(1, self.current_quarter))
		if not past:
			return
		first = past[0]
		_start, end = quarter_dates(self.year, first)
		filed_on = end + timedelta(days=21)
		notice_now = past[1:2]
		if filed_on < self.today:
			self.plan_filing(first)
		else:
			notice_now = [first]
		for quarter in past:
			_start, end = quarter_dates(self.year, quarter)
			self.at(
				at_hour(end, 3, 9), f"Q{quarter}: close", self.period_stage, quarter, "Applications Closed"
			)
			self.at(at_hour(end, 8, 10), f"Q{quarter}: review", self.submit_for_review, quarter)
		for quarter in notice_now:
			self.at(None, f"Q{quarter}: notice", self.publish, quarter, True)
			self.at(None, f"Q{quarter}: notice", self.object_now, quarter)

	def plan_filing(self, quarter: int) -> None:
		_start, end = quarter_dates(self.year, quarter)
		label = f"Q{quarter}: notice and filing"
		self.at(at_hour(end, 9, 14), label, self.members_meeting, quarter)
		self.at(at_hour(end, 10, 9), label, self.publish, quarter)
		self.at(at_hour(end, 11, 20), label, self.object_past, quarter)
		self.at(at_hour(end, 12, 9), label, self.correct_objection, quarter)
		self.at(at_hour(end, 12, 10), label, self.answer_objection, quarter)
		self.at(at_hour(end, 12, 11), label, self.republish, quarter)
		# The notices ran five days from the 10th and (the reopened score) from the 12th after quarter end.
		self.at(at_hour(end, 20, 10), label, self.file, quarter)
		self.at(at_hour(end, 21, 9), label, self.period_stage, quarter, FILED)

	# steps: organisation ----------------------------------------------------------------------------

	def make_organisation(self) -> None:
		"""The System Manager's part: the scheme if the year has none, the logins, the tree and the members."""
		frappe.set_user("Administrator")
		if not frappe.db.exists("Points Scheme", {"year": self.year}):
			self.made_scheme = create_default_scheme(self.year)
		for person in self.people:
			if person.login:
				self.make_user(person)
		self.orgs["committee"] = self.org(
			COMMITTEE, "Party Committee", None, committee=(self.user("committee"),)
		)
		for branch, name, groups, _share, _head in BRANCHES:
			self.orgs[branch] = self.org(
				name,
				"Party Branch",
				self.orgs["committee"],
				secretary=self.user(f"{branch}.secretary"),
				recorder=self.user(f"{branch}.recorder"),
				committee=(self.user(f"{branch}.committee"),),
			)
			for group in groups:
				self.orgs[group] = self.org(group, "Party Group", self.orgs[branch])
		for person in self.people:
			if person is not self.newcomer:
				self.make_member(person)

	def make_user(self, person: Person) -> None:
		"""A desk login with the roles its appointments and member record will call for: Frappe clears the
		whole site cache at every save of a User, so each login is saved once, not once per role."""
		roles = {PARTY_MEMBER, *person.roles}
		role = person.key.split(".")[-1]
		if person.key == "committee":
			roles.add(PARTY_COMMITTEE)
		elif role == "recorder":
			roles.add(PARTY_RECORDER)
		elif role in ("secretary", "committee"):
			roles.add(BRANCH_SECRETARY)
		doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": person.user,
				"first_name": person.name,
				"send_welcome_email": 0,
				# Inserted as a Website User, Frappe turns it into a System User by its roles (all have desk
				# access) only after its check "the site needs a System Manager besides Administrator": on a
				# site whose setup is complete and has none, that check would make the first demo login one.
				"user_type": "Website User",
				"new_password": self.password,
				"bio": person.title or None,
				"roles": [{"role": role} for role in sorted(roles)],
			}
		)
		doc.insert(ignore_permissions=True)

	def org(
		self, name: str, kind: str, parent: str | None, secretary=None, recorder=None, committee=()
	) -> str:
		doc = frappe.get_doc(
			{
				"doctype": ORGANIZATION,
				"organization_name": name,
				"organization_type": kind,
				"parent_party_organization": parent,
				"secretary": secretary,
				"recorder": recorder,
				"committee_members": [{"user": user} for user in committee],
			}
		)
		doc.insert(ignore_permissions=True)
		return doc.name

	def make_member(self, person: Person) -> None:
		doc = frappe.get_doc(
			{
				"doctype": MEMBER,
				"full_name": person.name,
				"user": person.user,
				"party_branch": self.orgs[person.branch],
				"party_group": self.orgs[person.group],
				"join_date": person.join_date,
			}
		)
		doc.insert()
		person.member = doc.name

	def make_periods(self) -> None:
		with self.as_user(self.user("manager")):
			for quarter in range(1, 5):
				name = f"{self.year}-Q{quarter}"
				existing = frappe.db.get_value(
					PERIOD, name, ["stage", "notice_start", "notice_end"], as_dict=True
				)
				if existing:
					if existing.stage != "Open" or frappe.db.exists(
						"Points Ledger Entry", {"assessment_period": name}
					):
						raise DemoExistsError(
							f"The Assessment Period {name} is already in use (stage {existing.stage}); "
							"the demo needs the year's periods new or untouched"
						)
					self.adopted_periods[name] = {k: str(v) if v else None for k, v in existing.items()}
				else:
					frappe.get_doc({"doctype": PERIOD, "year": self.year, "quarter": str(quarter)}).insert()
					self.made_periods.append(name)
				self.periods[quarter] = name

	def admit(self, person: Person) -> None:
		with self.as_user(self.user(f"{person.branch}.secretary")):
			self.make_member(person)

	def transfer_out(self, person: Person) -> None:
		with self.as_user(self.user(f"{person.branch}.secretary")):
			doc = frappe.get_doc(MEMBER, person.member)
			doc.status = "Transferred Out"
			doc.leave_date = person.leave_date
			doc.save()

	# steps: the quarter -------------------------------------------------------------------------------

	def attendance_status(self, person: Person) -> str:
		miss = (1 - person.diligence) * 0.7
		r = self.rng.random()
		for share, status in ((0.3, "Absent"), (0.55, "Late"), (0.75, "Left Early"), (1.0, "Excused")):
			if r < miss * share:
				return status
		return "Present"

	def activity(
		self, branch: str, kind: str, title: str, day: date, who: str, author: str | None = None
	) -> str | None:
		people = self.branch_people(branch, day)
		if who == "committee":
			people = [p for p in self.branch_committee(branch) if p.active_on(day)]
		elif who not in ("all", "day", "volunteer"):
			people = [p for p in people if p.group == who]
		rows = []
		for person in people:
			if who == "volunteer":
				if self.rng.random() < 0.3 + 0.5 * person.diligence:
					rows.append({"member": person.member, "status": "Present"})
			elif who == "day":
				r = self.rng.random()
				status = "Present" if r < person.diligence else ("Excused" if r < 0.92 else "Absent")
				rows.append({"member": person.member, "status": status})
			else:
				rows.append({"member": person.member, "status": self.attendance_status(person)})
		if not rows:
			return None
		if author is None:
			author = self.user(f"{branch}.recorder" if self.rng.random() < 0.75 else f"{branch}.secretary")
		with self.as_user(author):
			doc = frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": title,
					"activity_type": kind,
					"activity_date": day,
					"party_branch": self.orgs[branch],
					"attendance": rows,
				}
			)
			doc.insert()
			doc.submit()
		return doc.name

	def sheet(self, branch: str, quarter: int, submit: bool) -> None:
		period = self.periods[quarter]
		start, end = quarter_dates(self.year, quarter)
		day = min(end, self.today)
		rows = []
		objector = self.by_key["hq.member2"]
		for person in self.people:
			if (
				person.branch != branch
				or person.member is None
				or not (person.join_date <= end and (person.leave_date is None or person.leave_date >= start))
			):
				continue
			d = person.diligence
			if self.rng.random() < 0.92:
				occurrences = max(1, min(8, round(d * 9 + self.rng.uniform(-1.5, 0.5))))
				if not submit:
					occurrences = max(1, occurrences * (day - start).days // 92)
				rows.append(self.sheet_row(person, "SE-04", occurrences, "自学及网络学习"))
			if submit and self.rng.random() < 0.8 * d and not (quarter == 1 and person is objector):
				rows.append(self.sheet_row(person, "SP-02", self.rng.randint(1, 2), "党员示范岗值班"))
			if submit and self.rng.random() < 0.1:
				rows.append(self.sheet_row(person, "SP-03", 1, "合理化建议被采纳"))
			if submit and self.rng.random() < 0.05:
				rows.append(self.sheet_row(person, "DL-02", 1, "党费未按时交纳"))
			if submit and (self.rng.random() < (0.6 if d < 0.45 else 0.02)):
				rows.append(self.sheet_row(person, "DL-01", 1, "违反劳动纪律"))
			if submit and d < 0.45 and self.rng.random() < 0.4:
				rows.append(self.sheet_row(person, "IN-02", 1, "推诿急难险重任务"))
		with self.as_user(self.user(f"{branch}.recorder")):
			doc = frappe.get_doc(
				{
					"doctype": "Quantification Sheet",
					"party_branch": self.orgs[branch],
					"assessment_period": period,
					"entries": rows,
				}
			)
			doc.insert()
			if submit:
				doc.submit()

	def sheet_row(self, person: Person, item: str, occurrences: int, remarks: str) -> dict:
		return {"member": person.member, "scoring_item": item, "occurrences": occurrences, "remarks": remarks}

	def apply(self, person: Person, quarter: int, submit: bool = True) -> None:
		"""Members with a login apply themselves; the Party Points Manager enters the paper forms of the others."""
		d = person.diligence
		tasks = self.rng.sample(TASKS[person.branch], 2)
		done = "Completed" if self.rng.random() < 0.4 + d else "In Progress"
		author = person.user if person.login else self.user("manager")
		with self.as_user(author):
			doc = frappe.get_doc(
				{
					"doctype": "Quarterly Application",
					"member": person.member,
					"assessment_period": self.periods[quarter],
					"department_head": self.department_head(person),
					"self_score": min(20, 12 + round(d * 8 + self.rng.uniform(-1, 1))),
					"tasks": [
						{"task": tasks[0], "completion": "Completed"},
						{"task": tasks[1], "completion": done},
					],
				}
			)
			doc.insert()
			self.applications[(person.key, quarter)] = doc.name
			if submit:
				apply_workflow(doc, "Submit for Sign-off")

	def application(self, person: Person, quarter: int):
		return frappe.get_doc("Quarterly Application", self.applications[(person.key, quarter)])

	def act(self, doctype: str, name: str, action: str) -> None:
		"""A workflow action on a document (``apply_workflow`` loads it itself)."""
		apply_workflow({"doctype": doctype, "name": name}, action)

	def sign_off(self, person: Person, quarter: int) -> None:
		with self.as_user(self.department_head(person)):
			doc = self.application(person, quarter)
			d = person.diligence
			doc.tasks_completed = 1
			doc.quality = next(q for low, q in QUALITY if d >= low)
			if self.rng.random() < 0.25:
				doc.approved_score = max(0, doc.self_score - self.rng.randint(1, 2))
				doc.head_remarks = "部分任务完成质量有待提高，酌情调减"
			else:
				doc.head_remarks = "任务完成情况属实"
			doc.save()
			apply_workflow(doc, "Sign Off")

	def return_application(self, person: Person, quarter: int) -> None:
		with self.as_user(self.department_head(person)):
			doc = self.application(person, quarter)
			doc.return_reason = "请补充任务完成情况的具体数据（工作量、完成时间）"
			doc.save()
			apply_workflow(doc, "Return")

	def resubmit(self, person: Person, quarter: int) -> None:
		with self.as_user(person.user if person.login else self.user("manager")):
			doc = self.application(person, quarter)
			for row in doc.tasks:
				row.notes = "已按时完成，相关记录已归档"
			doc.save()
			apply_workflow(doc, "Resubmit")

	def approve(self, person: Person, quarter: int) -> None:
		with self.as_user(self.user(f"{person.branch}.recorder")):
			self.act("Quarterly Application", self.applications[(person.key, quarter)], "Approve")

	def evaluation(self, branch: str, day: date) -> None:
		results = []
		for person in self.branch_people(branch, day):
			d = min(1.0, max(0.0, person.diligence + self.rng.uniform(-0.08, 0.08)))
			if d >= 0.9:
				grade, score = "Excellent", 23 + round((d - 0.9) * 20)
			elif d >= 0.6:
				grade, score = "Qualified", 15 + round((d - 0.6) / 0.3 * 7)
			elif d >= 0.4:
				grade, score = "Basically Qualified", 8 + round((d - 0.4) * 30)
			else:
				grade, score = "Unqualified", 0
			results.append({"member": person.member, "grade": grade, "score": min(score, 25)})
		with self.as_user(self.user(f"{branch}.recorder")):
			doc = frappe.get_doc(
				{
					"doctype": "Democratic Evaluation",
					"party_branch": self.orgs[branch],
					"year": self.year,
					"evaluation_round": "mid_year",
					"evaluation_date": day,
					"results": results,
				}
			)
			doc.insert()
			apply_workflow(doc, "Propose")
		self.clock.tick(3600)
		with self.as_user(self.user(f"{branch}.secretary")):
			self.act("Democratic Evaluation", doc.name, "Approve")

	def claim(self, key: str, person: Person, day: date, reward: str, points, description: str) -> None:
		if reward == "other":
			author = self.user(f"{person.branch}.secretary")
		else:
			author = person.user if person.login else self.user(f"{person.branch}.recorder")
		with self.as_user(author):
			doc = frappe.get_doc(
				{
					"doctype": "Reward Claim",
					"member": person.member,
					"claim_date": day,
					"reward_type": reward,
					"points": points,
					"description": description,
				}
			)
			doc.insert()
			doc.evidence = self.attach_evidence(doc, person, description)
			doc.save()
			apply_workflow(doc, "Submit")
			self.claims[key] = doc.name

	def decide_claim(self, key: str, person: Person, outcome: str) -> None:
		approver = (
			self.user("committee") if outcome == "committee" else self.user(f"{person.branch}.secretary")
		)
		with self.as_user(approver):
			self.act("Reward Claim", self.claims[key], "Reject" if outcome == "rejected" else "Approve")

	def attach_evidence(self, claim, person: Person, description: str) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{claim.name}-证明材料.png",
				"attached_to_doctype": claim.doctype,
				"attached_to_name": claim.name,
				"attached_to_field": "evidence",
				"is_private": 1,
				"content": evidence_image(person.name, description, claim.name),
			}
		)
		doc.insert()
		self.written_files.append(doc.get_full_path())
		return doc.file_url

	def discipline(self, person: Person, step: str) -> None:
		if step == "record":
			with self.as_user(self.user(f"{person.branch}.secretary")):
				doc = frappe.get_doc(
					{
						"doctype": "Discipline Record",
						"member": person.member,
						"violation_date": date(self.year, 8, 6),
						"description": "在站场防爆区域内违规使用非防爆手机，违反安全生产禁令，经调查属实",
						"decision": "给予党内警告处分",
					}
				)
				doc.insert()
				self.discipline_record = doc.name
		else:
			with self.as_user(self.user("committee")):
				frappe.get_doc("Discipline Record", self.discipline_record).submit()

	# steps: review, notice, filing -------------------------------------------------------------------

	def period_stage(self, quarter: int, stage: str) -> None:
		with self.as_user(self.user("committee")):
			doc = frappe.get_doc(PERIOD, self.periods[quarter])
			doc.stage = stage
			doc.save()
		if stage in ("Applications Closed", UNDER_REVIEW):
			# What the queued quarter close does (the job queued by the save runs again later: a no-op).
			scores.rebuild_period(self.periods[quarter], own_transaction=False)

	def each_branch(self, role: str, quarter: int, action: str | None, branches=None) -> None:
		"""The branch-wide workflow action, as the branch's officer. A score a rule refuses stops the demo: it
		expects every score to move, apart from an officer's own (left for someone else) and those at
		another stage."""
		if not action:
			return
		for branch in branches or [b[0] for b in BRANCHES]:
			with self.as_user(self.user(f"{branch}.{role}")):
				result = apply_to_branch(self.orgs[branch], self.periods[quarter], action)
			refused = [s for s in (result or {}).get("skipped", []) if s.get("kind") == "rule"]
			if refused:
				raise DemoStepError(
					f"{action} for {self.orgs[branch]}, {self.periods[quarter]}: "
					+ "; ".join(f"{s['name']}: {s['reason']}" for s in refused)
				)

	def submit_for_review(self, quarter: int) -> None:
		self.period_stage(quarter, UNDER_REVIEW)
		self.each_branch("recorder", quarter, "Submit for Review")

	def members_meeting(self, quarter: int) -> None:
		"""The general members' meeting (党员大会评定) of each branch adopts the reviewed scores: a Party Activity
		takes the attendance, a Branch Members Meeting records the quorum and the resolution. Only where the
		app has the meeting and its settings require it."""
		if not frappe.db.exists("DocType", MEETING) or not meeting_required():
			return
		day = getdate(today())
		for branch, *_rest in BRANCHES:
			title = f"{self.year}年{QUARTER_ZH[quarter]}党员积分评定支部党员大会"
			activity = self.activity(
				branch, MEETING_ACTIVITY_TYPE, title, day, "all", self.user(f"{branch}.secretary")
			)
			with self.as_user(self.user(f"{branch}.secretary")):
				doc = frappe.get_doc(
					{
						"doctype": MEETING,
						"party_branch": self.orgs[branch],
						"assessment_period": self.periods[quarter],
						"party_activity": activity,
					}
				)
				doc.insert()
				doc.scores_adopted = 1
				doc.resolution = f"<p>经支部党员大会举手表决，通过本支部{self.periods[quarter]}党员积分评定结果，同意进行公示。</p>"
				doc.save()
				doc.submit()
			self.adopt(quarter, [branch])

	def adopt(self, quarter: int, branches=None) -> None:
		"""The workflow's action from Under Review to Adopted, if it has one (older workflows go straight on)."""
		self.each_branch("secretary", quarter, workflow_action(UNDER_REVIEW, ADOPTED), branches)

	def publish(self, quarter: int, meeting: bool = False) -> None:
		if meeting:
			self.members_meeting(quarter)
		self.each_branch("secretary", quarter, "Publish Notice")
		self.period_stage(quarter, PUBLIC_NOTICE)

	def score_of(self, person: Person, quarter: int) -> str:
		return frappe.db.get_value(
			SCORE, {"member": person.member, "assessment_period": self.periods[quarter]}
		)

	def object_past(self, quarter: int) -> None:
		person = self.by_key["hq.member2"]
		with self.as_user(person.user):
			doc = frappe.get_doc(
				{
					"doctype": "Score Objection",
					"member_score": self.score_of(person, quarter),
					"reason": "我在本季度参加了两次党员示范岗值班（每月中旬、下旬各一次），量化表“服务群众”一项没有体现，请支部核实。",
				}
			)
			doc.insert()
			self.objection = doc.name

	def correct_objection(self, quarter: int) -> None:
		person = self.by_key["hq.member2"]
		with self.as_user(self.user("hq.recorder")):
			doc = frappe.get_doc(
				{
					"doctype": "Quantification Sheet",
					"party_branch": self.orgs["hq"],
					"assessment_period": self.periods[quarter],
					"entries": [self.sheet_row(person, "SP-02", 2, "补录：党员示范岗值班（异议核实）")],
				}
			)
			doc.insert()
			doc.submit()
			self.correction = doc.name

	def answer_objection(self, quarter: int) -> None:
		with self.as_user(self.user("hq.secretary")):
			doc = frappe.get_doc("Score Objection", self.objection)
			doc.answer = (
				f"经核实，你本季度两次党员示范岗值班属实，量化表漏记。记录员已补录（{self.correction}），"
				"服务群众加4分，积分已更新并重新公示。"
			)
			doc.save()

	def republish(self, quarter: int) -> None:
		"""The reopened score goes back on notice: adopted again (the branch's meeting stands), then published."""
		self.adopt(quarter, ["hq"])
		self.each_branch("secretary", quarter, "Publish Notice", ["hq"])

	def file(self, quarter: int) -> None:
		# The secretary files the branch; the branch committee member files the secretary's own score.
		self.each_branch("secretary", quarter, "File")
		self.each_branch("committee", quarter, "File")

	def object_now(self, quarter: int) -> None:
		person = self.by_key["service.member1"]
		with self.as_user(person.user):
			frappe.get_doc(
				{
					"doctype": "Score Objection",
					"member_score": self.score_of(person, quarter),
					"reason": "本季度我参加了管道沿线护线宣传志愿服务，但志愿服务积分未计入，请支部核实。",
				}
			).insert()

	# the record of what was made -----------------------------------------------------------------------

	def write_manifest(self) -> dict:
		members = [p.member for p in self.people if p.member]
		branches = list(self.orgs.values())
		records = documents_of(members, branches)
		records[MEMBER] = sorted(members)
		records[ORGANIZATION] = branches
		records["User"] = sorted(p.user for p in self.people if p.user)
		records[PERIOD] = self.made_periods
		records["Points Scheme"] = [self.made_scheme] if self.made_scheme else []
		manifest = {
			"version": MANIFEST_VERSION,
			"made_on": str(now_datetime()),
			"seed": SEED,
			"size": self.size,
			"year": self.year,
			"adopted_periods": self.adopted_periods,
			"series": {
				name: [self.series_before.get(name), current]
				for name, current in series_counters().items()
				if self.series_before.get(name) != current
			},
			"records": records,
		}
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": MANIFEST,
				"is_private": 1,
				"content": json.dumps(manifest, ensure_ascii=False, indent=1),
			}
		)
		doc.insert(ignore_permissions=True)
		self.written_files.append(doc.get_full_path())
		return manifest

	def remove_written_files(self) -> None:
		import os

		for path in self.written_files:
			if os.path.exists(path):
				os.remove(path)

	def summary(self, manifest: dict) -> dict:
		logins = []
		for person in self.people:
			if not person.user:
				continue
			roles = sorted(set(frappe.get_roles(person.user)) & DEMO_ROLES)
			logins.append(
				{
					"user": person.user,
					"name": person.name,
					"title": person.title,
					"branch": self.orgs[person.branch],
					"roles": roles,
				}
			)
		stages = dict(
			frappe.get_all(PERIOD, filters={"year": self.year}, fields=["name", "stage"], as_list=True)
		)
		return {
			"password": self.password,
			"logins": logins,
			"counts": {doctype: len(names) for doctype, names in manifest["records"].items()},
			"periods": {name: stages.get(name) for name in self.periods.values()},
			"timings": self.timings,
		}


def workflow_action(from_stage: str, to_stage: str) -> str | None:
	"""The active Member Score workflow's action from the state that sets ``from_stage`` to the one that sets
	``to_stage`` (state and action names are a company's to change; the stages are the app's)."""
	workflow = frappe.db.get_value("Workflow", {"document_type": SCORE, "is_active": 1})
	if not workflow:
		return None
	states = dict(
		frappe.get_all(
			"Workflow Document State",
			filters={"parent": workflow, "update_field": "stage"},
			fields=["state", "update_value"],
			as_list=True,
		)
	)
	for transition in frappe.get_all(
		"Workflow Transition",
		filters={"parent": workflow},
		fields=["state", "action", "next_state"],
		order_by="idx",
	):
		if states.get(transition.state) == from_stage and states.get(transition.next_state) == to_stage:
			return transition.action
	return None


def switch_user(user: str) -> None:
	"""``frappe.set_user``, keeping the request's copy of the DocType metadata (the same for every user).

	set_user empties the request's cache, and the next act reads every DocType's metadata back from Redis:
	with hundreds of changes of user, that is a good part of the demo's time. Only the metadata is kept.
	"""
	key = frappe.cache.make_key("doctype_meta")
	metas = frappe.local.cache.get(key)
	frappe.set_user(user)
	if metas:
		frappe.local.cache[key] = metas


def forget_realtime_notices() -> None:
	"""Frappe holds each realtime notice ("this document changed") until the transaction commits, and checks
	every new one against all held before: over a whole year played in one transaction that is quadratic. The
	notices are for desks that have the documents open, and nobody can: nothing is committed yet."""
	held = getattr(frappe.local, "_realtime_log", None)
	if held:
		held.clear()


def series_counters() -> dict[str, int]:
	"""The naming series' counters (Frappe's ``tabSeries``, not a DocType)."""
	series = frappe.qb.Table("tabSeries")
	return {
		name: int(current)
		for name, current in frappe.qb.from_(series).select(series.name, series.current).run()
	}


def at_hour(day: date, days_after: int, hour: int) -> datetime:
	later = day + timedelta(days=days_after)
	return datetime(later.year, later.month, later.day, hour, 0)


DEMO_ROLES = {
	PARTY_MEMBER,
	DEPARTMENT_HEAD,
	PARTY_RECORDER,
	BRANCH_SECRETARY,
	PARTY_COMMITTEE,
	POINTS_MANAGER,
}


def evidence_image(name: str, description: str, reference: str) -> bytes:
	"""A small certificate-like PNG (the demo's evidence); Chinese where a CJK font is installed."""
	import io

	from PIL import Image, ImageDraw, ImageFont

	image = Image.new("RGB", (640, 400), "#fffaf0")
	draw = ImageDraw.Draw(image)
	draw.rectangle((12, 12, 627, 387), outline="#b22222", width=6)
	draw.rectangle((26, 26, 613, 373), outline="#d4a017", width=2)
	font = small = None
	for path in (
		"/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	):
		try:
			font, small = ImageFont.truetype(path, 40), ImageFont.truetype(path, 20)
			break
		except OSError:
			continue
	if font is None:
		font = small = ImageFont.load_default()
		lines = ("CERTIFICATE (demo)", reference, "party_points demo evidence")
	else:
		lines = ("证 明 材 料", f"{name}：{description}", f"演示数据 · {reference}")
	draw.text((320, 110), lines[0], fill="#b22222", font=font, anchor="mm")
	text, y = lines[1], 190
	while text:
		draw.text((60, y), text[:26], fill="#333333", font=small)
		text, y = text[26:], y + 32
	draw.text((580, 345), lines[2], fill="#888888", font=small, anchor="rs")
	out = io.BytesIO()
	image.save(out, format="PNG", optimize=True)
	return out.getvalue()


# Dropping ------------------------------------------------------------------------------------------


class Dropper:
	def __init__(self, manifest: dict, file_name: str, log=None) -> None:
		self.manifest, self.file_name = manifest, file_name
		self.log = log or (lambda message: None)
		self.removed: dict[str, int] = defaultdict(int)

	def drop(self) -> dict[str, int]:
		records = {k: list(v) for k, v in self.manifest["records"].items()}
		members = records.get(MEMBER, [])
		orgs = records.get(ORGANIZATION, [])
		users = records.get("User", [])
		# Anything added to the demo's branches or members since it was made goes with them.
		added = 0
		found = documents_of(members, orgs)
		found[MEMBER] = frappe.get_all(MEMBER, filters={"party_branch": ("in", orgs or [""])}, pluck="name")
		for doctype, names in found.items():
			extra = set(names) - set(records.get(doctype, []))
			added += len(extra)
			records[doctype] = sorted(set(records.get(doctype, [])) | extra)
		if added:
			self.log(f"  also removing {added} records added to the demo organisation since it was made")
		for doctype, names in records.items():
			if doctype not in (ORGANIZATION, "User", PERIOD, "Points Scheme"):
				self.delete(doctype, names)
		self.delete(ORGANIZATION, orgs)
		self.delete_rows(
			"User Permission",
			frappe.get_all(
				"User Permission",
				filters={"allow": ORGANIZATION, "for_value": ("in", orgs or [""])},
				pluck="name",
			),
		)
		from frappe.utils.nestedset import rebuild_tree

		rebuild_tree(ORGANIZATION)
		for name, values in (self.manifest.get("adopted_periods") or {}).items():
			if frappe.db.exists(PERIOD, name):
				# The demo moved an existing period's stage; it gets back what it had.
				frappe.db.set_value(PERIOD, name, values, update_modified=False)
		self.delete(PERIOD, records.get(PERIOD, []))
		self.delete("Points Scheme", records.get("Points Scheme", []))
		self.delete_users(users)
		self.delete_files([self.file_name])
		self.restore_series()
		return dict(self.removed)

	def restore_series(self) -> None:
		"""Put the naming series back where they were, so that a new demo gets the same names; a series that
		was used for something else since is left as it is."""
		series = frappe.qb.Table("tabSeries")
		now = series_counters()
		for name, (before, after) in (self.manifest.get("series") or {}).items():
			if now.get(name) != after:
				continue
			if before is None:
				frappe.qb.from_(series).delete().where(series.name == name).run()
			else:
				frappe.qb.update(series).set(series.current, before).where(series.name == name).run()
			self.removed["Series"] += 1

	def delete(self, doctype: str, names: list[str]) -> None:
		"""Delete these documents row by row: their child rows, what Frappe keeps about them, then themselves."""
		names = [n for n in names if n]
		if not names or not frappe.db.exists("DocType", doctype):
			return
		for chunk in chunks(names):
			self.delete_side_records(doctype, chunk)
			self.delete_rows(doctype, chunk)

	def delete_rows(self, doctype: str, names: list[str]) -> None:
		if not names:
			return
		meta = frappe.get_meta(doctype)
		for table in meta.get_table_fields():
			self.removed[table.options] += frappe.db.count(
				table.options, {"parent": ("in", names), "parenttype": doctype}
			)
			frappe.db.delete(table.options, {"parent": ("in", names), "parenttype": doctype})
		self.removed[doctype] += len(names)
		frappe.db.delete(doctype, {"name": ("in", names)})
		from frappe.utils.password import delete_all_passwords_for

		if doctype != "User" and any(df.fieldtype == "Password" for df in meta.fields):
			for name in names:
				delete_all_passwords_for(doctype, name)

	def delete_side_records(self, doctype: str, names: list[str]) -> None:
		files = frappe.get_all(
			"File", filters={"attached_to_doctype": doctype, "attached_to_name": ("in", names)}, pluck="name"
		)
		self.delete_files(files)
		for table, doctype_field, name_field in SIDE_RECORDS:
			if not frappe.db.table_exists(table):
				continue
			rows = frappe.get_all(
				table, filters={doctype_field: doctype, name_field: ("in", names)}, pluck="name"
			)
			self.delete_rows(table, rows)
			if table == "Comment":
				# Frappe's "deleted" feed line names the document in its subject.
				self.delete_rows(
					table,
					frappe.get_all(
						table,
						filters={
							"comment_type": "Deleted",
							"reference_doctype": doctype,
							"reference_name": ("is", "not set"),
							"subject": ("in", [f"{frappe._(doctype)} {n}" for n in names]),
						},
						pluck="name",
					),
				)

	def delete_files(self, names: list[str]) -> None:
		for name in names:
			# Frappe's own delete removes the file from the disk, unless another File shares it.
			frappe.delete_doc("File", name, ignore_permissions=True, force=True, delete_permanently=True)
			self.removed["File"] += 1

	def delete_users(self, users: list[str]) -> None:
		"""Users go row by row too: Frappe's own delete refuses any user on a site whose only System Manager
		is Administrator. Their roles, passwords, permissions, settings and contact go with them."""
		if not users:
			return
		contacts = sorted(
			set(frappe.get_all("Contact", filters={"user": ("in", users)}, pluck="name"))
			| set(frappe.get_all("Contact Email", filters={"email_id": ("in", users)}, pluck="parent"))
		)
		self.delete("User", users)
		self.delete("Contact", contacts)
		for table, user_field in USER_RECORDS:
			if frappe.db.table_exists(table):
				self.delete(table, frappe.get_all(table, filters={user_field: ("in", users)}, pluck="name"))
		frappe.db.delete("__Auth", {"doctype": "User", "name": ("in", users)})
		for table in ("Sessions", "__UserSettings"):
			frappe.db.delete(table, {"user": ("in", users)})
		frappe.db.delete("DefaultValue", {"parent": ("in", users)})
		frappe.clear_cache()  # roles, permissions and sessions of the users are cached


def documents_of(members: list[str], branches: list[str]) -> dict[str, list[str]]:
	"""Every document of the app's DocTypes (other than members, organisations, periods and schemes) that
	names one of these members or branches, by DocType. DocTypes are read from the app's module, so one
	added to the app later is found too."""
	out: dict[str, list[str]] = {}
	for doctype in frappe.get_all(
		"DocType", filters={"module": APP_MODULE, "istable": 0, "issingle": 0, "is_virtual": 0}, pluck="name"
	):
		if doctype in OWN_DOCTYPES:
			continue
		meta = frappe.get_meta(doctype)
		names: set[str] = set()
		for fieldname, values, target in (
			("member", members, MEMBER),
			("party_branch", branches, ORGANIZATION),
		):
			df = meta.get_field(fieldname)
			if df and df.fieldtype == "Link" and df.options == target:
				names.update(
					frappe.get_all(doctype, filters={fieldname: ("in", values or [""])}, pluck="name")
				)
		if names:
			out[doctype] = sorted(names)
	return out


def chunks(names: list[str], size: int = 500):
	for start in range(0, len(names), size):
		yield names[start : start + size]
