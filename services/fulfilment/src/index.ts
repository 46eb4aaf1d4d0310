export { createFulfilment } from './service';
