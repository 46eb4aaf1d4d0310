/**
 * One jest run for every tier; the tier is in the file name:
 *   *.unit.spec.ts  pure rules               *.int.spec.ts  embedded adapters + supertest
 *   *.real.spec.ts  real Kafka/Mongo/Redis    tests/**       the whole system, both modes
 * Real-infrastructure suites skip when it is down, except under CI where that fails.
 */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@sanshe/(contracts|platform)$': '<rootDir>/packages/$1/src',
    '^@sanshe/(needs-intake|project-design|procurement|fulfilment)$': '<rootDir>/services/$1/src',
    '^@sanshe/embedded$': '<rootDir>/apps/embedded/src',
  },
  testMatch: ['<rootDir>/{packages,services,apps}/*/{src,test}/**/*.spec.ts', '<rootDir>/tests/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
};
