import { createFulfilment, FulfilmentSettings } from '@sanshe/fulfilment';
import { createNeedsIntake, IntakeSettings } from '@sanshe/needs-intake';
import { createProcurement, ProcurementSettings } from '@sanshe/procurement';
import { createProjectDesign, DesignSettings } from '@sanshe/project-design';
import { loadConfig, type ServiceFactory } from '@sanshe/platform';

/** The four services, each a factory the host composes on its chosen adapters. */
export function serviceFactories(
  env: NodeJS.ProcessEnv = process.env,
): Record<'intake' | 'design' | 'procurement' | 'fulfilment', ServiceFactory> {
  const procurementSettings = loadConfig(ProcurementSettings, env);
  const intakeSettings = loadConfig(IntakeSettings, env);
  const designSettings = loadConfig(DesignSettings, env);
  const fulfilmentSettings = loadConfig(FulfilmentSettings, env);
  return {
    intake: { name: 'needs-intake', build: (deps) => createNeedsIntake(deps, intakeSettings) },
    design: { name: 'project-design', build: (deps) => createProjectDesign(deps, designSettings) },
    procurement: { name: 'procurement', build: (deps) => createProcurement(deps, procurementSettings) },
    fulfilment: { name: 'fulfilment', build: (deps) => createFulfilment(deps, fulfilmentSettings) },
  };
}
