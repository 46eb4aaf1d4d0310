export * from './app';
export * from './auth';
export * from './problem';
export * from './routes';
