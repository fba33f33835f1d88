-- The pgwire driver's fixtures recipe for a real PostgreSQL server (tests/pg/real-postgres.sh).
-- PostgreSQL has no job control: this emulates only what fixtures need (a table of jobs, login
-- roles for the case users, an admin role), so that fixtures, their escaping and the users of
-- a case are checked against a real server. The format is in sim/drivers/driver_pgwire.h.

-- @reset
DROP TABLE IF EXISTS jobtck_jobs

CREATE TABLE jobtck_jobs (
    job_id INT8 PRIMARY KEY,
    job_type TEXT NOT NULL,
    description TEXT NOT NULL,
    user_name TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT NOT NULL
)

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jobtck_admin') THEN
        CREATE ROLE jobtck_admin NOLOGIN;
    END IF;
END
$$

CREATE OR REPLACE FUNCTION jobtck_user(who TEXT, admin BOOLEAN) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', who);
    END IF;
    IF admin THEN
        EXECUTE format('GRANT jobtck_admin TO %I', who);
    ELSE
        EXECUTE format('REVOKE jobtck_admin FROM %I', who);
    END IF;
END
$$

SELECT jobtck_user('root', true)

SELECT jobtck_user('testuser', false)

GRANT SELECT ON jobtck_jobs TO root, testuser

-- @user
SELECT jobtck_user(${name}, ${admin})

GRANT SELECT ON jobtck_jobs TO ${name:ident}

-- @job
INSERT INTO jobtck_jobs
VALUES (${id}, ${type}, COALESCE(${description}, ''), COALESCE(${user}, 'root'), ${status},
        COALESCE(${error}, ''))
ON CONFLICT (job_id) DO UPDATE
SET job_type = EXCLUDED.job_type, description = EXCLUDED.description,
    user_name = EXCLUDED.user_name, status = EXCLUDED.status, error = EXCLUDED.error
