import {
  chinaDate,
  ContractSigned,
  GrantContracted,
  type EventData,
  type RoundAwarded,
  type TenderAwarded,
} from '@sanshe/contracts';
import { randomInt } from 'node:crypto';
import { createEvent, DuplicateKeyError, insertWithEvents, newId, type Cause } from '@sanshe/platform';
import { planContract, type Contract } from '../domain/contract';
import type { ContractDocument } from '../adapters/store/repositories';
import type { FulfilmentDeps } from './deps';
import { SOURCE } from './source';

type Deps = Pick<FulfilmentDeps, 'repos' | 'clock' | 'settings'>;

/** From the signing day (in China) for `months` months, the last day included. */
function period(signedAt: Date, months: number): Contract['period'] {
  const startDate = chinaDate(signedAt);
  const end = new Date(`${startDate}T00:00:00.000Z`);
  end.setUTCMonth(end.getUTCMonth() + months);
  end.setUTCDate(end.getUTCDate() - 1);
  return { startDate, endDate: end.toISOString().slice(0, 10) };
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const residentCode = () =>
  Array.from({ length: 6 }, () => CODE_ALPHABET.charAt(randomInt(CODE_ALPHABET.length))).join('');
const residentCodes = (needIds: readonly string[]) => Object.fromEntries(needIds.map((id) => [id, residentCode()]));

const fresh = {
  revision: 1,
  amendments: [],
  evaluations: [],
  remediations: [],
  termination: null,
  fulfilledNeedIds: [],
};

/** Inserting under the unique award key makes a redelivered award a no-op. */
async function insertOnce(
  deps: Deps,
  doc: Omit<ContractDocument, 'version' | 'outbox'>,
  event: Parameters<typeof insertWithEvents>[2][number],
) {
  if (await deps.repos.contracts.findOne({ awardKey: doc.awardKey })) return;
  try {
    await insertWithEvents(deps.repos.contracts, doc, [event]);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}

/** A contract for an awarded tender. */
export async function createContract(deps: Deps, award: EventData<typeof TenderAwarded>, cause: Cause): Promise<void> {
  const now = deps.clock.now();
  const contractId = newId();
  const plan = planContract(award.amountFen, award.tranches, newId);
  const signedAt = now.toISOString();
  const event = createEvent(ContractSigned, {
    source: SOURCE,
    subject: contractId,
    now,
    cause,
    data: {
      contractId,
      tenderId: award.tenderId,
      projectId: award.projectId,
      organisationId: award.organisationId,
      needIds: award.needIds,
      valueFen: award.amountFen,
      signedAt,
      organisationName: award.organisationName,
      category: award.category,
    },
  });
  await insertOnce(
    deps,
    {
      _id: contractId,
      awardKey: `tender:${award.tenderId}`,
      source: { kind: 'tender', tenderId: award.tenderId, awardId: award.awardId },
      tenderId: award.tenderId,
      projectId: award.projectId,
      organisationId: award.organisationId,
      organisationName: award.organisationName,
      title: award.title,
      category: award.category,
      needIds: award.needIds,
      residentCodes: residentCodes(award.needIds),
      valueFen: award.amountFen,
      disbursedFen: 0,
      status: 'active',
      period: period(now, deps.settings.contractMonths),
      ...plan,
      ...fresh,
      signedAt,
    },
    event,
  );
}

/** One contract per grant of a venture-funding round, on the configured grant tranche schedule. */
export async function createGrantContracts(
  deps: Deps,
  award: EventData<typeof RoundAwarded>,
  cause: Cause,
): Promise<void> {
  for (const grant of award.grants) {
    const now = deps.clock.now();
    const contractId = newId();
    const signedAt = now.toISOString();
    const event = createEvent(GrantContracted, {
      source: SOURCE,
      subject: contractId,
      now,
      cause,
      data: {
        contractId,
        roundId: award.roundId,
        grantId: grant.grantId,
        programmeId: award.programmeId,
        projectId: award.projectId ?? null,
        organisationId: grant.organisationId,
        organisationName: grant.organisationName,
        category: grant.category,
        valueFen: grant.amountFen,
        signedAt,
      },
    });
    await insertOnce(
      deps,
      {
        _id: contractId,
        awardKey: `grant:${grant.grantId}`,
        source: { kind: 'grant', roundId: award.roundId, grantId: grant.grantId, programmeId: award.programmeId },
        tenderId: null,
        projectId: award.projectId ?? null,
        organisationId: grant.organisationId,
        organisationName: grant.organisationName,
        title: grant.title,
        category: grant.category,
        needIds: [],
        valueFen: grant.amountFen,
        disbursedFen: 0,
        status: 'active',
        period: period(now, deps.settings.contractMonths),
        ...planContract(grant.amountFen, deps.settings.grantTranches, newId),
        ...fresh,
        signedAt,
      },
      event,
    );
  }
}
