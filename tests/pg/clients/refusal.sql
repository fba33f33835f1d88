-- psql as a user without the admin role: the refusal, with its SQLSTATE (VERBOSITY verbose).
\set ON_ERROR_STOP on
\set VERBOSITY verbose
RESUME JOB :id;
