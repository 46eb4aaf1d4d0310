export { startEmbedded, type EmbeddedSystem } from './start';
export { serviceFactories } from './system';
