import { REAL_INFRA_FLAG } from './probe';

export { REAL_INFRA, REAL_INFRA_FLAG, probeRealInfra, realInfraRequired } from './probe';

/** A suite against the real servers; skipped when they are down and not required. */
export const describeReal: jest.Describe = process.env[REAL_INFRA_FLAG] === '1' ? describe : describe.skip;
