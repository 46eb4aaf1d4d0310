import type { Eligibility } from '@sanshe/contracts';

export type CertificateLevel = 'none' | 'assistant' | 'intermediate' | 'senior';

export interface SocialWorkerRecord {
  workerId: string;
  name: string;
  certificateLevel: CertificateLevel;
  certificateNumber: string | null;
  /** Works the generalist model (全科社工); absent on records set before the field existed. */
  generalist?: boolean;
  /** Communities where the worker is stationed; absent on records set before the field existed. */
  communityCodes?: string[];
}

export interface Sanction {
  sanctionId: string;
  kind: 'suspension' | 'ban';
  reason: string;
  from: string;
  until: string | null;
  by: string;
  at: string;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

export interface OrganisationFacts {
  kind: string | null;
  categories: string[];
  serviceAreaCodes: string[];
  verifiedAt: string | null;
  sanctions: Sanction[];
  socialWorkers: SocialWorkerRecord[];
}

export type Standing = 'registered' | 'verified' | 'suspended' | 'banned';

export function sanctionInForce(s: Sanction, now: Date): boolean {
  if (s.liftedAt !== null) return false;
  const t = now.getTime();
  return new Date(s.from).getTime() <= t && (s.until === null || t < new Date(s.until).getTime());
}

/** A sanction in force outranks verification; a ban outranks a suspension. */
export function standing(org: Pick<OrganisationFacts, 'verifiedAt' | 'sanctions'>, now: Date): Standing {
  const inForce = org.sanctions.filter((s) => sanctionInForce(s, now));
  if (inForce.some((s) => s.kind === 'ban')) return 'banned';
  if (inForce.length > 0) return 'suspended';
  return org.verifiedAt ? 'verified' : 'registered';
}

/** Certified social workers (any certificate level) in whole percent, rounded down; 0 with no workers. */
export function certifiedPercent(workers: readonly SocialWorkerRecord[]): number {
  if (workers.length === 0) return 0;
  const certified = workers.filter((w) => w.certificateLevel !== 'none').length;
  return Math.floor((certified * 100) / workers.length);
}

/**
 * Whether an area code lies within a served area. Codes are hierarchical by prefix
 * (district XZ-GL ⊃ street XZ-GL-HL ⊃ community XZ-GL-HL-01), so serving a street
 * covers its communities.
 */
export function covers(served: string, area: string): boolean {
  return area === served || area.startsWith(`${served}-`);
}

/** Stations outside every served area, as `workerId: code` (a worker is stationed only where its organisation serves). */
export function stationsOutside(
  servedCodes: readonly string[],
  workers: ReadonlyArray<Pick<SocialWorkerRecord, 'workerId' | 'communityCodes'>>,
): string[] {
  return workers.flatMap((w) =>
    (w.communityCodes ?? []).filter((c) => !servedCodes.some((s) => covers(s, c))).map((c) => `${w.workerId}: ${c}`),
  );
}

export function coveredAreas(servedCodes: readonly string[], areas: readonly string[]): string[] {
  return areas.filter((a) => servedCodes.some((s) => covers(s, a)));
}

export interface EligibilityCheckResult {
  check: string;
  passed: boolean;
  detail: string;
}

/** The automatic checks of a bidder (or applicant) against a procedure's eligibility, at a moment. */
export function eligibilityChecks(
  org: OrganisationFacts,
  rules: { eligibility: Eligibility },
  now: Date,
): EligibilityCheckResult[] {
  const state = standing(org, now);
  const percent = certifiedPercent(org.socialWorkers);
  const required = rules.eligibility.serviceAreaCodes;
  const missingAreas = required.filter((a) => !org.serviceAreaCodes.some((s) => covers(s, a)));
  return [
    {
      check: 'verified',
      passed: state === 'verified',
      detail: state === 'verified' ? 'registration verified by civil affairs' : `organisation is ${state}`,
    },
    {
      check: 'organisation_kind',
      passed: org.kind !== null && (rules.eligibility.organisationKinds as string[]).includes(org.kind),
      detail: `kind ${org.kind ?? 'unknown'}; allowed: ${rules.eligibility.organisationKinds.join(', ')}`,
    },
    {
      check: 'service_area',
      passed: missingAreas.length === 0,
      detail:
        required.length === 0
          ? 'no service area required'
          : missingAreas.length === 0
            ? `serves ${required.join(', ')}`
            : `does not serve ${missingAreas.join(', ')}`,
    },
    {
      check: 'certified_share',
      passed: percent >= rules.eligibility.minCertifiedSocialWorkerPercent,
      detail: `${percent}% certified social workers; at least ${rules.eligibility.minCertifiedSocialWorkerPercent}% required`,
    },
  ];
}
