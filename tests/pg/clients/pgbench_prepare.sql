-- pgbench -M simple: SQL PREPARE in every client at once, under the same name: each session
-- owns its prepared statements, so none collides with another's.
\set id random(1, 100)
PREPARE p AS PAUSE JOB $1;
EXECUTE p(:id);
DEALLOCATE p;
