export { createProcurement } from './service';
export { ProcurementSettings } from './settings';
