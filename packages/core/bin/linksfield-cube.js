#!/usr/bin/env node
// `linksfield-cube`. A committed launcher rather than the built dist/cli.js: npm links a package's bins when it installs
// it, and in a clone `npm ci` runs before the build, when a bin pointing into dist/ would not be linked at all.
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!require('node:fs').existsSync(cli)) {
	process.stderr.write(`linksfield-cube: ${cli} is missing: run \`npm run build\` in the repository first\n`);
	process.exit(1);
}
require(cli).run();
