import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationTable } from '@linksfield-cube/testkit';

// The README's operation table is rendered from the catalog; `UPDATE_README=1 npx jest test/readme` refreshes it.
const README = join(__dirname, '..', 'README.md');
const START = '<!-- operations:start -->';
const END = '<!-- operations:end -->';

test('README operation table matches the catalog', () => {
	const text = readFileSync(README, 'utf8');
	const [before, rest] = text.split(START);
	const after = rest.split(END)[1];
	const fresh = `${before}${START}\n${operationTable()}\n${END}${after}`;
	if (process.env.UPDATE_README) writeFileSync(README, fresh);
	expect(text).toBe(fresh);
});
