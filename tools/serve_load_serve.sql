-- tools/serve_load.sh, against jobtck serve: job control by key (PAUSE JOB, RESUME JOB: an
-- update each) and a read of the job back.
\set id random(1, :jobs)
PAUSE JOB :id;
RESUME JOB :id;
SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = :id;
