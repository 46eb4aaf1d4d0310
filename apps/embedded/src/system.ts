import { createFulfilment } from '@sanshe/fulfilment';
import { createNeedsIntake } from '@sanshe/needs-intake';
import { createProcurement, ProcurementSettings } from '@sanshe/procurement';
import { createProjectDesign } from '@sanshe/project-design';
import { loadConfig, type ServiceFactory } from '@sanshe/platform';

/** The four services, each a factory the host composes on its chosen adapters. */
export function serviceFactories(env: NodeJS.ProcessEnv = process.env): Record<'intake' | 'design' | 'procurement' | 'fulfilment', ServiceFactory> {
  const procurementSettings = loadConfig(ProcurementSettings, env);
  return {
    intake: { name: 'needs-intake', build: createNeedsIntake },
    design: { name: 'project-design', build: createProjectDesign },
    procurement: { name: 'procurement', build: (deps) => createProcurement(deps, procurementSettings) },
    fulfilment: { name: 'fulfilment', build: createFulfilment },
  };
}
