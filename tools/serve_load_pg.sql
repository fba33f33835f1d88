-- tools/serve_load.sh, against PostgreSQL: the nearest equivalent of serve_load_serve.sql, two
-- updates and a select by key on a table of jobs.
\set id random(1, :jobs)
UPDATE jobs SET status = 'paused' WHERE id = :id;
UPDATE jobs SET status = 'running' WHERE id = :id;
SELECT id, status FROM jobs WHERE id = :id;
