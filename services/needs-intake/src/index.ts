export { createNeedsIntake } from './service';
export { IntakeSettings } from './settings';
