export * from './events';
export * from './outbox';
export * from './relay';
export * from './idempotent';
