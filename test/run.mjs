// `npm test`: every check in the order that fails fastest — build, type-check, lint, then the suites that
// need no installed runtime (seconds to a minute), and only then the real-runtime e2e suites (minutes; they
// install n8n / Node-RED / services on a fresh machine). Stops at the first failing phase; prints how long
// each phase took and one closing tally over both jest runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tally = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linksfield-test-')), 'tally.json');
const phases = [
  ['build', 'npm', ['run', 'build']],
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['unit, contract, in-process runtimes, faults', 'npx', ['jest', '--testPathIgnorePatterns', '/node_modules/', '/dist/', '<rootDir>/test/e2e/']],
  ['real-runtime e2e', 'npx', ['jest', 'test/e2e']],
];

const env = { ...process.env, JEST_TALLY_FILE: tally, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() };
const times = [];
let failed = null;
for (const [name, cmd, args] of phases) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  times.push(`${name} ${Math.round((Date.now() - t0) / 1000)} s`);
  if (r.status !== 0) {
    failed = name;
    break;
  }
}

console.log(`\nphases: ${times.join(', ')}${failed ? ` — stopped: ${failed} failed` : ''}`);
const t = fs.existsSync(tally) ? JSON.parse(fs.readFileSync(tally, 'utf8')) : { passed: 0, failed: 0, skipped: 0 };
console.log(`tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
process.exit(failed ? 1 : 0);
