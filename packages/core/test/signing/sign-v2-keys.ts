import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The team's committed test keys (packages/testkit/fixtures/sign-v2-keys): public on purpose, no account knows them. */
const DIR = join(__dirname, '..', '..', '..', 'testkit', 'fixtures', 'sign-v2-keys');
export const testKey = (name: string) => readFileSync(join(DIR, name), 'utf8');
