import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentOperationTable, endpointTable, operationTable } from '@linksfield-cube/testkit';

// The READMEs' operation tables are rendered from the catalog; `UPDATE_README=1 npx jest test/readme` refreshes them.
const README = join(__dirname, '..', 'README.md');
const SIMULATOR_README = join(__dirname, '..', 'packages', 'simulator', 'README.md');

/** The file with the table between the markers rendered afresh (written back with UPDATE_README=1). */
function withFreshTable(file: string, table: string, marker = 'operations'): { text: string; fresh: string } {
	const START = `<!-- ${marker}:start -->`;
	const END = `<!-- ${marker}:end -->`;
	const text = readFileSync(file, 'utf8');
	expect(text.split(START)).toHaveLength(2);
	const [before, rest] = text.split(START);
	expect(rest.split(END)).toHaveLength(2);
	const after = rest.split(END)[1];
	const fresh = `${before}${START}\n${table}\n${END}${after}`;
	if (process.env.UPDATE_README) writeFileSync(file, fresh);
	return { text, fresh };
}

test('README operation table matches the catalog', () => {
	const { text, fresh } = withFreshTable(README, operationTable());
	expect(text).toBe(fresh);
});

test('README current-API operation table matches the current catalog', () => {
	const { text, fresh } = withFreshTable(README, currentOperationTable(), 'current-operations');
	expect(text).toBe(fresh);
});

test('the simulator README endpoint table matches the catalog', () => {
	const { text, fresh } = withFreshTable(SIMULATOR_README, endpointTable());
	expect(text).toBe(fresh);
});
