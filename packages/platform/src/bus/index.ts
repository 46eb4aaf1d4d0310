export * from './port';
export * from './delivery';
export * from './in-memory';
export * from './kafka';
export type { NewGroupStart } from './kafka-start';
