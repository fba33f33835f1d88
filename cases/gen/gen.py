#!/usr/bin/env python3
"""Generator of prototype case files for jobtck (Python 3, standard library only).

Writes prototype case files -- the case language of docs/case-language.md with each statement record
written as the bare directive `statement` and each query record as `query <types> [rowsort]`
and its SQL with no `----` part -- which `jobtck complete` turns into case files by running
them on the reference model:

    python3 cases/gen/gen.py --seed 2101 --out /tmp/proto
    build/jobtck complete --out cases/generated /tmp/proto

(scripts/regen.sh does both and compares with cases/generated/; --check makes it a test).

Four families, a few files each (at most a few thousand records a file):

  g1-single-<type>   every status x PAUSE/RESUME/CANCEL x user kind (root, an admin member,
                     a non-admin) x singular and plural forms, for one job type
  g2-bulk-<nn>       job sets of 1 to 200 jobs over several users, types and statuses;
                     selections on user_name, job_type, status and their combinations, the
                     documented PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name =
                     'maxroach') foremost; VALUES lists with duplicates, NULLs, missing ids
  g3-schema-<nn>     PAUSE/RESUME/CANCEL of SCHEMA CHANGE and ROLL BACK jobs, alone and in
                     bulk selections, with schema changes progressing and rolling back
  g4-walk-<nn>       statements of several sessions interleaved with the jobs' own progress
                     (fixture moves: pending -> running -> succeeded or failed) and new jobs

Everything follows from --seed: each file draws from its own random.Random seeded with
"<seed>:<file name>" (string seeds are hashed with SHA-512, so neither PYTHONHASHSEED nor
the platform changes them), and only randrange/random are used, whose algorithms are stable
across Python 3 versions. Every record is traced to the ids of docs/spec.md by `covers` lines.

A small shadow of the documented behaviour (status transitions, SCHEMA CHANGE and ROLL BACK,
privileges, all-or-nothing) follows the walks so that the jobs' own progress stays
plausible (only pending and running jobs progress) and selections can aim at jobs that can
be controlled. It never writes an expectation: the model is the oracle (jobtck complete).
"""

import argparse
import os
import random
import sys

DEFAULT_SEED = 2101
GENERATOR = "cases/gen/gen.py"

TYPES = ["IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"]
CONTROLLABLE_TYPES = ["IMPORT", "BACKUP", "RESTORE", "CHANGEFEED"]
STATUSES = ["pending", "running", "paused", "succeeded", "failed", "canceled"]
LIVE = ["pending", "running", "paused"]
OPS = ["PAUSE", "RESUME", "CANCEL"]
ADMINS = ["alice", "bob"]  # members of admin (root is one too)
NON_ADMINS = ["maxroach", "carol", "testuser"]  # testuser exists in every scenario
ERRORS = [
    "",
    "kafka down",
    'connection refused: "k:9092"',
    "disk full \\ retry later",
    "it's broken",
    "file nodelocal:///a.csv: no such file",
]
PAGE_ID = 27536791415282  # the id of the PAUSE JOB page's examples

# The documented transitions (docs/spec.md, section 4): the status a statement leaves, or None when
# it fails. Only for the shadow, which picks plausible moves; never for expectations.
TRANSITIONS = {
    ("pending", "PAUSE"): "paused",
    ("pending", "RESUME"): None,
    ("pending", "CANCEL"): "canceled",
    ("running", "PAUSE"): "paused",
    ("running", "RESUME"): "running",
    ("running", "CANCEL"): "canceled",
    ("paused", "PAUSE"): "paused",
    ("paused", "RESUME"): "running",
    ("paused", "CANCEL"): "canceled",
    ("succeeded", "PAUSE"): None,
    ("succeeded", "RESUME"): None,
    ("succeeded", "CANCEL"): None,
    ("failed", "PAUSE"): None,
    ("failed", "RESUME"): None,
    ("failed", "CANCEL"): None,
    ("canceled", "PAUSE"): None,
    ("canceled", "RESUME"): None,
    ("canceled", "CANCEL"): "canceled",
}


# ---- randomness --------------------------------------------------------------------------


class Rng:
    """random.Random with the few draws the generator uses (stable across Python 3)."""

    def __init__(self, seed, name):
        self.r = random.Random("%d:%s" % (seed, name))

    def below(self, n):
        return self.r.randrange(n)

    def between(self, lo, hi):
        return lo + self.r.randrange(hi - lo + 1)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.r.randrange(total)
        for value, w in pairs:
            if x < w:
                return value
            x -= w
        raise AssertionError("unreachable")

    def sample(self, seq, k):
        pool = list(seq)
        for i in range(min(k, len(pool))):
            j = i + self.r.randrange(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def shuffled(self, seq):
        return self.sample(seq, len(seq))


# ---- SQL text ----------------------------------------------------------------------------


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def fixture_value(s):
    """A value of a fixture line: bare when it can be, else SQL-quoted."""
    if s == "" or any(c in s for c in " \t'"):
        return sql_str(s)
    return s


def describe(typ, n, rollback=False):
    """A plausible description of a job of that type (the statement that started it)."""
    if typ == "IMPORT":
        return "IMPORT TABLE db.t%d CSV DATA ('nodelocal:///t%d.csv')" % (n, n)
    if typ == "BACKUP":
        return "BACKUP db.* TO 'azure://backup/db%d'" % n
    if typ == "RESTORE":
        return "RESTORE db.* FROM 'azure://backup/db/tbl%d'" % n
    if typ == "CHANGEFEED":
        return "CREATE CHANGEFEED FOR TABLE db.t%d INTO 'kafka://k:9092'" % n
    text = "ALTER TABLE db.t%d ADD COLUMN c%d INT" % (n, n)
    return "ROLL BACK " + text if rollback else text


# ---- conditions: SQL text with the predicate it stands for -------------------------------


class Cond:
    """A WHERE condition: its SQL and the jobs it selects (a predicate over shadow jobs)."""

    def __init__(self, sql, pred, stable=None, cols=()):
        self.sql = sql
        self.pred = pred
        # A condition that still selects the same jobs after the statement changes their
        # statuses (user, type, ids), for the check that follows; or None.
        self.stable = stable
        self.cols = frozenset(cols)

    def __and__(self, other):
        stable = self.stable if self.stable is not None else other.stable
        if self.stable is not None and other.stable is not None:
            stable = "%s AND %s" % (self.stable, other.stable)
        return Cond("%s AND %s" % (self.sql, other.sql),
                    lambda j, a=self.pred, b=other.pred: a(j) and b(j), stable,
                    self.cols | other.cols)

    def __or__(self, other):
        stable = None
        if self.stable is not None and other.stable is not None:
            stable = "(%s OR %s)" % (self.stable, other.stable)
        return Cond("(%s OR %s)" % (self.sql, other.sql),
                    lambda j, a=self.pred, b=other.pred: a(j) or b(j), stable,
                    self.cols | other.cols)

    def negate(self):
        stable = None if self.stable is None else "NOT (%s)" % self.stable
        return Cond("NOT (%s)" % self.sql, lambda j, a=self.pred: not a(j), stable, self.cols)


def c_user(u, op="="):
    if op == "=":
        return Cond("user_name = %s" % sql_str(u), lambda j: j.user == u,
                    "user_name = %s" % sql_str(u), ["user_name"])
    return Cond("user_name %s %s" % (op, sql_str(u)), lambda j: j.user != u,
                "user_name %s %s" % (op, sql_str(u)), ["user_name"])


def c_type(t):
    return Cond("job_type = %s" % sql_str(t), lambda j: j.type == t,
                "job_type = %s" % sql_str(t), ["job_type"])


def c_types(ts):
    lst = ", ".join(sql_str(t) for t in ts)
    return Cond("job_type IN (%s)" % lst, lambda j: j.type in ts, "job_type IN (%s)" % lst,
                ["job_type"])


def c_not_type(t):
    return Cond("job_type <> %s" % sql_str(t), lambda j: j.type != t,
                "job_type <> %s" % sql_str(t), ["job_type"])


def c_status(s):
    return Cond("status = %s" % sql_str(s), lambda j: j.status == s, None, ["status"])


def c_statuses(ss, negate=False):
    lst = ", ".join(sql_str(s) for s in ss)
    if negate:
        return Cond("status NOT IN (%s)" % lst, lambda j: j.status not in ss, None, ["status"])
    return Cond("status IN (%s)" % lst, lambda j: j.status in ss, None, ["status"])


def c_rollback(like=True):
    if like:
        return Cond("description LIKE 'ROLL BACK%'",
                    lambda j: j.desc.startswith("ROLL BACK"),
                    "description LIKE 'ROLL BACK%'", ["description"])
    return Cond("NOT description LIKE 'ROLL BACK%'",
                lambda j: not j.desc.startswith("ROLL BACK"),
                "NOT description LIKE 'ROLL BACK%'", ["description"])


def c_id_range(lo, hi):
    return Cond("job_id >= %d AND job_id < %d" % (lo, hi), lambda j: lo <= j.id < hi,
                "job_id >= %d AND job_id < %d" % (lo, hi), ["job_id"])


# ---- the shadow of the documented behaviour ----------------------------------------------


class Job:
    def __init__(self, jid, typ, status, user, desc, error):
        self.id = jid
        self.type = typ
        self.status = status
        self.user = user
        self.desc = desc
        self.error = error


class Shadow:
    """Statuses as docs/spec.md, section 4 says they go; only steers the generator."""

    def __init__(self):
        self.jobs = {}
        self.order = []

    def add(self, job):
        if job.id not in self.jobs:
            self.order.append(job.id)
        self.jobs[job.id] = job

    def all(self):
        return [self.jobs[i] for i in self.order]

    def select(self, pred):
        return [j.id for j in self.all() if pred(j)]

    def failing(self, op, ids):
        """The ids among ids (in order, NULLs skipped) whose control alone would fail."""
        out = []
        for i in ids:
            if i is None:
                continue
            j = self.jobs.get(i)
            if (j is None or
                    (j.type == "SCHEMA CHANGE" and
                     (op != "CANCEL" or j.desc.startswith("ROLL BACK"))) or
                    TRANSITIONS[(j.status, op)] is None):
                out.append(i)
        return out

    def apply(self, op, admin, ids, dry=False):
        """Runs op on ids in order (None: a NULL, skipped): all or nothing. True when it
        succeeds."""
        if not admin:
            return False
        work = {}
        for i in ids:
            if i is None:
                continue
            j = self.jobs.get(i)
            if j is None:
                return False
            if j.type == "SCHEMA CHANGE" and (op != "CANCEL" or j.desc.startswith("ROLL BACK")):
                return False
            to = TRANSITIONS[(work.get(i, j.status), op)]
            if to is None:
                return False
            work[i] = to
        if dry:
            return True
        for i, to in work.items():
            self.jobs[i].status = to
        return True


# ---- case files --------------------------------------------------------------------------


class CaseFile:
    """A prototype case file being written: records separated by blank lines."""

    def __init__(self, name, seed, family, about, profile="v2.1"):
        self.name = name
        self.out = []
        self.covers = None
        self.user = "root"
        self.statements = 0
        self.queries = 0
        self.out.append("# Generated by %s (family: %s), seed %d -- do not edit by hand." %
                        (GENERATOR, family, seed))
        self.out.append("# Regenerate: python3 %s --seed %d --out PROTO && "
                        "build/jobtck complete --out cases/generated PROTO" % (GENERATOR, seed))
        self.out.append("# (bash scripts/regen.sh does both; --check compares with "
                        "cases/generated/ instead).")
        for line in about:
            self.out.append("# " + line if line else "#")
        self.out.append("profile " + profile)

    def _record(self, lines):
        self.out.append("")
        self.out.extend(lines)

    def comment(self, text):
        self._record(["# " + text])

    def subtest(self, name):
        self._record(["subtest " + name])

    def cover(self, ids):
        ids = " ".join(sorted(set(ids)))
        if ids != self.covers:
            self._record(["covers " + ids])
            self.covers = ids

    def fixture_user(self, name, admin):
        self._record(["fixture user %s%s" % (name, " admin" if admin else "")])

    def fixture_job(self, job, user=True, desc=True, error=True):
        parts = ["fixture job id=%d" % job.id, "type=" + fixture_value(job.type),
                 "status=" + job.status]
        if user:
            parts.append("user=" + fixture_value(job.user))
        if desc and job.desc:
            parts.append("description=" + fixture_value(job.desc))
        if error and job.error:
            parts.append("error=" + fixture_value(job.error))
        self._record([" ".join(parts)])

    def move(self, job, status, error=None):
        """The job's own progress: a later fixture for the same id."""
        parts = ["fixture job id=%d" % job.id, "type=" + fixture_value(job.type),
                 "status=" + status]
        if error:
            parts.append("error=" + fixture_value(error))
        self._record([" ".join(parts)])

    def as_user(self, user):
        if user != self.user:
            self._record(["user " + user])
            self.user = user

    def statement(self, sql, covers):
        self.cover(covers)
        self._record(["statement"] + sql.split("\n"))
        self.statements += 1

    def query(self, types, sql, covers, sort="rowsort"):
        self.cover(covers)
        self._record(["query %s%s" % (types, " " + sort if sort else "")] + sql.split("\n"))
        self.queries += 1

    def text(self):
        return "\n".join(self.out) + "\n"


# ---- statement forms ---------------------------------------------------------------------


def single_form(rng, op, jid):
    """`op JOB e`: the singular form, in one of its documented spellings."""
    return rng.weighted([
        ("%s JOB %d" % (op, jid), 6),
        ("%s JOB %d;" % (op, jid), 2),
        ("%s job %d" % (op.lower(), jid), 1),
        ("%s JOB '%d'" % (op, jid), 1),
        ("%s JOB %d::INT" % (op, jid), 1),
        ("%s JOB (SELECT %d)" % (op, jid), 1),
    ])


def plural_form(rng, op, jid):
    """`op JOBS select`: the plural form over one id."""
    return rng.weighted([
        ("%s JOBS VALUES (%d)" % (op, jid), 3),
        ("%s JOBS SELECT %d" % (op, jid), 2),
        ("%s JOBS (SELECT job_id FROM [SHOW JOBS] WHERE job_id = %d)" % (op, jid), 3),
        ("%s JOBS SELECT id FROM system.jobs WHERE id = %d" % (op, jid), 1),
        ("%s JOBS SELECT job_id FROM crdb_internal.jobs WHERE job_id = %d" % (op, jid), 1),
        ("%s JOBS (VALUES (%d))" % (op, jid), 1),
    ])


def documented_bulk(rng, op, user):
    """The page's example 2, as documented (on two lines) or on one line."""
    if rng.chance(0.5):
        return "%s JOBS (SELECT job_id FROM [SHOW JOBS]\n      WHERE user_name = %s);" % (
            op, sql_str(user))
    return "%s JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = %s)" % (op, sql_str(user))


def selection_sql(rng, cond, order=None):
    """SELECT job_id FROM a source WHERE cond [ORDER BY job_id … LIMIT k]."""
    if cond.cols <= frozenset(["job_id", "status"]) and rng.chance(0.2):
        col, source = "id", "system.jobs"
        where = cond.sql.replace("job_id", "id")
    else:
        col = "job_id"
        source = rng.weighted([("[SHOW JOBS]", 8), ("crdb_internal.jobs", 2)])
        where = cond.sql
    sql = "SELECT %s FROM %s WHERE %s" % (col, source, where)
    if order:
        desc, limit = order
        sql += " ORDER BY %s%s LIMIT %d" % (col, " DESC" if desc else "", limit)
    return sql


def ids_in(ids):
    return ", ".join(str(i) for i in ids)


def values_list(rng, shadow, missing_id):
    """A VALUES list over existing ids with duplicates, NULLs and missing ids; the list of
    ids (None for NULL) and its SQL."""
    existing = shadow.order
    n = rng.between(1, min(8, max(1, len(existing))))
    items = rng.sample(existing, n) if existing else []
    if items and rng.chance(0.4):
        items.insert(rng.below(len(items) + 1), rng.pick(items))  # a duplicate
    if rng.chance(0.35):
        items.insert(rng.below(len(items) + 1), None)  # a NULL
    if rng.chance(0.25) or not items:
        items.insert(rng.below(len(items) + 1), missing_id)  # no such job
    if all(i is None for i in items):
        return items, "VALUES (NULL::INT)"
    return items, "VALUES " + ", ".join("(NULL)" if i is None else "(%d)" % i for i in items)


# ---- ids ---------------------------------------------------------------------------------


class Ids:
    """Unique job ids of one file: small ones in order, and 64-bit ones (PJ-ID)."""

    def __init__(self, rng, start=1, large=0.2):
        self.rng = rng
        self.next = start
        self.large = large
        self.used = set()

    def new(self, large=None):
        if large is None:
            large = self.rng.chance(self.large)
        while True:
            if large:
                jid = self.rng.pick([
                    self.rng.between(2 ** 32, 2 ** 48),
                    self.rng.between(2 ** 48, 2 ** 63 - 1),
                    2 ** 32 + self.rng.below(1000),
                    2 ** 63 - 1 - self.rng.below(1000),
                ])
            else:
                jid = self.next
                self.next += 1
            if jid not in self.used:
                self.used.add(jid)
                return jid

    def missing(self):
        """An id no job has."""
        while True:
            jid = self.rng.pick([self.next + 1000 + self.rng.below(1000), 2 ** 40 + self.rng.below(2 ** 20)])
            if jid not in self.used:
                return jid


def id_covers(ids):
    return ["PJ-ID"] if any(i is not None and i >= 2 ** 32 for i in ids) else []


def op_covers(op):
    return ["PJ-RESUME"] if op == "RESUME" else []


# ---- family 1: single job ----------------------------------------------------------------


def gen_single(seed, typ):
    slug = typ.lower().replace(" ", "-")
    name = "g1-single-%s.test" % slug
    rng = Rng(seed, name)
    f = CaseFile(name, seed, "single job", [
        "",
        "One %s job at a time in every status, each controlled once by PAUSE, RESUME or" % typ,
        "CANCEL, by root, by an admin member (alice) or by a non-admin (maxroach, carol,",
        "testuser), in the singular form (`X JOB id` and its spellings) and the plural one",
        "(`X JOBS select` over that id); then its status as root. docs/spec.md, sections 3 and 4.",
    ])
    ids = Ids(rng, start=1, large=0.25)
    f.cover(["PJ-PRIV"])
    f.subtest("single_users")
    for u in ADMINS:
        f.fixture_user(u, True)
    for u in NON_ADMINS:
        if u != "testuser":
            f.fixture_user(u, False)
    rollbacks = [False, True] if typ == "SCHEMA CHANGE" else [False]
    n = 0
    for status in STATUSES:
        for op in OPS:
            for kind in ["root", "admin", "nonadmin"]:
                for form in ["singular", "plural"]:
                    for rollback in rollbacks:
                        n += 1
                        page = (typ == "RESTORE" and status == "running" and op == "PAUSE" and
                                kind == "root" and form == "singular")
                        jid = PAGE_ID if page else ids.new()
                        ids.used.add(jid)
                        owner = rng.pick(["root", "maxroach", "alice", "testuser", "carol"])
                        error = rng.pick(ERRORS) if status == "failed" else ""
                        desc = describe(typ, n, rollback)
                        if page:
                            desc = "RESTORE db.* FROM 'azure://backup/db/tbl'"
                        job = Job(jid, typ, status, owner, desc, error)
                        user = {"root": "root", "admin": "alice",
                                "nonadmin": rng.pick(NON_ADMINS)}[kind]
                        sub = "%s_%s_%s_%s%s" % (op.lower(), status, kind, form,
                                                 "_rollback" if rollback else "")
                        covers = ["PJ-STATES", "PJ-TYPES"] + op_covers(op) + id_covers([jid])
                        if typ == "SCHEMA CHANGE":
                            covers.append("PJ-NOSCHEMA")
                        if kind == "nonadmin":
                            covers.append("PJ-PRIV")
                        if form == "plural":
                            covers.append("PJ-BULK")
                        if page:
                            covers.append("PJ-EX-SINGLE")
                        f.subtest(sub)
                        f.cover(covers)
                        # Half the time the job gets there by its own progress.
                        path = {"running": ["pending"], "paused": ["pending", "running"],
                                "succeeded": ["pending", "running"],
                                "failed": ["pending", "running"],
                                "canceled": ["running"]}.get(status, [])
                        if path and rng.chance(0.5):
                            for i, s in enumerate(path):
                                f.fixture_job(Job(jid, typ, s, owner, desc, ""),
                                              desc=i == 0 and rng.chance(0.8))
                            f.move(job, status, error)
                        else:
                            f.fixture_job(job, user=owner != "root" or rng.chance(0.5),
                                          desc=rng.chance(0.8) or rollback or page)
                        f.as_user(user)
                        if page:
                            sql = "PAUSE JOB %d;" % jid
                        elif form == "singular":
                            sql = single_form(rng, op, jid)
                        else:
                            sql = plural_form(rng, op, jid)
                        if form == "singular" and sql.split()[2].startswith(("'", "(")):
                            covers = covers + ["PJ-SYNTAX"]
                        f.statement(sql, covers)
                        f.as_user("root")
                        f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %d" %
                                jid, covers, sort=None)
    return f


# ---- family 2: bulk by user --------------------------------------------------------------


def add_jobs(f, rng, shadow, ids, n, users, types, statuses, counter):
    for _ in range(n):
        counter[0] += 1
        typ = rng.weighted(types)
        status = rng.weighted(statuses)
        rollback = typ == "SCHEMA CHANGE" and rng.chance(0.3)
        job = Job(ids.new(), typ, status, rng.weighted(users), describe(typ, counter[0], rollback),
                  rng.pick(ERRORS[1:]) if status == "failed" and rng.chance(0.7) else "")
        shadow.add(job)
        f.fixture_job(job, user=job.user != "root" or rng.chance(0.3),
                      desc=rollback or rng.chance(0.6))


def random_cond(rng, shadow, users, schema=False):
    """A condition over the columns a bulk selection uses, and its kind."""
    jobs = shadow.all()
    u = rng.pick(users)
    t = rng.pick(TYPES if schema else CONTROLLABLE_TYPES + ["SCHEMA CHANGE"])
    s = rng.pick(STATUSES)
    kind = rng.weighted([("user", 5), ("user_status", 5), ("user_type", 3), ("type", 3),
                         ("type_status", 3), ("types", 2), ("status", 2), ("not_user", 2),
                         ("or", 2), ("not", 1), ("ids", 1), ("rollback", 2 if schema else 0)])
    if kind == "user":
        return c_user(u)
    if kind == "user_status":
        return c_user(u) & (c_statuses(LIVE) if rng.chance(0.6) else c_status(s))
    if kind == "user_type":
        return c_user(u) & c_type(t)
    if kind == "type":
        return c_type(t)
    if kind == "type_status":
        return c_type(t) & (c_statuses(LIVE) if rng.chance(0.5) else c_status(s))
    if kind == "types":
        return c_types(rng.sample(TYPES, rng.between(2, 3)))
    if kind == "status":
        return c_status(s) if rng.chance(0.5) else c_statuses(rng.sample(STATUSES, 2))
    if kind == "not_user":
        return c_user(u, rng.pick(["<>", "!="])) & c_statuses(LIVE)
    if kind == "or":
        return (c_user(u) | c_user(rng.pick(users))) & c_statuses(LIVE)
    if kind == "not":
        return c_user(u) & c_statuses(["succeeded", "failed", "canceled"], negate=True)
    if kind == "rollback":
        return c_type("SCHEMA CHANGE") & c_rollback(rng.chance(0.5))
    ids_sorted = sorted(j.id for j in jobs)
    lo = rng.pick(ids_sorted) if ids_sorted else 1
    return c_id_range(lo, lo + rng.between(1, 10))


def bulk_candidate(rng, shadow, ids, users, op, schema):
    """One bulk statement drawn at random: (sql, selection SQL or None, ids selected in
    order, condition to check afterwards or None, extra covers)."""
    shape = rng.weighted([("documented", 4), ("select", 9), ("limit", 2), ("values", 3)])
    if shape == "documented":
        owner = "maxroach" if rng.chance(0.7) else rng.pick(users)
        sql = documented_bulk(rng, op, owner)
        sel = "SELECT job_id FROM [SHOW JOBS] WHERE user_name = %s" % sql_str(owner)
        return (sql, sel, shadow.select(lambda j: j.user == owner),
                "user_name = %s" % sql_str(owner), ["PJ-EX-BULK"], False)
    if shape in ("select", "limit"):
        cond = random_cond(rng, shadow, users, schema)
        # aimed at jobs that can be controlled, at times
        if rng.chance(0.4) and "status" not in cond.cols:
            cond = cond & c_statuses(LIVE)
        if op != "CANCEL" and rng.chance(0.3) and "job_type" not in cond.cols:
            cond = cond & c_not_type("SCHEMA CHANGE")
        order = None
        if shape == "limit":
            order = (rng.chance(0.5), rng.between(1, 5))
        sel = selection_sql(rng, cond, order)
        paren = rng.chance(0.5)
        sql = "%s JOBS %s%s%s" % (op, "(" if paren else "", sel, ")" if paren else "")
        selected = shadow.select(cond.pred)
        if order:
            selected = sorted(selected, reverse=order[0])[:order[1]]
        extra = ["PJ-NOSCHEMA"] if "ROLL BACK" in cond.sql or "SCHEMA CHANGE" in cond.sql else []
        return sql, sel, selected, cond.stable, extra, order is not None
    selected, values = values_list(rng, shadow, ids.missing())
    paren = rng.chance(0.3)
    sql = "%s JOBS %s%s%s" % (op, "(" if paren else "", values, ")" if paren else "")
    return sql, None, selected, None, [], True


def bulk_statement(f, rng, shadow, ids, users, op, session, schema=False):
    """One bulk statement, and the statuses of the jobs it selects. Most of the time (when
    an admin runs it) the shadow picks, among a few drawn, one that selects jobs, and one
    that succeeds; the others test the failures."""
    admin = session == "root" or session in ADMINS
    covers = ["PJ-BULK", "PJ-ATOMIC", "PJ-STATES"] + op_covers(op)
    if not admin:
        covers.append("PJ-PRIV")
    want = rng.weighted([("success", 8), ("nonempty", 2), ("any", 1)]) if admin else "any"
    for attempt in range(1000):
        sql, sel, selected, check, extra, ordered = bulk_candidate(rng, shadow, ids, users, op,
                                                                   schema)
        real = [i for i in selected if i is not None]
        # Without ORDER BY a selection's rows come in no documented order: when two of its
        # jobs would fail, which error comes first is not for a case to say. Not drawn.
        if admin and not ordered and len(shadow.failing(op, selected)) > 1:
            continue
        if want == "any" or attempt >= 29:
            break
        if want == "nonempty" and real:
            break
        if want == "success" and real and shadow.apply(op, True, selected, dry=True):
            break
    assert not admin or ordered or len(shadow.failing(op, selected)) <= 1, "no unambiguous draw"
    covers += extra
    covers += id_covers(selected)
    if any(shadow.jobs[i].type == "SCHEMA CHANGE" for i in selected if i in shadow.jobs):
        covers.append("PJ-NOSCHEMA")
    if rng.chance(0.15) and sel is not None and admin:
        f.as_user(session)
        f.query("I", sel, covers,
                sort="rowsort" if "ORDER BY" not in sel else "nosort")
    f.as_user(session)
    f.statement(sql, covers)
    shadow.apply(op, admin, selected)
    f.as_user("root")
    # the statuses of the jobs it selected (or of those its condition still selects)
    real = sorted(set(i for i in selected if i is not None and i in shadow.jobs))
    if real and (len(real) <= 15 or check is None):
        check = "job_id IN (%s)" % ids_in(real)
    if check is not None:
        f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE " + check, covers)
    return selected


def full_check(f, covers, wide=False):
    f.as_user("root")
    if wide:
        f.query("ITTT", "SELECT job_id, user_name, job_type, status FROM [SHOW JOBS]",
                covers + ["PJ-SHOW"])
    else:
        f.query("IT", "SELECT job_id, status FROM [SHOW JOBS]", covers + ["PJ-SHOW"])


def gen_bulk(seed, index, njobs, steps):
    name = "g2-bulk-%02d.test" % index
    rng = Rng(seed, name)
    f = CaseFile(name, seed, "bulk by user", [
        "",
        "A set of %d jobs over several users, types and statuses, then %d bulk statements:" %
        (njobs, steps),
        "PAUSE/RESUME/CANCEL JOBS over selections on user_name, job_type and status (the",
        "page's `PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')`",
        "foremost), ORDER BY … LIMIT, and VALUES lists with duplicates, NULLs and missing",
        "ids; each run by root, an admin member or a non-admin, and followed by the statuses",
        "of the jobs it selects. docs/spec.md, sections 3 and 4 (PJ-BULK, PJ-ATOMIC).",
    ])
    ids = Ids(rng, start=rng.pick([1, 100, 1000]), large=rng.pick([0.0, 0.1, 0.3]))
    shadow = Shadow()
    users = ["maxroach", "root", "alice", "carol", "testuser"]
    weights = [("maxroach", 7), ("root", 4), ("alice", 3), ("carol", 3), ("testuser", 3)]
    sc = rng.pick([0, 0, 1, 3])
    types = [("IMPORT", 6), ("BACKUP", 6), ("RESTORE", 6), ("CHANGEFEED", 4),
             ("SCHEMA CHANGE", sc)]
    statuses = [("pending", 4), ("running", 10), ("paused", 5), ("succeeded", 3),
                ("failed", 2), ("canceled", 2)]
    if rng.chance(0.3):  # a set where only live jobs are: the documented sentence holds
        statuses = [("pending", 3), ("running", 10), ("paused", 4)]
    f.subtest("bulk_setup")
    f.cover(["PJ-BULK", "PJ-SHOW"])
    f.fixture_user("maxroach", False)
    f.fixture_user("carol", False)
    f.fixture_user("alice", True)
    add_jobs(f, rng, shadow, ids, njobs, weights, types, statuses, [0])
    full_check(f, ["PJ-BULK"], wide=True)
    for step in range(steps):
        if step % 25 == 0:
            f.subtest("bulk_steps_%d" % (step // 25 + 1))
        op = rng.weighted([("PAUSE", 9), ("RESUME", 7), ("CANCEL", 2)])
        if step == 0:
            op = "PAUSE"
        session = rng.weighted([("root", 14), ("alice", 4), ("maxroach", 2), ("testuser", 1)])
        bulk_statement(f, rng, shadow, ids, users, op, session)
        if step % 10 == 9 and njobs <= 60:
            full_check(f, ["PJ-BULK", "PJ-ATOMIC"])
    full_check(f, ["PJ-BULK", "PJ-ATOMIC"], wide=True)
    return f


# ---- family 3: schema changes ------------------------------------------------------------


def gen_schema(seed, index, steps):
    name = "g3-schema-%02d.test" % index
    rng = Rng(seed, name)
    f = CaseFile(name, seed, "schema changes", [
        "",
        "SCHEMA CHANGE jobs, some of them `ROLL BACK …` jobs, next to jobs of the other types:",
        "PAUSE and RESUME are refused whatever the status; CANCEL follows the transition",
        "table except for ROLL BACK jobs; alone and inside bulk selections, where one of them",
        "makes the whole statement fail (PJ-NOSCHEMA, PJ-ATOMIC). Schema changes progress,",
        "and a failed one is followed by its ROLL BACK job, as CockroachDB does.",
    ])
    ids = Ids(rng, start=rng.pick([1, 500]), large=0.15)
    shadow = Shadow()
    users = ["root", "maxroach", "alice", "carol"]
    f.subtest("schema_setup")
    f.cover(["PJ-NOSCHEMA", "PJ-SHOW"])
    f.fixture_user("maxroach", False)
    f.fixture_user("carol", False)
    f.fixture_user("alice", True)
    counter = [0]
    # every status of a schema change and of its rollback, and a few other jobs
    for status in STATUSES:
        for rollback in (False, True):
            counter[0] += 1
            job = Job(ids.new(), "SCHEMA CHANGE", status, rng.pick(users),
                      describe("SCHEMA CHANGE", counter[0], rollback),
                      rng.pick(ERRORS[1:]) if status == "failed" else "")
            shadow.add(job)
            f.fixture_job(job, user=job.user != "root")
    add_jobs(f, rng, shadow, ids, rng.between(4, 12),
             [(u, 1) for u in users], [(t, 1) for t in CONTROLLABLE_TYPES],
             [("pending", 1), ("running", 3), ("paused", 2), ("succeeded", 1)], counter)
    full_check(f, ["PJ-NOSCHEMA"], wide=True)
    f.subtest("schema_single")
    for job in list(shadow.all()):
        if job.type != "SCHEMA CHANGE":
            continue
        for op in OPS:
            covers = ["PJ-NOSCHEMA", "PJ-STATES"] + op_covers(op) + id_covers([job.id])
            form = rng.pick(["singular", "plural"])
            sql = single_form(rng, op, job.id) if form == "singular" else plural_form(
                rng, op, job.id)
            f.statement(sql, covers + (["PJ-BULK"] if form == "plural" else []))
            shadow.apply(op, True, [job.id])
            f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %d" % job.id,
                    covers, sort=None)
    for step in range(steps):
        if step % 20 == 0:
            f.subtest("schema_walk_%d" % (step // 20 + 1))
        what = rng.weighted([("bulk", 6), ("single", 3), ("progress", 3), ("new", 1)])
        live_sc = [j for j in shadow.all() if j.type == "SCHEMA CHANGE" and
                   j.status in ("pending", "running")]
        if what == "progress" and live_sc:
            job = rng.pick(live_sc)
            covers = ["PJ-NOSCHEMA", "PJ-STATES"]
            f.cover(covers)
            if job.status == "pending":
                f.move(job, "running")
                job.status = "running"
            elif rng.chance(0.6) or job.desc.startswith("ROLL BACK"):
                f.move(job, "succeeded")
                job.status = "succeeded"
            else:
                err = rng.pick(ERRORS[1:])
                f.move(job, "failed", err)
                job.status = "failed"
                counter[0] += 1
                rb = Job(ids.new(), "SCHEMA CHANGE", "running", job.user,
                         "ROLL BACK " + job.desc, "")
                shadow.add(rb)
                f.fixture_job(rb, user=rb.user != "root")
            f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE job_type = 'SCHEMA "
                    "CHANGE' AND status IN ('pending', 'running')", covers)
        elif what == "new":
            counter[0] += 1
            job = Job(ids.new(), "SCHEMA CHANGE", rng.pick(["pending", "running"]),
                      rng.pick(users), describe("SCHEMA CHANGE", counter[0]), "")
            shadow.add(job)
            f.cover(["PJ-NOSCHEMA"])
            f.fixture_job(job, user=job.user != "root")
        elif what == "single":
            job = rng.pick([j for j in shadow.all() if j.type == "SCHEMA CHANGE"])
            op = rng.weighted([("PAUSE", 2), ("RESUME", 2), ("CANCEL", 3)])
            session = rng.weighted([("root", 6), ("alice", 2), ("carol", 1)])
            covers = ["PJ-NOSCHEMA", "PJ-STATES"] + op_covers(op) + id_covers([job.id])
            if session == "carol":
                covers.append("PJ-PRIV")
            f.as_user(session)
            f.statement(single_form(rng, op, job.id), covers)
            shadow.apply(op, session != "carol", [job.id])
            f.as_user("root")
            f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %d" % job.id,
                    covers, sort=None)
        else:
            op = rng.weighted([("PAUSE", 3), ("RESUME", 2), ("CANCEL", 4)])
            session = rng.weighted([("root", 8), ("alice", 2), ("maxroach", 1)])
            bulk_statement(f, rng, shadow, ids, users, op, session, schema=True)
    full_check(f, ["PJ-NOSCHEMA", "PJ-ATOMIC"], wide=True)
    return f


# ---- family 4: mixed walks ---------------------------------------------------------------


def gen_walk(seed, index, steps):
    name = "g4-walk-%02d.test" % index
    rng = Rng(seed, name)
    f = CaseFile(name, seed, "mixed walks", [
        "",
        "Statements from several sessions (root, admins alice and bob, non-admins maxroach,",
        "carol and testuser) interleaved with the jobs' own progress -- later fixtures that",
        "move a job pending -> running -> succeeded or failed -- and with new jobs. Single",
        "and bulk statements, each followed by the statuses they touch; SHOW JOBS as admins",
        "and non-admins. docs/spec.md, sections 2 to 6.",
    ])
    ids = Ids(rng, start=rng.pick([1, 10, 7000]), large=rng.pick([0.05, 0.2, 0.5]))
    shadow = Shadow()
    users = ["root", "alice", "bob", "maxroach", "carol", "testuser"]
    owners = [("maxroach", 5), ("root", 3), ("alice", 2), ("bob", 1), ("carol", 3),
              ("testuser", 2)]
    types = [("IMPORT", 5), ("BACKUP", 5), ("RESTORE", 5), ("CHANGEFEED", 4),
             ("SCHEMA CHANGE", rng.pick([0, 1, 2]))]
    statuses = [("pending", 5), ("running", 10), ("paused", 3), ("succeeded", 1),
                ("failed", 1), ("canceled", 1)]
    f.subtest("walk_setup")
    f.cover(["PJ-SHOW", "PJ-STATES"])
    f.fixture_user("alice", True)
    f.fixture_user("bob", True)
    f.fixture_user("maxroach", False)
    f.fixture_user("carol", False)
    counter = [0]
    add_jobs(f, rng, shadow, ids, rng.between(3, 30), owners, types, statuses, counter)
    full_check(f, ["PJ-STATES"], wide=True)
    for step in range(steps):
        if step % 30 == 0:
            f.subtest("walk_%d" % (step // 30 + 1))
        session = rng.weighted([("root", 10), ("alice", 6), ("bob", 4), ("maxroach", 2),
                                ("carol", 1), ("testuser", 1)])
        admin = session == "root" or session in ADMINS
        what = rng.weighted([("progress", 4), ("new", 1), ("single", 5), ("bulk", 4),
                             ("show", 1)])
        moving = [j for j in shadow.all() if j.status in ("pending", "running")]
        if what == "progress" and moving:
            job = rng.pick(moving)
            covers = ["PJ-STATES"]
            f.cover(covers)
            if job.status == "pending":
                to, err = "running", None
            elif rng.chance(0.7):
                to, err = "succeeded", None
            else:
                to, err = "failed", rng.pick(ERRORS)
            f.move(job, to, err)
            job.status = to
            if rng.chance(0.3):
                f.as_user(rng.pick(["root", "alice", "bob"]))
                f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %d" %
                        job.id, covers, sort=None)
        elif what == "new" or not shadow.order:
            add_jobs(f, rng, shadow, ids, rng.between(1, 3), owners, types,
                     [("pending", 3), ("running", 2)], counter)
        elif what == "single":
            # mostly a job that can still be controlled
            pool = [j for j in shadow.all() if j.status in LIVE] or shadow.all()
            if rng.chance(0.2):
                pool = shadow.all()
            job = rng.pick(pool)
            op = rng.weighted([("PAUSE", 4), ("RESUME", 4), ("CANCEL", 1)])
            covers = ["PJ-STATES", "PJ-TYPES"] + op_covers(op) + id_covers([job.id])
            if not admin:
                covers.append("PJ-PRIV")
            if job.type == "SCHEMA CHANGE":
                covers.append("PJ-NOSCHEMA")
            if rng.chance(0.05):
                jid = ids.missing()
            else:
                jid = job.id
            f.as_user(session)
            f.statement(single_form(rng, op, jid) if rng.chance(0.7) else
                        plural_form(rng, op, jid), covers)
            shadow.apply(op, admin, [jid])
            f.as_user(rng.pick(["root", "alice", "bob"]) if rng.chance(0.3) else "root")
            f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %d" % job.id,
                    covers, sort=None)
        elif what == "bulk":
            op = rng.weighted([("PAUSE", 4), ("RESUME", 4), ("CANCEL", 1)])
            bulk_statement(f, rng, shadow, ids, users, op, session)
        else:
            f.as_user(session)
            covers = ["PJ-SHOW"] + ([] if admin else ["PJ-PRIV"])
            owner = rng.pick(users)
            f.query("IT", "SELECT job_id, status FROM [SHOW JOBS] WHERE user_name = %s" %
                    sql_str(owner), covers)
        if step % 80 == 79:
            full_check(f, ["PJ-STATES", "PJ-ATOMIC"])
    full_check(f, ["PJ-STATES", "PJ-ATOMIC"], wide=True)
    f.as_user("root")
    return f


# ---- the files ---------------------------------------------------------------------------


def bulk_sizes(seed):
    """Job-set sizes of the bulk files: 1 to 200, small ones more often."""
    fixed = [1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120, 160, 200]
    rng = Rng(seed, "bulk-sizes")
    extra = [rng.between(1, 10) for _ in range(10)] + [rng.between(10, 60) for _ in range(10)] + \
        [rng.between(60, 200) for _ in range(3)]
    return fixed + extra


def generate(seed):
    files = []
    for typ in TYPES:
        files.append(gen_single(seed, typ))
    for i, n in enumerate(bulk_sizes(seed), 1):
        # a small set runs out of jobs to control: fewer statements
        steps = min(30 + 8 * n, 240 if n <= 60 else 160)
        files.append(gen_bulk(seed, i, n, steps))
    for i in range(1, 11):
        files.append(gen_schema(seed, i, 240))
    for i in range(1, 41):
        files.append(gen_walk(seed, i, 520))
    return files


def main(argv):
    ap = argparse.ArgumentParser(
        description="Writes prototype case files (records without expected results) for "
        "jobtck complete.",
        epilog="example: python3 cases/gen/gen.py --seed %d --out /tmp/proto && "
        "build/jobtck complete --out cases/generated /tmp/proto" % DEFAULT_SEED)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED,
                    help="seed of every random choice (default %(default)s)")
    ap.add_argument("--out", required=True, help="folder for the prototypes (made if missing)")
    args = ap.parse_args(argv)
    if args.seed < 0:
        ap.error("--seed must be a non-negative integer")
    os.makedirs(args.out, exist_ok=True)
    files = generate(args.seed)
    statements = queries = 0
    for f in files:
        path = os.path.join(args.out, f.name)
        tmp = os.path.join(args.out, "." + f.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fp:
            fp.write(f.text())
        os.replace(tmp, path)
        statements += f.statements
        queries += f.queries
    print("gen.py: seed %d: %d files, %d statements, %d queries in %s" %
          (args.seed, len(files), statements, queries, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
