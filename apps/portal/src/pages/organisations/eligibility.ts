import type { OrganisationView, TenderView } from '../../api/organisations';

/**
 * Hints for an organisation looking at a tender: the automatic checks procurement makes at the
 * deadline (verified, kind, required service areas, certified share; the same rules as
 * services/procurement/src/domain/organisation.ts) and the fit the recommendations weigh
 * (category, share of the tender's communities served). The server decides; these only help.
 */
export interface Hint {
  check: 'verified' | 'kind' | 'serviceArea' | 'certifiedShare' | 'category' | 'communities';
  /** A rule that refuses a bid when it fails; the others are fit, not conditions. */
  required: boolean;
  passed: boolean;
  params: Record<string, string | number>;
}

/** Area codes are hierarchical by prefix: serving a street covers its communities. */
const covers = (served: string, area: string) => area === served || area.startsWith(`${served}-`);

export function tenderHints(
  org: OrganisationView,
  tender: Pick<TenderView, 'eligibility' | 'category' | 'communityCodes'>,
): Hint[] {
  const rules = tender.eligibility;
  const missing = rules.serviceAreaCodes.filter((a) => !org.serviceAreaCodes.some((s) => covers(s, a)));
  const served = tender.communityCodes.filter((a) => org.serviceAreaCodes.some((s) => covers(s, a)));
  return [
    { check: 'verified', required: true, passed: org.status === 'verified', params: { status: org.status } },
    {
      check: 'kind',
      required: true,
      passed: org.kind !== null && (rules.organisationKinds as string[]).includes(org.kind),
      params: { kind: org.kind ?? '—' },
    },
    {
      check: 'serviceArea',
      required: true,
      passed: missing.length === 0,
      params: { missing: missing.join('、') || '—' },
    },
    {
      check: 'certifiedShare',
      required: true,
      passed: org.socialWorkers.certifiedPercent >= rules.minCertifiedSocialWorkerPercent,
      params: { percent: org.socialWorkers.certifiedPercent, min: rules.minCertifiedSocialWorkerPercent },
    },
    { check: 'category', required: false, passed: org.categories.includes(tender.category), params: {} },
    {
      check: 'communities',
      required: false,
      passed: tender.communityCodes.length === 0 || served.length === tender.communityCodes.length,
      params: { served: served.length, total: tender.communityCodes.length },
    },
  ];
}

/** Whether the automatic checks would let the organisation's bid through, as things stand. */
export const eligible = (hints: readonly Hint[]): boolean => hints.every((h) => !h.required || h.passed);
