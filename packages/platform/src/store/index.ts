export * from './port';
export * from './embedded';
export * from './mongo';
