import type { BidReceipt } from '../../api/organisations';

/**
 * The organisation's commitment receipts, kept in this browser: procurement returns a bid's
 * receipt only to the bidder and has no "my bids" list, and the receipt is what proves, after
 * opening, that the published commitment is the one the organisation was given. Receipts hold
 * no bid content (a hash and dates), so the local storage of the browser may keep them.
 */
export interface KeptReceipt {
  tenderId: string;
  tenderTitle: string;
  receipt: BidReceipt;
  keptAt: string;
}

const STORAGE_KEY = 'sanshe.bidReceipts';

type Store = Record<string, KeptReceipt[]>;

function read(): Store {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Store) : {};
  } catch {
    return {};
  }
}

function write(store: Store): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(store));
  } catch {
    // storage unavailable: the receipt is still shown and can be downloaded
  }
}

export const receiptStore = {
  list(organisationId: string): KeptReceipt[] {
    return [...(read()[organisationId] ?? [])].sort((a, b) =>
      b.receipt.submittedAt.localeCompare(a.receipt.submittedAt),
    );
  },
  forTender(organisationId: string, tenderId: string): KeptReceipt | undefined {
    return read()[organisationId]?.find((k) => k.tenderId === tenderId);
  },
  /** Keeps the latest receipt of a tender's bid (its history lists the earlier commitments). */
  keep(organisationId: string, tenderTitle: string, receipt: BidReceipt): KeptReceipt {
    const store = read();
    const kept: KeptReceipt = { tenderId: receipt.tenderId, tenderTitle, receipt, keptAt: new Date().toISOString() };
    store[organisationId] = [...(store[organisationId] ?? []).filter((k) => k.tenderId !== receipt.tenderId), kept];
    write(store);
    return kept;
  },
};

/** The receipt as a JSON file the organisation can file away, with how the commitment is made. */
export function downloadReceipt(kept: KeptReceipt): void {
  const document_ = {
    kind: 'sanshe.bid-receipt',
    tenderId: kept.tenderId,
    tenderTitle: kept.tenderTitle,
    bidId: kept.receipt.bidId,
    organisationId: kept.receipt.organisationId,
    status: kept.receipt.status,
    revision: kept.receipt.revision,
    submittedAt: kept.receipt.submittedAt,
    commitment: kept.receipt.commitment,
    commitmentHistory: kept.receipt.commitmentHistory,
    algorithm: 'SHA-256 of UTF-8 JSON.stringify([tenderId, organisationId, priceFen, proposal, nonce]), lower-case hex',
  };
  const blob = new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = `bid-receipt-${kept.tenderId}-r${kept.receipt.revision}.json`;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
