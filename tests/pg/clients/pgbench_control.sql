-- pgbench: job control under load (tests/pg/clients.sh pgbench; tools/serve_load.sh). Every
-- client pauses and resumes jobs of the fixtures' 100, and reads one back.
\set id random(1, 100)
PAUSE JOB :id;
RESUME JOB :id;
SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = :id;
