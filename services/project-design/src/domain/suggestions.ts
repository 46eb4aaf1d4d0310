import { splitByPercent, type DesignApi, type Urgency } from '@sanshe/contracts';

/** An open, unlinked need as the clustering sees it. */
export interface ClusterableNeed {
  needId: string;
  category: string;
  gridCode: string;
  communityCode: string;
  streetCode: string | null;
  urgency: Urgency;
  beneficiaryCount: number;
  beneficiaryGroups: readonly string[];
  loggedAt: string;
}

export interface UnitCost {
  perBeneficiaryFen: number;
  baseFen: number;
  lineShares: Record<DesignApi.BudgetLineKind, number>;
}

export type SuggestionLevel = 'auto' | 'grid' | 'community' | 'street';

export interface SuggestOptions {
  level: SuggestionLevel;
  minNeeds: number;
  limit: number;
  now: Date;
  /** Most needs one project may link: a suggestion lists that many, oldest first. */
  maxNeedIds: number;
  unitCosts: ReadonlyMap<string, UnitCost>;
}

export type Suggestion = DesignApi.Suggestion;

export interface SuggestResult {
  suggestions: Suggestion[];
  belowThreshold: { clusters: number; needs: number };
}

/**
 * The group that leads a cluster: who the service is for first (children, older people,
 * disabled people, entitled groups), then their circumstances. A need of an older
 * person living alone clusters with other older people; the mix is still reported.
 */
export const GROUP_ORDER = ['child', 'elderly', 'disabled', 'entitled_group', 'low_income', 'living_alone'] as const;
const GENERAL = 'general';

export function leadingGroup(groups: readonly string[]): string {
  if (groups.length === 0) return GENERAL;
  for (const group of GROUP_ORDER) if (groups.includes(group)) return group;
  return groups[0] ?? GENERAL;
}

type Level = 'grid' | 'community' | 'street';

/**
 * What the one pass keeps per cell: only what ranking needs. Communities, grids and the
 * group mix are worked out afterwards, for merged cells and the suggestions returned.
 */
interface Cluster {
  key: string;
  category: string;
  group: string;
  level: Level;
  areaCode: string;
  streetCode: string | null;
  needs: ClusterableNeed[];
  beneficiaries: number;
  urgency: Record<Urgency, number>;
  oldest: string;
}

function newCluster(key: string, need: ClusterableNeed, group: string, level: Level, areaCode: string): Cluster {
  return {
    key,
    category: need.category,
    group,
    level,
    areaCode,
    streetCode: need.streetCode,
    needs: [],
    beneficiaries: 0,
    urgency: { low: 0, normal: 0, high: 0, critical: 0 },
    oldest: need.loggedAt,
  };
}

function add(cluster: Cluster, need: ClusterableNeed): void {
  cluster.needs.push(need);
  cluster.beneficiaries += need.beneficiaryCount;
  cluster.urgency[need.urgency] += 1;
  if (need.loggedAt < cluster.oldest) cluster.oldest = need.loggedAt;
}

function absorb(into: Cluster, from: Cluster): void {
  for (const need of from.needs) into.needs.push(need);
  into.beneficiaries += from.beneficiaries;
  for (const u of ['low', 'normal', 'high', 'critical'] as const) into.urgency[u] += from.urgency[u];
  if (from.oldest < into.oldest) into.oldest = from.oldest;
}

/**
 * One pass over the needs into cells keyed by category × area × leading group: nested
 * hash maps, so no key string is built per need (only one per cell).
 */
function cellsAt(needs: readonly ClusterableNeed[], level: Level): Cluster[] {
  const cells: Cluster[] = [];
  const index = new Map<string, Map<string, Map<string, Cluster>>>();
  for (const need of needs) {
    const group = leadingGroup(need.beneficiaryGroups);
    let areaLevel: Level = 'community';
    let areaCode = need.communityCode;
    if (level === 'grid') {
      areaLevel = 'grid';
      areaCode = need.gridCode;
    } else if (level === 'street' && need.streetCode !== null) {
      areaLevel = 'street';
      areaCode = need.streetCode;
    }
    let byArea = index.get(need.category);
    if (!byArea) index.set(need.category, (byArea = new Map<string, Map<string, Cluster>>()));
    let byGroup = byArea.get(areaCode);
    if (!byGroup) byArea.set(areaCode, (byGroup = new Map<string, Cluster>()));
    let cell = byGroup.get(group);
    if (!cell) {
      cell = newCluster(`${need.category}|${areaLevel}:${areaCode}|${group}`, need, group, areaLevel, areaCode);
      byGroup.set(group, cell);
      cells.push(cell);
    }
    add(cell, need);
  }
  return cells;
}

/** Plain code-unit order: deterministic and much faster than localeCompare for codes and ISO instants. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Auto: a community with enough needs of a kind stands alone; the smaller ones of a street
 * are merged into one multi-community suggestion (多社区一中心).
 */
function autoClusters(needs: readonly ClusterableNeed[], minNeeds: number): Cluster[] {
  const result: Cluster[] = [];
  const merged = new Map<string, Cluster>();
  for (const cell of cellsAt(needs, 'community')) {
    if (cell.needs.length >= minNeeds || cell.streetCode === null) {
      result.push(cell);
      continue;
    }
    const key = `${cell.category}|street:${cell.streetCode}|${cell.group}`;
    const into = merged.get(key);
    if (!into) merged.set(key, { ...cell, key, level: 'street', areaCode: cell.streetCode });
    else absorb(into, cell);
  }
  for (const cluster of merged.values()) {
    // A street where only one community has such needs keeps it a community suggestion.
    const communities = new Set(cluster.needs.map((n) => n.communityCode));
    if (communities.size === 1) {
      const [only] = communities;
      cluster.level = 'community';
      cluster.areaCode = only ?? cluster.areaCode;
      cluster.key = `${cluster.category}|community:${cluster.areaCode}|${cluster.group}`;
    }
    result.push(cluster);
  }
  return result;
}

const URGENCY_WEIGHT: Record<Urgency, number> = { low: 1, normal: 2, high: 3, critical: 4 };
const priority = (c: Cluster) =>
  c.urgency.low * URGENCY_WEIGHT.low +
  c.urgency.normal * URGENCY_WEIGHT.normal +
  c.urgency.high * URGENCY_WEIGHT.high +
  c.urgency.critical * URGENCY_WEIGHT.critical;

export function draftBudget(unitCost: UnitCost | undefined, beneficiaries: number): Suggestion['draftBudget'] {
  if (!unitCost) return null;
  const totalFen = unitCost.baseFen + unitCost.perBeneficiaryFen * beneficiaries;
  const kinds = ['personnel', 'activities', 'materials', 'administration'] as const;
  const amounts = splitByPercent(
    totalFen,
    kinds.map((k) => unitCost.lineShares[k]),
  );
  return {
    totalFen,
    lines: kinds.map((kind, i) => ({ kind, amountFen: amounts[i] ?? 0 })).filter((l) => l.amountFen > 0),
    basis: { perBeneficiaryFen: unitCost.perBeneficiaryFen, baseFen: unitCost.baseFen, beneficiaries },
  };
}

/**
 * Project suggestions from open needs, most pressing first: weighted by urgency, then by
 * the longest wait. Linear in the number of needs (one hash-map pass, a merge over the
 * cells); only the suggestions returned have their needs sorted.
 */
export function suggestProjects(needs: readonly ClusterableNeed[], options: SuggestOptions): SuggestResult {
  const clusters = options.level === 'auto' ? autoClusters(needs, options.minNeeds) : cellsAt(needs, options.level);
  const kept: Cluster[] = [];
  let belowClusters = 0;
  let belowNeeds = 0;
  for (const cluster of clusters) {
    if (cluster.needs.length >= options.minNeeds) kept.push(cluster);
    else {
      belowClusters += 1;
      belowNeeds += cluster.needs.length;
    }
  }
  kept.sort((a, b) => priority(b) - priority(a) || compare(a.oldest, b.oldest) || compare(a.key, b.key));
  const now = options.now.getTime();
  const suggestions = kept.slice(0, options.limit).map((c): Suggestion => {
    const oldestFirst = [...c.needs].sort((a, b) => compare(a.loggedAt, b.loggedAt) || compare(a.needId, b.needId));
    const communities = new Set<string>();
    const grids = new Set<string>();
    const groups = new Map<string, number>();
    for (const need of c.needs) {
      communities.add(need.communityCode);
      grids.add(need.gridCode);
      for (const g of need.beneficiaryGroups) groups.set(g, (groups.get(g) ?? 0) + 1);
    }
    return {
      key: c.key,
      category: c.category,
      beneficiaryGroup: c.group,
      level: c.level,
      areaCode: c.areaCode,
      streetCode: c.streetCode,
      communityCodes: [...communities].sort(compare),
      gridCodes: [...grids].sort(compare),
      multiCommunity: communities.size > 1,
      needsCount: c.needs.length,
      beneficiaries: c.beneficiaries,
      urgency: { ...c.urgency },
      groups: Object.fromEntries([...groups.entries()].sort(([a], [b]) => compare(a, b))),
      oldestLoggedAt: c.oldest,
      oldestWaitingDays: Math.max(0, Math.round((now - Date.parse(c.oldest)) / 8_640_000) / 10),
      needIds: oldestFirst.slice(0, options.maxNeedIds).map((n) => n.needId),
      needIdsTruncated: c.needs.length > options.maxNeedIds,
      draftBudget: draftBudget(options.unitCosts.get(c.category), c.beneficiaries),
    };
  });
  return { suggestions, belowThreshold: { clusters: belowClusters, needs: belowNeeds } };
}
