"""psycopg2 (Debian's python3-psycopg2) against jobtck serve, in its default transactional mode:
the documented examples with parameters, each committed, and the non-admin refusal read by its
SQLSTATE. Usage: python3 psycopg2_examples.py PORT"""
import sys

import psycopg2

port = int(sys.argv[1])
dsn = "host=127.0.0.1 port=%d dbname=defaultdb sslmode=disable" % port

conn = psycopg2.connect(dsn, user="root")
with conn.cursor() as cur:
    # Pause a single job: psycopg2 sends BEGIN first (its default mode).
    cur.execute("PAUSE JOB %s", (27536791415282,))
    assert cur.statusmessage == "PAUSE JOBS 1", cur.statusmessage
    assert conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INTRANS
    conn.commit()
    cur.execute("SELECT status FROM [SHOW JOBS] WHERE job_id = %s", (27536791415282,))
    assert cur.fetchone() == ("paused",)
    conn.commit()
    # Pause multiple jobs: every job of a user.
    cur.execute(
        "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = %s)", ("maxroach",))
    assert cur.statusmessage == "PAUSE JOBS 4", cur.statusmessage
    conn.commit()
conn.close()

# A user without the admin role: refused, 42501.
conn = psycopg2.connect(dsn, user="maxroach")
with conn.cursor() as cur:
    try:
        cur.execute("RESUME JOB %s", (1,))
        raise SystemExit("RESUME JOB as maxroach was not refused")
    except psycopg2.Error as e:
        assert e.pgcode == "42501", e.pgcode
        assert e.diag.message_primary == \
            "only users with the admin role are allowed to RESUME JOBS", e.diag.message_primary
        conn.rollback()
conn.close()
print("psycopg2 %s: ok" % psycopg2.__version__)
