-- psql: the documented examples as a script, run with `psql -1` (one transaction) and
-- ON_ERROR_STOP; the ids and the user are psql variables (-v).
\set ON_ERROR_STOP on
-- Pause a single job.
PAUSE JOB :id;
-- The transaction sees its own change before COMMIT.
SELECT status FROM [SHOW JOBS] WHERE job_id = :id;
-- Pause multiple jobs: every job of a user.
PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = :'owner');
