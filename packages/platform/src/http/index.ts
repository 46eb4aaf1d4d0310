export * from './app';
export * from './auth';
export * from './problem';
export * from './routes';
export * from './idempotency';
export * from './idempotency-http';
