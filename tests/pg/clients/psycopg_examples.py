"""psycopg 3 (Debian's python3-psycopg) against jobtck serve, in its default transactional mode
with server-side parameters (the extended protocol: $1), a prepared statement, and the
non-admin refusal read by its SQLSTATE. Usage: python3 psycopg_examples.py PORT"""
import sys

import psycopg

port = int(sys.argv[1])
dsn = "host=127.0.0.1 port=%d dbname=defaultdb sslmode=disable" % port

with psycopg.connect(dsn, user="root") as conn:
    with conn.cursor() as cur:
        # Pause a single job: an int parameter, bound by the server.
        cur.execute("PAUSE JOB %s", (27536791415282,))
        assert cur.statusmessage == "PAUSE JOBS 1", cur.statusmessage
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        conn.commit()
        cur.execute("SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %s",
                    (27536791415282,), prepare=True)
        assert cur.fetchone() == (27536791415282, "paused")
        conn.commit()
        # Pause multiple jobs: every job of a user, as a prepared statement.
        cur.execute("PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = %s)",
                    ("maxroach",), prepare=True)
        assert cur.statusmessage == "PAUSE JOBS 4", cur.statusmessage
        conn.commit()
        # Binary results too.
        with conn.cursor(binary=True) as bcur:
            bcur.execute("SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = %s", (5,))
            assert bcur.fetchone() == (5, "running")
        conn.commit()

# A user without the admin role: refused, 42501.
with psycopg.connect(dsn, user="maxroach") as conn:
    try:
        conn.execute("RESUME JOB %s", (1,))
        raise SystemExit("RESUME JOB as maxroach was not refused")
    except psycopg.errors.InsufficientPrivilege as e:
        assert e.sqlstate == "42501", e.sqlstate
        assert e.diag.message_primary == \
            "only users with the admin role are allowed to RESUME JOBS", e.diag.message_primary
        conn.rollback()
print("psycopg %s: ok" % psycopg.__version__)
