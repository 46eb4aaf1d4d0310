import { useMemo } from 'react';
import { organisationsApi, type OrganisationView } from '../../api/organisations';
import { useReference } from '../../api/reference';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';

export interface Option {
  value: string;
  label: string;
}

/** Area codes are hierarchical by prefix (XZ-GL ⊃ XZ-GL-HL ⊃ XZ-GL-HL-01). */
export const covers = (served: string, area: string) => area === served || area.startsWith(`${served}-`);

/**
 * Names of categories and areas where intake lets the user read them. Organisation users and
 * social workers may not read intake's registry (a gap reported to the lead): then codes are
 * shown as they are and typed in as tags.
 */
export function useNames() {
  const { pick } = useI18n();
  const { reference } = useReference();
  return useMemo(() => {
    const areas = (reference?.areas ?? []).filter((a) => a.active && a.kind !== 'grid');
    const areaName = (code: string) => {
      const area = reference?.area(code);
      return area ? `${area.name}` : code;
    };
    const categoryName = (code: string) => {
      const category = reference?.category(code);
      return category ? pick(category.name) : code;
    };
    const areaOptions: Option[] = areas.map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }));
    const categoryOptions: Option[] = (reference?.categories ?? [])
      .filter((c) => c.active)
      .map((c) => ({ value: c.code, label: pick(c.name) }));
    /** Communities within the served areas, for stationing social workers. */
    const communitiesWithin = (served: readonly string[]): Option[] => {
      const known = areas
        .filter((a) => a.kind === 'community' && served.some((s) => covers(s, a.code)))
        .map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }));
      return known.length > 0 || reference ? known : served.map((code) => ({ value: code, label: code }));
    };
    return { known: reference !== undefined, areaName, categoryName, areaOptions, categoryOptions, communitiesWithin };
  }, [reference, pick]);
}

/** The signed-in user's organisation (null when the account is not linked to one). */
export function useMyOrganisation() {
  const session = useSession();
  const organisationId = session?.principal.organisationId ?? null;
  const state = useAsync<OrganisationView | null>(
    (signal) => (organisationId ? organisationsApi.organisation(organisationId, signal) : Promise.resolve(null)),
    [organisationId],
  );
  return { organisationId, ...state };
}
