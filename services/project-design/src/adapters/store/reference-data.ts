import type { BaseDocument, DocumentStore } from '@sanshe/platform';
import { versionInForce, type PolicyVersion } from '../../domain/policy';
import type { UnitCost } from '../../domain/suggestions';

export type PolicyDocument = PolicyVersion & BaseDocument;

/** A category's unit-cost benchmark; its _id is the category code. */
export interface UnitCostDocument extends BaseDocument, UnitCost {
  note: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * Which project a contract belongs to, learned from `contract.signed` or `grant.contracted`;
 * service records and a contract's end only name the contract, and may arrive first.
 */
export interface ContractLinkDocument extends BaseDocument {
  projectId: string | null;
  serviceRecorded: boolean;
  /** How the contract ended; absent while it runs (and on links stored before this was kept). */
  closed?: 'completed' | 'terminated';
}

/** Dated policy versions, unit-cost benchmarks and contract links: small collections, read whole. */
export function createReferenceRepository(store: DocumentStore) {
  const policies = store.collection<PolicyDocument>('policy_versions');
  const unitCosts = store.collection<UnitCostDocument>('unit_costs');
  const contractLinks = store.collection<ContractLinkDocument>('contract_links');
  return {
    policies,
    unitCosts,
    contractLinks,
    async setup() {
      await policies.createIndex({ keys: { effectiveFrom: 1 } });
    },
    listPolicies: () => policies.find({}, { sort: { effectiveFrom: 1 } }),
    async policyInForce(at: Date): Promise<PolicyDocument | null> {
      return versionInForce(await policies.find({ effectiveFrom: { $lte: at.toISOString() } }), at);
    },
    async unitCostMap(): Promise<Map<string, UnitCost>> {
      return new Map((await unitCosts.find({})).map((u) => [u._id, u]));
    },
    async linkContract(contractId: string, projectId: string) {
      return contractLinks.findOneAndUpdate(
        { _id: contractId },
        { $set: { projectId }, $setOnInsert: { serviceRecorded: false } },
        { upsert: true, returnDocument: 'after' },
      );
    },
    async markServiceRecorded(contractId: string) {
      return contractLinks.findOneAndUpdate(
        { _id: contractId },
        { $set: { serviceRecorded: true }, $setOnInsert: { projectId: null } },
        { upsert: true, returnDocument: 'after' },
      );
    },
    async markClosed(contractId: string, closed: 'completed' | 'terminated') {
      return contractLinks.findOneAndUpdate(
        { _id: contractId },
        { $set: { closed }, $setOnInsert: { projectId: null, serviceRecorded: false } },
        { upsert: true, returnDocument: 'after' },
      );
    },
    /** How each of these contracts ended (absent: still running or not seen). */
    async closedOf(contractIds: readonly string[]): Promise<Map<string, 'completed' | 'terminated'>> {
      if (contractIds.length === 0) return new Map();
      const links = await contractLinks.find({ _id: { $in: [...contractIds] } });
      return new Map(links.flatMap((l) => (l.closed ? [[l._id, l.closed] as const] : [])));
    },
  };
}

export type ReferenceRepository = ReturnType<typeof createReferenceRepository>;
