"""Load test of party_points as an operator runs it: gunicorn, a background worker, REST with token auth.

Not a timed test: it asserts nothing while it runs, and reports throughput, p50/p95 latency and errors by
type for each number of concurrent writers. At the end of each round it proves that every Member Score
equals a full rebuild from the ledger, and that every sheet is either wholly posted or not at all.

    cd ~/frappe-bench/sites
    ../env/bin/python ../apps/party_points/benchmarks/load.py --site load.localhost --writers 8,16,32

Use a throwaway site with party_points installed (``bench new-site load.localhost --install-app
party_points``): the first run adds an organisation under the ``_T `` prefix (8 branches, 96 members, a
recorder per branch, 8 members with logins, a committee user, API keys) and the rounds add ledger
entries and sheets to this quarter's period. What one round does, for N writers:

- it starts gunicorn (Frappe's production server) on loopback with ``--gunicorn-workers`` workers and
  ``--preload``, and one RQ worker, both against the site. The worker and the site's jobs use a private
  Redis started on ``--redis-port`` (so other benches' workers never take this site's jobs), set in the
  site's config for the run and put back afterwards;
- N recorders (threads, token auth) post single ledger entries (``POST /api/resource/Points Ledger
  Entry``) and, one request in six, a quantification sheet of five rows inserted and submitted at once;
- 8 members read their scores (``GET /api/resource/Member Score``) and their page (``GET /points``);
- the committee triggers the quarter close (``rebuild_scores``, a background job) every few seconds;
- it stops after ``--posts`` writes or ``--duration`` seconds, whichever comes first, waits for the
  worker to finish the close, and checks the data.
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

BRANCHES = 8
MEMBERS_PER_BRANCH = 12
READERS = 8
SHEET_SHARE = 6
"""One write in this many is a sheet."""
SHEET_ROWS = 5
PREFIX = "_T Load "


# Setup (in-process, before the servers start) ----------------------------------------------------


def connect(site: str) -> None:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")


def api_key(user: str) -> str:
	"""A fresh API key and secret for ``user``, as ``key:secret``."""
	import frappe

	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.flags.ignore_permissions = True
	doc.save()
	return f"{doc.api_key}:{secret}"


def setup(site: str) -> dict:
	"""The organisation (once) and fresh tokens; returns what the clients need."""
	import frappe
	from frappe.utils import getdate, today

	connect(site)
	try:
		from party_points import testing  # (reads the site's time zone when imported)
		from party_points.desk import sheet_items
		from party_points.loaders import get_scheme

		year, quarter = getdate(today()).year, (getdate(today()).month - 1) // 3 + 1
		committee_user = testing.make_user("load_committee")
		committee = testing.make_org("Load Committee", "Party Committee", committee=(committee_user,))
		period = testing.make_period(year, quarter)
		branches = []
		for b in range(1, BRANCHES + 1):
			recorder = testing.make_user(f"load_recorder_{b}")
			branch = testing.make_org(f"Load Branch {b}", "Party Branch", committee, recorder=recorder)
			members = frappe.get_all("Party Member", filters={"party_branch": branch}, pluck="name")
			for m in range(len(members) + 1, MEMBERS_PER_BRANCH + 1):
				user = testing.make_user(f"load_member_{b}_{m}") if m == 1 else None
				members.append(testing.make_member(f"Load Member {b}-{m}", branch, user))
			branches.append({"branch": branch, "recorder": recorder, "members": sorted(members)})
		readers = frappe.get_all(
			"Party Member",
			filters={"party_branch": ("in", [b["branch"] for b in branches]), "user": ("is", "set")},
			fields=["name", "user"],
		)[:READERS]
		scheme = get_scheme(frappe.db.get_value("Assessment Period", period, "points_scheme"))
		items = [{"code": i.code, "points": float(i.points)} for i in sheet_items(scheme) if i.points > 0]
		for b in branches:
			b["token"] = api_key(b["recorder"])
		out = {
			"period": period,
			"branches": branches,
			"readers": [{"member": r.name, "token": api_key(r.user)} for r in readers],
			"committee": api_key(committee_user),
			"items": items,
		}
		frappe.db.commit()
		return out
	finally:
		frappe.destroy()


# The servers ---------------------------------------------------------------------------------------


class Servers:
	"""A private Redis, gunicorn and one RQ worker for the site; stopped (by their own pids) on exit."""

	def __init__(self, site: str, port: int, workers: int, redis_port: int, logs: Path) -> None:
		self.site, self.port, self.workers, self.redis_port, self.logs = site, port, workers, redis_port, logs
		self.processes: list[subprocess.Popen] = []
		self.config = Path(site) / "site_config.json"
		self.saved_config = self.config.read_text()

	def __enter__(self) -> "Servers":
		self.logs.mkdir(parents=True, exist_ok=True)
		env = dict(os.environ)
		bench = Path.cwd().parent
		redis = shutil.which("redis-server")
		if redis:
			self.spawn(
				[
					redis,
					"--port",
					str(self.redis_port),
					"--bind",
					"127.0.0.1",
					"--save",
					"",
					"--appendonly",
					"no",
				],
				"redis",
			)
			config = json.loads(self.saved_config)
			config["redis_queue"] = f"redis://127.0.0.1:{self.redis_port}"
			self.config.write_text(json.dumps(config, indent=1))
			time.sleep(0.5)
		self.spawn(
			[
				str(bench / "env/bin/gunicorn"),
				"-b",
				f"127.0.0.1:{self.port}",
				"-w",
				str(self.workers),
				"-t",
				"120",
				"--preload",
				"frappe.app:application",
			],
			"gunicorn",
			env,
		)
		self.worker = self.spawn([sys.executable, __file__, "worker", "--site", self.site], "worker", env)
		self.wait_ready()
		return self

	def spawn(self, command: list[str], name: str, env: dict | None = None) -> subprocess.Popen:
		log = open(self.logs / f"{name}.log", "ab")
		process = subprocess.Popen(
			command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
		)
		self.processes.append(process)
		return process

	def wait_ready(self, timeout: float = 90) -> None:
		import requests

		deadline = time.time() + timeout
		while time.time() < deadline:
			try:
				if requests.get(
					f"http://127.0.0.1:{self.port}/api/method/ping",
					headers=site_headers(self.site),
					timeout=5,
				).ok:
					return
			except requests.RequestException:
				pass
			time.sleep(1)
		raise SystemExit(f"gunicorn did not answer on port {self.port}; see {self.logs}/gunicorn.log")

	def __exit__(self, *exc) -> None:
		for process in reversed(self.processes):  # the worker and gunicorn before their Redis
			if process.poll() is None:
				os.killpg(process.pid, signal.SIGTERM)
			try:
				process.wait(timeout=20)
			except subprocess.TimeoutExpired:
				os.killpg(process.pid, signal.SIGKILL)
				process.wait()
		self.config.write_text(self.saved_config)


def run_worker(site: str) -> None:
	"""One RQ worker for the site's queues, reading the site's (private) redis_queue."""
	import frappe
	from frappe.utils.background_jobs import Worker, get_queue_list, get_redis_conn

	frappe.init(site=site, sites_path=".")
	connection = get_redis_conn()
	queues = get_queue_list(["long", "default", "short"], build_queue_name=True)
	frappe.destroy()
	Worker(queues, connection=connection).work(logging_level="INFO")


def queue_idle(site: str) -> bool:
	"""No job of the site's queues waiting or running, asked of the site's own (private) Redis."""
	import frappe
	from frappe.utils.background_jobs import generate_qname
	from redis import Redis
	from rq import Queue
	from rq.registry import StartedJobRegistry

	frappe.init(site=site, sites_path=".")
	try:
		connection = Redis.from_url(frappe.conf.redis_queue)
		for name in ("long", "default", "short"):
			queue = Queue(generate_qname(name), connection=connection)
			if queue.count or StartedJobRegistry(queue=queue, connection=connection).count:
				return False
		return True
	finally:
		frappe.destroy()


# The clients -----------------------------------------------------------------------------------------


def site_headers(site: str, token: str | None = None) -> dict:
	headers = {"Host": site, "X-Frappe-Site-Name": site, "Accept": "application/json"}
	if token:
		headers["Authorization"] = f"token {token}"
	return headers


class Load:
	def __init__(
		self,
		site: str,
		port: int,
		fixture: dict,
		writers: int,
		posts: int,
		duration: float,
		close_every: float,
	):
		self.site, self.base, self.fixture = site, f"http://127.0.0.1:{port}", fixture
		self.writers, self.posts, self.duration, self.close_every = writers, posts, duration, close_every
		self.lock = threading.Lock()
		self.samples: dict[str, list[float]] = defaultdict(list)
		self.errors: Counter = Counter()
		self.counts: Counter = Counter()
		self.written = 0
		self.posted_names: list[str] = []
		self.stop = threading.Event()

	def record(self, kind: str, seconds: float, response, error: str | None = None) -> bool:
		ok = response is not None and response.ok
		with self.lock:
			self.counts[kind] += 1
			if ok:
				self.samples[kind].append(seconds)
			else:
				if error is None:
					try:
						error = response.json().get("exc_type") or ""
					except ValueError:
						error = ""
					error = f"HTTP {response.status_code} {error}".strip()
				self.errors[(kind, error)] += 1
		return ok

	def call(self, session, kind: str, method: str, path: str, **kwargs):
		start = time.perf_counter()
		try:
			response = session.request(method, self.base + path, timeout=120, **kwargs)
		except Exception as error:  # a dropped connection is an error of the run, not of the script
			self.record(kind, time.perf_counter() - start, None, type(error).__name__)
			return None
		self.record(kind, time.perf_counter() - start, response)
		return response

	def take_write(self) -> bool:
		with self.lock:
			if self.written >= self.posts:
				return False
			self.written += 1
			return True

	def writer(self, number: int) -> None:
		import requests

		rnd = random.Random(number)
		branch = self.fixture["branches"][number % len(self.fixture["branches"])]
		session = requests.Session()
		session.headers.update(site_headers(self.site, branch["token"]))
		period, items = self.fixture["period"], self.fixture["items"]
		while not self.stop.is_set() and self.take_write():
			if rnd.randrange(SHEET_SHARE) == 0:
				members = rnd.sample(branch["members"], SHEET_ROWS)
				item = rnd.choice(items)
				self.call(
					session,
					"sheet",
					"POST",
					"/api/resource/Quantification Sheet",
					json={
						"party_branch": branch["branch"],
						"assessment_period": period,
						"docstatus": 1,
						"entries": [
							{"member": m, "scoring_item": item["code"], "occurrences": 1} for m in members
						],
					},
				)
			else:
				item, key = rnd.choice(items), uuid.uuid4().hex
				entry = {
					"member": rnd.choice(branch["members"]),
					"assessment_period": period,
					"scoring_item": item["code"],
					"points": item["points"],
					"remarks": f"load {key[:8]}",
					"request_id": f"load-{key}",
				}
				response = self.call(
					session, "entry", "POST", "/api/resource/Points Ledger Entry", json=entry
				)
				if response is None or response.status_code == 508:
					# Busy, or the answer was lost: sent again with its key, it cannot post twice.
					response = self.call(
						session, "entry retried", "POST", "/api/resource/Points Ledger Entry", json=entry
					)
				if response is not None and response.ok:
					with self.lock:
						self.posted_names.append(response.json()["data"]["name"])

	def reader(self, number: int) -> None:
		import requests

		reader = self.fixture["readers"][number % len(self.fixture["readers"])]
		session = requests.Session()
		session.headers.update(site_headers(self.site, reader["token"]))
		filters = json.dumps([["member", "=", reader["member"]]])
		fields = json.dumps(["name", "daily_conduct", "evaluation_points", "reward_points", "stage"])
		while not self.stop.is_set():
			self.call(
				session,
				"read score",
				"GET",
				"/api/resource/Member Score",
				params={"filters": filters, "fields": fields},
			)
			self.call(session, "read /points", "GET", "/points", headers={"Accept": "text/html"})
			time.sleep(0.2)

	def committee(self) -> None:
		import requests

		session = requests.Session()
		session.headers.update(site_headers(self.site, self.fixture["committee"]))
		while not self.stop.wait(self.close_every):
			self.call(
				session,
				"trigger close",
				"POST",
				"/api/method/run_doc_method",
				json={"dt": "Assessment Period", "dn": self.fixture["period"], "method": "rebuild_scores"},
			)

	def run(self) -> dict:
		threads = [threading.Thread(target=self.writer, args=(n,)) for n in range(self.writers)]
		threads += [threading.Thread(target=self.reader, args=(n,), daemon=True) for n in range(READERS)]
		threads.append(threading.Thread(target=self.committee, daemon=True))
		start = time.perf_counter()
		for thread in threads:
			thread.start()
		deadline = start + self.duration
		for thread in threads[: self.writers]:
			thread.join(max(0.0, deadline - time.perf_counter()))
		self.stop.set()
		for thread in threads:
			thread.join(130)
		elapsed = time.perf_counter() - start
		return self.summary(elapsed)

	def summary(self, elapsed: float) -> dict:
		def pct(values: list[float], q: float) -> float | None:
			if not values:
				return None
			values = sorted(values)
			return round(values[min(len(values) - 1, int(q * len(values)))] * 1000)

		kinds = {}
		for kind in sorted(self.counts):
			ok = self.samples[kind]
			kinds[kind] = {
				"requests": self.counts[kind],
				"ok": len(ok),
				"per_s": round(len(ok) / elapsed, 1),
				"p50_ms": pct(ok, 0.5),
				"p95_ms": pct(ok, 0.95),
				"mean_ms": round(statistics.mean(ok) * 1000) if ok else None,
			}
		writes_ok = len(self.samples["entry"]) + len(self.samples["sheet"])
		return {
			"writers": self.writers,
			"seconds": round(elapsed, 1),
			"writes_ok": writes_ok,
			"writes_per_s": round(writes_ok / elapsed, 1),
			"kinds": kinds,
			"errors": {f"{k}: {e}": n for (k, e), n in sorted(self.errors.items())},
			"server_errors": sum(n for (_k, e), n in self.errors.items() if e.startswith("HTTP 5")),
		}


# The proof -----------------------------------------------------------------------------------------------


def innodb_deadlocks(site: str) -> int:
	"""The server's deadlock counter (all databases: other sites on the server count too)."""
	import frappe

	connect(site)
	try:
		return int(frappe.db.sql("show global status like 'Innodb_deadlocks'")[0][1])
	finally:
		frappe.destroy()


def latest_deadlock(site: str) -> str:
	import frappe

	connect(site)
	try:
		status = frappe.db.sql("show engine innodb status")[0][2]
	except Exception as error:  # the site's database user usually lacks the PROCESS privilege
		return (
			f"(not readable as the site's user: {error}; run SHOW ENGINE INNODB STATUS as the database root)"
		)
	finally:
		frappe.destroy()
	start = status.find("LATEST DETECTED DEADLOCK")
	if start < 0:
		return ""
	end = status.find("------------\nTRANSACTIONS", start)
	return status[start:end]


def verify(site: str, fixture: dict, posted: list[str]) -> dict:
	"""Every score equals a full rebuild from the ledger; every sheet posted wholly or not at all."""
	import frappe

	from party_points import scores

	connect(site)
	try:
		period = fixture["period"]
		mismatches = scores.rebuild_period(period, own_transaction=False)
		frappe.db.rollback()
		sheets = frappe.db.sql(
			"""select s.name, s.docstatus, (select coalesce(sum(e.occurrences), 0) from `tabQuantification Sheet Entry` e
				where e.parent = s.name and e.parenttype = 'Quantification Sheet') expected,
				(select count(*) from `tabPoints Ledger Entry` l where l.source_doctype = 'Quantification Sheet'
				and l.source_name = s.name) posted
			from `tabQuantification Sheet` s where s.assessment_period = %s""",
			period,
			as_dict=True,
		)
		half = [s.name for s in sheets if s.posted != (s.expected if s.docstatus == 1 else 0)]
		found = set(
			frappe.get_all("Points Ledger Entry", filters={"name": ("in", posted or [""])}, pluck="name")
		)
		return {
			"scores_differing_from_a_rebuild": mismatches,
			"sheets_half_written": len(half),
			"acknowledged_posts_missing": len(set(posted) - found),
			"ledger_entries_in_period": frappe.db.count("Points Ledger Entry", {"assessment_period": period}),
		}
	finally:
		frappe.destroy()


def closes_run(logs: Path) -> int:
	"""How many quarter closes the worker has finished (its log says "Job OK (<site>::party_points:rebuild:...)")."""
	log = logs / "worker.log"
	if not log.exists():
		return 0
	return sum(
		"Job OK" in line and "party_points:rebuild:" in line
		for line in log.read_text(errors="replace").splitlines()
	)


def wait_idle(site: str, timeout: float = 300) -> bool:
	deadline = time.time() + timeout
	while time.time() < deadline:
		if queue_idle(site):
			return True
		time.sleep(2)
	return False


def print_round(result: dict) -> None:
	print(
		f"\n== {result['writers']} writers: {result['writes_ok']} writes in {result['seconds']} s, {result['writes_per_s']}/s"
	)
	print(f"   {'kind':<14}{'requests':>9}{'ok':>7}{'/s':>7}{'p50 ms':>8}{'p95 ms':>8}")
	for kind, k in result["kinds"].items():
		print(
			f"   {kind:<14}{k['requests']:>9}{k['ok']:>7}{k['per_s']:>7}{k['p50_ms'] or '-':>8}{k['p95_ms'] or '-':>8}"
		)
	print(f"   errors: {result['errors'] or 'none'}; server errors (5xx): {result['server_errors']}")
	print(f"   closes the worker ran: {result['closes_run']}; queue drained: {result['queue_drained']}")
	print(f"   deadlocks the server counted (all databases): {result['innodb_deadlocks']}")
	print(f"   proof: {result['proof']}", flush=True)


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("command", nargs="?", default="run", choices=("run", "worker"))
	parser.add_argument("--site", required=True)
	parser.add_argument(
		"--writers", default="8,16,32", help="concurrent recorders per round, comma-separated"
	)
	parser.add_argument("--posts", type=int, default=600, help="writes per round (at most)")
	parser.add_argument("--duration", type=float, default=180, help="seconds per round (at most)")
	parser.add_argument("--gunicorn-workers", type=int, default=4)
	parser.add_argument("--port", type=int, default=8019)
	parser.add_argument("--redis-port", type=int, default=11319)
	parser.add_argument("--close-every", type=float, default=5.0, help="seconds between close triggers")
	parser.add_argument("--logs", default="../logs/party_points_load")
	parser.add_argument("--json", help="write the results here")
	args = parser.parse_args()
	if args.command == "worker":
		run_worker(args.site)
		return
	if not Path(args.site, "site_config.json").exists():
		raise SystemExit(f"no site {args.site} here; run from the bench's sites folder")
	fixture = setup(args.site)
	results = []
	with Servers(args.site, args.port, args.gunicorn_workers, args.redis_port, Path(args.logs)):
		for writers in [int(w) for w in args.writers.split(",")]:
			before, closes = innodb_deadlocks(args.site), closes_run(Path(args.logs))
			load = Load(args.site, args.port, fixture, writers, args.posts, args.duration, args.close_every)
			result = load.run()
			result["queue_drained"] = wait_idle(args.site)
			result["innodb_deadlocks"] = innodb_deadlocks(args.site) - before
			result["closes_run"] = closes_run(Path(args.logs)) - closes
			result["proof"] = verify(args.site, fixture, load.posted_names)
			if result["innodb_deadlocks"]:
				result["latest_deadlock"] = latest_deadlock(args.site)
			print_round(result)
			results.append(result)
	if args.json:
		Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
	bad = [
		r["writers"]
		for r in results
		if r["server_errors"]
		or any(
			r["proof"][k]
			for k in ("scores_differing_from_a_rebuild", "sheets_half_written", "acknowledged_posts_missing")
		)
	]
	if bad:
		print(f"\nserver errors or inconsistent data with {bad} writers")
		sys.exit(1)


if __name__ == "__main__":
	main()
