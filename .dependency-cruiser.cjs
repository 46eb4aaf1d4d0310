/**
 * The architecture's boundaries, checked rather than hoped for:
 * - domain code is pure: no frameworks, no adapters, no clock or I/O libraries;
 * - a service imports packages/*, never another service;
 * - packages never import services or apps.
 */
const INFRA = '^(express|kafkajs|mongoose|mongodb|bullmq|ioredis|pino|pino-http|prom-client|helmet|jose|mingo)$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'services/*/src/domain imports only @sanshe/contracts, zod, node:crypto and other domain files',
      severity: 'error',
      from: { path: '^services/[^/]+/src/domain/' },
      to: {
        pathNot: [
          '^services/[^/]+/src/domain/',
          '^packages/contracts/',
          'node_modules/zod/',
          '^crypto$',
          '^node:crypto$',
        ],
      },
    },
    {
      name: 'domain-no-infrastructure',
      severity: 'error',
      from: { path: '/src/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: INFRA },
    },
    {
      name: 'no-service-to-service',
      comment: 'services talk through events only; shared code lives in packages/*',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'packages-stay-below-services',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(services|apps)/' },
    },
    {
      name: 'contracts-are-only-schemas',
      comment: 'contracts is shared by every service and, later, the portal: zod only',
      severity: 'error',
      from: { path: '^packages/contracts/' },
      to: { dependencyTypes: ['npm'], pathNot: 'node_modules/zod/' },
    },
    {
      name: 'portal-is-a-browser-client',
      comment:
        'the portal talks to the services over HTTP; of the code here it imports only the contracts (zod schemas)',
      severity: 'error',
      from: { path: '^apps/portal/' },
      to: { path: '^(packages/platform|services|apps/embedded)/' },
    },
    {
      name: 'nothing-imports-the-portal',
      severity: 'error',
      from: { pathNot: '^apps/portal/' },
      to: { path: '^apps/portal/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/dist/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
