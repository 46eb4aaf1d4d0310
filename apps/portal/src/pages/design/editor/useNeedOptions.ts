import { useMemo } from 'react';
import { designApi, type ProjectView } from '../../../api/design';
import { intakeApi } from '../../../api/intake';
import { useReference } from '../../../api/reference';
import { useAsync } from '../../../hooks';

interface KnownNeed {
  needId: string;
  caseNumber: string;
  gridCode: string;
  beneficiaryCount: number;
}

/** Linked needs are looked up one by one; a project of hundreds shows the first ones by case number. */
const LOOKUP_LIMIT = 60;

/**
 * What the linked-needs field offers: the project's own needs (looked up in intake) and the open,
 * unlinked needs of its category in the user's areas. Readers without intake access (funders)
 * see the ids only.
 */
export function useNeedOptions(project: ProjectView, canReadNeeds: boolean) {
  const { reference } = useReference();
  const loaded = useAsync(
    async (signal) => {
      if (!canReadNeeds) return [];
      const [open, linked] = await Promise.all([
        designApi.openNeeds({ category: project.category, limit: 500 }, signal).catch(() => []),
        Promise.all(
          project.needIds.slice(0, LOOKUP_LIMIT).map((id) =>
            intakeApi.need(id).then(
              (n): KnownNeed => ({
                needId: n.needId,
                caseNumber: n.caseNumber,
                gridCode: n.gridCode,
                beneficiaryCount: n.beneficiaryCount,
              }),
              () => null,
            ),
          ),
        ),
      ]);
      return [...linked.filter((n): n is KnownNeed => n !== null), ...open];
    },
    [project.projectId, project.category, project.version, canReadNeeds],
  );

  return useMemo(() => {
    const byId = new Map<string, KnownNeed>();
    for (const n of loaded.data ?? []) if (!byId.has(n.needId)) byId.set(n.needId, n);
    const ids = [...new Set([...project.needIds, ...byId.keys()])];
    const options = ids.map((id) => {
      const n = byId.get(id);
      const grid = n ? (reference?.area(n.gridCode)?.name ?? n.gridCode) : '';
      return { value: id, label: n ? `${n.caseNumber} · ${grid}` : id };
    });
    return { options, byId, loading: loaded.loading };
  }, [loaded.data, loaded.loading, project.needIds, reference]);
}
