/** One jest run for every package: unit, contract and runtime tests. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@linksfield-cube/core$': '<rootDir>/packages/core/src/index.ts',
    '^@linksfield-cube/core/node$': '<rootDir>/packages/core/src/node.ts',
    '^@linksfield-cube/simulator$': '<rootDir>/packages/simulator/src/index.ts',
    '^@linksfield-cube/testkit$': '<rootDir>/packages/testkit/src/index.ts',
    '^@linksfield-cube/testkit/n8n-engine$': '<rootDir>/packages/testkit/src/n8n-engine/index.ts',
    '^@linksfield-cube/testkit/node-red-helper$': '<rootDir>/packages/testkit/src/node-red-helper.ts',
    '^@linksfield-cube/testkit/operation-cases$': '<rootDir>/packages/testkit/src/operation-cases.ts',
    '^@linksfield-cube/testkit/node-red-examples$': '<rootDir>/packages/testkit/src/node-red-examples.ts',
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
