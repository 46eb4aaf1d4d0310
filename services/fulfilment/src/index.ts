export { createFulfilment } from './service';
export { FulfilmentSettings } from './settings';
