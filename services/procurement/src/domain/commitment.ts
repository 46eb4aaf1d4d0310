import { createHash } from 'node:crypto';

/**
 * A bid's commitment: SHA-256 over its canonical content and a random nonce. The
 * bidder keeps it as a receipt; commitments are published at opening, and anyone can
 * recompute them from the opened bids to check that nothing changed.
 */
export function bidCommitment(
  content: { tenderId: string; organisationId: string; priceFen: number; proposal: string },
  nonce: string,
): string {
  const canonical = JSON.stringify([
    content.tenderId,
    content.organisationId,
    content.priceFen,
    content.proposal,
    nonce,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
