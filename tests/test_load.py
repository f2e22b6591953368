"""The load test's own arithmetic (benchmarks/load.py): what it counts as an error and how it reports latency."""

import importlib.util
from pathlib import Path

LOAD = Path(__file__).resolve().parent.parent / "benchmarks" / "load.py"


def load_module():
	spec = importlib.util.spec_from_file_location("party_points_load", LOAD)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module


class Response:
	def __init__(self, status: int, exc_type: str | None = None) -> None:
		self.status_code, self.ok, self.exc_type = status, status < 400, exc_type

	def json(self) -> dict:
		if self.exc_type is None:
			raise ValueError("not JSON")
		return {"exc_type": self.exc_type}


def run_of(samples: list[tuple[str, float, Response | None, str | None]]) -> dict:
	load = load_module().Load("s", 1, {}, writers=2, posts=10, duration=1, close_every=1)
	for kind, seconds, response, error in samples:
		load.record(kind, seconds, response, error)
	return load.summary(elapsed=10.0)


def test_latency_percentiles_come_from_the_successful_requests_only():
	summary = run_of(
		[("entry", s / 100, Response(200), None) for s in range(1, 101)]
		+ [("entry", 9.0, Response(508, "DatabaseBusyError"), None)]
	)
	entry = summary["kinds"]["entry"]
	assert (entry["requests"], entry["ok"]) == (101, 100)
	assert (entry["p50_ms"], entry["p95_ms"]) == (510, 960)
	assert summary["writes_ok"] == 100 and summary["writes_per_s"] == 10.0


def test_errors_are_counted_by_kind_and_type_and_5xx_are_server_errors():
	summary = run_of(
		[
			("entry", 0.1, Response(500, "QueryDeadlockError"), None),
			("entry", 0.1, Response(508, "DatabaseBusyError"), None),
			("sheet", 0.1, Response(417, "PointsInputError"), None),
			("sheet", 0.1, Response(502), None),
			("read score", 0.1, None, "ConnectionError"),
		]
	)
	assert summary["errors"] == {
		"entry: HTTP 500 QueryDeadlockError": 1,
		"entry: HTTP 508 DatabaseBusyError": 1,
		"read score: ConnectionError": 1,
		"sheet: HTTP 417 PointsInputError": 1,
		"sheet: HTTP 502": 1,
	}
	assert summary["server_errors"] == 3
	assert summary["writes_ok"] == 0
