// node-postgres (npm's pg, pinned in package.json) against jobtck serve: the documented
// examples with $1 and a named prepared statement, and the non-admin refusal read by its
// SQLSTATE. Usage: node examples.js PORT
'use strict';
const assert = require('assert');
const { Client } = require('pg');

const port = Number(process.argv[2]);
const connect = async (user) => {
  const c = new Client({ host: '127.0.0.1', port, user, database: 'defaultdb' });
  await c.connect();
  return c;
};

(async () => {
  const root = await connect('root');
  // Pause a single job: $1.
  // The tag is CockroachDB's "PAUSE JOBS 1", whose count node-postgres does not read (its
  // rowCount is for "COMMAND n"): the effect is checked instead.
  let r = await root.query('PAUSE JOB $1', ['27536791415282']);
  assert.strictEqual(r.command, 'PAUSE');
  r = await root.query('SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = $1',
                       ['27536791415282']);
  assert.deepStrictEqual(r.rows, [{ job_id: '27536791415282', status: 'paused' }]);
  // Pause multiple jobs: a named prepared statement.
  r = await root.query({
    name: 'pause-by-user',
    text: 'PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = $1)',
    values: ['maxroach'],
  });
  assert.strictEqual(r.command, 'PAUSE');
  r = await root.query("SELECT job_id FROM [SHOW JOBS] WHERE status = 'paused' ORDER BY job_id");
  assert.deepStrictEqual(r.rows.map((x) => x.job_id), ['1', '2', '3', '4', '27536791415282']);
  // The named statement again: parsed once, bound again.
  r = await root.query({ name: 'pause-by-user', values: ['nobody'] });
  assert.strictEqual(r.command, 'PAUSE');
  await root.end();

  // A user without the admin role: refused, 42501.
  const maxroach = await connect('maxroach');
  await assert.rejects(maxroach.query('RESUME JOB $1', [1]), (e) => {
    assert.strictEqual(e.code, '42501');
    assert.strictEqual(e.message, 'only users with the admin role are allowed to RESUME JOBS');
    return true;
  });
  await maxroach.end();
  console.log('node-postgres ' + require('pg/package.json').version + ': ok');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
