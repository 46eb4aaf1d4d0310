import { compileReleases, OCDS_EXTENSIONS, type OcdsRelease } from '../domain/ocds';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';

/**
 * OCDS release packages and record packages, built from the release snapshots each
 * tender stored with its changes. Public: this is what anyone may see.
 */
function publisher(deps: Pick<ProcurementDeps, 'settings'>) {
  return { name: deps.settings.ocds.publisherName, uri: deps.settings.ocds.baseUrl };
}

export async function releasePackage(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'settings'>,
  query: { ocid?: string | undefined; limit: number },
) {
  const filter = query.ocid ? { ocid: query.ocid } : {};
  const tenders = await deps.repos.tenders.find(filter, { sort: { openedAt: -1 }, limit: query.limit });
  const releases: OcdsRelease[] = tenders
    .flatMap((t) => t.releases)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const base = deps.settings.ocds.baseUrl;
  return {
    uri: `${base}/api/procurement/ocds/releases${query.ocid ? `?ocid=${encodeURIComponent(query.ocid)}` : ''}`,
    version: '1.1',
    extensions: OCDS_EXTENSIONS,
    publishedDate: deps.clock.now().toISOString(),
    publisher: publisher(deps),
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publicationPolicy: `${base}/api/procurement/openapi.json`,
    releases,
  };
}

export function recordPackage(deps: Pick<ProcurementDeps, 'clock' | 'settings'>, tender: TenderDocument) {
  const base = deps.settings.ocds.baseUrl;
  const packageUri = `${base}/api/procurement/ocds/releases?ocid=${encodeURIComponent(tender.ocid)}`;
  return {
    uri: `${base}/api/procurement/tenders/${tender._id}/ocds-record`,
    version: '1.1',
    extensions: OCDS_EXTENSIONS,
    publishedDate: deps.clock.now().toISOString(),
    publisher: publisher(deps),
    packages: [packageUri],
    records: [
      {
        ocid: tender.ocid,
        releases: tender.releases.map((r) => ({ url: `${packageUri}#${r.id}`, date: r.date, tag: r.tag })),
        compiledRelease: compileReleases(tender.releases),
      },
    ],
  };
}
