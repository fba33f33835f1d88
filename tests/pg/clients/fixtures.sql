-- The documented examples' jobs (the PAUSE JOB page: "Pause a single job", "Pause multiple
-- jobs"), through serve's JOBTCK statements; tests/pg/clients.sh loads them before each client.
JOBTCK RESET;
JOBTCK FIXTURE USER name='maxroach';
JOBTCK FIXTURE JOB id=27536791415282 type='RESTORE' status='running' description='RESTORE db.* FROM ''azure://backup/db/tbl''';
JOBTCK FIXTURE JOB id=1 type='IMPORT' status='running' user='maxroach';
JOBTCK FIXTURE JOB id=2 type='BACKUP' status='running' user='maxroach';
JOBTCK FIXTURE JOB id=3 type='RESTORE' status='running' user='maxroach';
JOBTCK FIXTURE JOB id=4 type='CHANGEFEED' status='running' user='maxroach';
JOBTCK FIXTURE JOB id=5 type='BACKUP' status='running' user='root';
