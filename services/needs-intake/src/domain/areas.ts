import type { IntakeApi } from '@sanshe/contracts';

export interface Area {
  _id: string;
  kind: IntakeApi.AreaKind;
  name: string;
  parentCode: string | null;
  path: string[];
  demo: boolean;
  gridWorkers: Array<{ staffId: string; name: string }>;
  active: boolean;
}

const PARENT_KIND: Record<IntakeApi.AreaKind, IntakeApi.AreaKind | null> = {
  district: null,
  street: 'district',
  community: 'street',
  grid: 'community',
};

/** Null when `kind` may sit under `parent`; the chain is district → street → community → grid. */
export function parentProblem(kind: IntakeApi.AreaKind, parent: Pick<Area, 'kind'> | null): string | null {
  const expected = PARENT_KIND[kind];
  if (expected === null) return parent === null ? null : 'a district has no parent';
  if (parent === null) return `a ${kind} must belong to a ${expected}`;
  return parent.kind === expected ? null : `a ${kind} must belong to a ${expected}, not a ${parent.kind}`;
}

/** A user's scope is a set of area codes; a code covers everything below it. */
export function inScope(scopes: readonly string[], path: readonly string[]): boolean {
  return path.some((code) => scopes.includes(code));
}
