export { createNeedsIntake } from './service';
