#!/usr/bin/env python3
"""Writes the transition-table cases of the two-phase profiles (cases/profiles/<p>/11-transitions.test).

The tables are written here from docs/spec.md, section 7 and the texts of CockroachDB's releases
(docs/profiles.md), not read from the model: each cell becomes a fixture putting a job in that
status, the statement, and a query of the status it leaves, with the expected result or
error spelled out. The model is then checked against them like any implementation.

Usage: python3 cases/gen/transitions.py [--check] [--out DIR]
  --out DIR   the cases/profiles folder (default: the one beside this script)
  --check     change nothing; exit 1 when a file differs from what this script writes
Standard library only; the output depends on nothing but this file.
"""

import argparse
import os
import sys

OPS = ["PAUSE", "RESUME", "CANCEL"]
TYPES = ["IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"]
V201_STATUSES = ["pending", "running", "paused", "succeeded", "failed", "canceled",
                 "pause-requested", "cancel-requested", "reverting"]
V212_STATUSES = V201_STATUSES + ["revert-failed"]

V21_STATUSES = ["pending", "running", "paused", "succeeded", "failed", "canceled"]

# v19.2: v2.1's one-phase table (docs/spec.md, section 4), with XXUUU.
TABLE_V19 = {
    ("pending", "PAUSE"): "paused", ("pending", "RESUME"): "error",
    ("pending", "CANCEL"): "canceled",
    ("running", "PAUSE"): "paused", ("running", "RESUME"): "=", ("running", "CANCEL"): "canceled",
    ("paused", "PAUSE"): "=", ("paused", "RESUME"): "running", ("paused", "CANCEL"): "canceled",
    ("succeeded", "PAUSE"): "error", ("succeeded", "RESUME"): "error",
    ("succeeded", "CANCEL"): "error",
    ("failed", "PAUSE"): "error", ("failed", "RESUME"): "error", ("failed", "CANCEL"): "error",
    ("canceled", "PAUSE"): "error", ("canceled", "RESUME"): "error", ("canceled", "CANCEL"): "=",
}

# (status, op) -> the status it leaves ("=" for a no-op that counts), or "error".
TABLE = {
    ("pending", "PAUSE"): "pause-requested", ("pending", "RESUME"): "error",
    ("pending", "CANCEL"): "cancel-requested",
    ("running", "PAUSE"): "pause-requested", ("running", "RESUME"): "=",
    ("running", "CANCEL"): "cancel-requested",
    ("paused", "PAUSE"): "=", ("paused", "RESUME"): "running",
    ("paused", "CANCEL"): "cancel-requested",
    ("succeeded", "PAUSE"): "error", ("succeeded", "RESUME"): "error",
    ("succeeded", "CANCEL"): "error",
    ("failed", "PAUSE"): "error", ("failed", "RESUME"): "error", ("failed", "CANCEL"): "error",
    ("canceled", "PAUSE"): "error", ("canceled", "RESUME"): "error", ("canceled", "CANCEL"): "=",
    ("pause-requested", "PAUSE"): "=", ("pause-requested", "RESUME"): "error",
    ("pause-requested", "CANCEL"): "error",
    ("cancel-requested", "PAUSE"): "error", ("cancel-requested", "RESUME"): "error",
    ("cancel-requested", "CANCEL"): "=",
    ("reverting", "PAUSE"): "pause-requested", ("reverting", "RESUME"): "=",
    ("reverting", "CANCEL"): "error",
    ("revert-failed", "PAUSE"): "error", ("revert-failed", "RESUME"): "error",
    ("revert-failed", "CANCEL"): "error",
}

# The error texts: v2.0 (pkg/sql/jobs/jobs.go, no job error in them), v2.1 to v19.2 ("v19"),
# v20.1 to v24 ("status"), v25.1 on ("job N: ", "state").
TEXTS = {
    "status": {"PAUSE": "job with status {s} cannot be requested to be paused",
               "RESUME": "job with status {s} cannot be resumed",
               "CANCEL": "job with status {s} cannot be requested to be canceled"},
    "v19": {"PAUSE": "cannot pause {s} job (id {id}{errc})",
            "RESUME": "job with status {s}{errq} cannot be resumed",
            "CANCEL": "job with status {s}{errq} cannot be canceled"},
    "v20": {"PAUSE": "cannot pause {s} job (id {id})",
            "RESUME": "job with status {s} cannot be resumed",
            "CANCEL": "job with status {s} cannot be canceled"},
    "state": {"PAUSE": "job {id}: job with state {s} cannot be requested to be paused",
              "RESUME": "job {id}: job with state {s} cannot be resumed",
              "CANCEL": "job {id}: job with state {s} cannot be requested to be canceled"},
}

PROFILES = [
    ("v2.0", V21_STATUSES, "v20", "PJ-STATES PV-V20"),
    ("v19.2", V21_STATUSES, "v19", "PJ-STATES PV-XXUUU"),
    ("v20.1", V201_STATUSES, "status", "PV-STATES-V20 PV-TWO-PHASE PV-SCHEMA-V20"),
    ("v20.2", V201_STATUSES, "status", "PV-STATES-V20 PV-TWO-PHASE PV-SCHEMA-V20"),
    ("v22.2", V212_STATUSES, "status", "PV-STATES-V20 PV-REASON"),
    ("v23.1", V212_STATUSES, "status", "PV-STATES-V20 PV-REASON"),
    ("v25.1", V212_STATUSES, "state", "PV-STATES-V20 PV-TEXT-V25"),
    ("v25.3", V212_STATUSES, "state", "PV-STATES-V20 PV-TEXT-V25"),
]

# v2.0: no CHANGEFEED yet; the tag has no count and SHOW JOB x is v19.2's, the id column is
# "id"; every operation on a SCHEMA CHANGE job is refused; uncategorized errors are XX000.
V20 = {"types": [t for t in TYPES if t != "CHANGEFEED"], "ok": "statement ok",
       "read": "SELECT status FROM [SHOW JOBS] WHERE id = %d", "code": "XX000"}
LATER = {"types": TYPES, "ok": "statement ok count 1", "read": "SELECT status FROM [SHOW JOB %d]",
         "code": "XXUUU"}


def regex(text):
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\.[](){}*+?|^$" else ch)
    return "^" + "".join(out) + "$"


def quote(v):
    return "'" + v.replace("'", "''") + "'" if " " in v or "'" in v else v


def write(profile, statuses, wording, covers):
    lines = [
        "# Every cell of the transition table of %s (docs/spec.md, section 7, docs/profiles.md): a job" %
        profile,
        "# of each type in each status, controlled once by root; the status it leaves, or the",
        "# error. Written by cases/gen/transitions.py from the table in it -- do not edit by hand.",
        "profile " + profile,
        "",
        "covers " + covers,
    ]
    job = 0
    v = V20 if wording == "v20" else LATER
    for s in statuses:
        lines += ["", "subtest " + s.replace("-", "_")]
        for op in OPS:
            for t in v["types"]:
                job += 1
                lines += ["", fixture(job, t, s)]
                want, text = cell(wording, s, op, t, job)
                if want == "error":
                    lines += ["", "statement error pgcode %s %s" % (v["code"], regex(text)),
                              "%s JOB %d" % (op, job)]
                    after = s
                else:
                    lines += ["", v["ok"], "%s JOB %d" % (op, job)]
                    after = s if want == "=" else want
                lines += ["", "query T", v["read"] % job, "----", after]
    return "\n".join(lines) + "\n"


def fixture(job, t, s):
    fx = "fixture job id=%d type=%s status=%s" % (job, quote(t), s)
    return fx + " error='boom'" if s in ("failed", "revert-failed") else fx


def cell(wording, s, op, t, job):
    """What op does to job (type t, status s): ("error", text), or (the status it leaves or
    "=", None)."""
    want = (TABLE_V19 if wording in ("v19", "v20") else TABLE)[(s, op)]
    err = s in ("failed", "revert-failed")
    if t == "SCHEMA CHANGE" and (wording == "v20" or (wording == "v19" and op != "CANCEL")):
        return "error", "job %d is not controllable" % job
    if want == "error":
        return want, TEXTS[wording][op].format(s=s, id=job, errc=', err: "boom"' if err else "",
                                               errq=' "boom"' if err else "")
    return want, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "profiles"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    differ = 0
    for profile, statuses, wording, covers in PROFILES:
        path = os.path.join(args.out, profile, "11-transitions.test")
        text = write(profile, statuses, wording, covers)
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                print("transitions: %s differs from what cases/gen/transitions.py writes" % path)
                differ = 1
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return differ


if __name__ == "__main__":
    sys.exit(main())
