-- The pgwire driver's fixtures recipe for `jobtck serve` (see sim/drivers/driver_pgwire.h for the
-- format, sim/serve/serve.h for the JOBTCK statements): serve runs these statements itself, before
-- its model, on the database of the connection.
--
--   jobtck serve --listen 127.0.0.1:26257 &
--   jobtck run --driver pgwire:postgresql://root@127.0.0.1:26257/cases \
--       --fixtures cases/recipes/serve.sql cases/

-- @reset
JOBTCK RESET

-- @user
JOBTCK FIXTURE USER name=${name} admin=${admin} controljob=${controljob} viewjob=${viewjob}
    member_of=${member_of}

-- @job
JOBTCK FIXTURE JOB id=${id} type=${type} status=${status} user=${user}
    description=${description} error=${error} schedule=${schedule} age=${age_seconds}

-- @advance
JOBTCK ADVANCE
