/**
 * Lets `node --require scripts/bench-register.cjs x.bench.ts` run TypeScript straight
 * from the sources: .ts files are compiled by @swc/core as they are required, and the
 * workspace packages resolve to their src/ (as in jest), so no build is needed.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const ROOT = path.resolve(__dirname, '..');
const ALIASES = {
  '@sanshe/contracts': 'packages/contracts/src',
  '@sanshe/platform': 'packages/platform/src',
  '@sanshe/needs-intake': 'services/needs-intake/src',
  '@sanshe/project-design': 'services/project-design/src',
  '@sanshe/procurement': 'services/procurement/src',
  '@sanshe/fulfilment': 'services/fulfilment/src',
  '@sanshe/embedded': 'apps/embedded/src',
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = ALIASES[request];
  return resolve.call(this, alias ? path.join(ROOT, alias) : request, ...rest);
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
