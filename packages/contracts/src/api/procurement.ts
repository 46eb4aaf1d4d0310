import { z } from 'zod';
import { SocialOrganisationUscc } from '../values/uscc';
import { Fen } from '../values/money';
import { Id } from '../values/ids';

export const RegisterOrganisationRequest = z
  .object({
    uscc: SocialOrganisationUscc,
    name: z.string().trim().min(2).max(200),
    legalRepresentative: z.string().trim().min(1).max(50),
    registeredOn: z.iso.date(),
    categories: z.array(z.string().trim().min(1)).min(1),
  })
  .strict()
  .meta({ id: 'RegisterOrganisationRequest' });

export const OrganisationView = z
  .object({
    organisationId: Id,
    uscc: z.string(),
    name: z.string(),
    kind: z.string().nullable(),
    categories: z.array(z.string()),
    registeredOn: z.string(),
    status: z.enum(['registered', 'verified', 'suspended']),
  })
  .meta({ id: 'Organisation' });

export const TenderStatus = z.enum(['tendering', 'closed', 'evaluated', 'awarded', 'unsuccessful']);

export const TenderView = z
  .object({
    tenderId: Id,
    projectId: Id,
    title: z.string(),
    category: z.string(),
    budgetFen: Fen,
    deadline: z.string(),
    status: TenderStatus,
    bidCount: z.number().int(),
    awardedBidId: Id.nullable(),
  })
  .meta({ id: 'Tender' });

export const SubmitBidRequest = z
  .object({
    priceFen: Fen.refine((v) => v > 0, 'price must be positive'),
    proposal: z.string().trim().min(10).max(20_000),
  })
  .strict()
  .meta({ id: 'SubmitBidRequest' });

export const BidReceipt = z
  .object({
    bidId: Id,
    tenderId: Id,
    organisationId: Id,
    submittedAt: z.string(),
    /** SHA-256 over the canonical bid content and a secret nonce: proves later that the bid never changed. */
    commitment: z.string(),
  })
  .meta({ id: 'BidReceipt' });

export const OpenedBidView = z
  .object({
    bidId: Id,
    organisationId: Id,
    organisationName: z.string(),
    priceFen: Fen,
    proposal: z.string(),
    commitment: z.string(),
    nonce: z.string(),
    submittedAt: z.string(),
  })
  .meta({ id: 'OpenedBid' });

export const EvaluateTenderRequest = z
  .object({
    priceWeight: z.number().int().min(1).max(100),
    technicalScores: z.array(z.object({ bidId: Id, score: z.number().min(0).max(100) })).min(1),
  })
  .strict()
  .meta({ id: 'EvaluateTenderRequest' });

export const EvaluationResult = z
  .object({
    tenderId: Id,
    basePriceFen: Fen,
    ranking: z.array(
      z.object({
        bidId: Id,
        organisationId: Id,
        priceFen: Fen,
        priceScore: z.number(),
        technicalScore: z.number(),
        totalScore: z.number(),
        rank: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'EvaluationResult' });

export const AwardTenderRequest = z.object({ bidId: Id.optional() }).strict();

export const TenderIdParams = z.object({ tenderId: Id });
export const ListTendersQuery = z.object({ projectId: Id.optional(), status: TenderStatus.optional() });
