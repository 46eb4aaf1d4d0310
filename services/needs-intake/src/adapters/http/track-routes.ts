import { IntakeApi } from '@sanshe/contracts';
import { AppError, type ApiRouter } from '@sanshe/platform';
import { rateLimit } from 'express-rate-limit';
import type { IntakeDeps } from '../../app/deps';
import { trackCase } from '../../app/track-case';
import type { TrackAttemptsRepository } from '../store/track-attempts';

const tooMany = (code: string, detail: string) => new AppError(code, 429, detail);

/** The resident's own lookup (public, no account): POST so the case number and digits stay out of URLs and access logs. */
export function registerTrackRoutes(api: ApiRouter, deps: IntakeDeps & { attempts: TrackAttemptsRepository }): void {
  // Per client address, in this process's memory (and on the wall clock, not the service
  // clock): each replica counts on its own. The per-case lock in the store is what holds
  // across replicas.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: deps.settings.trackRatePerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Retry-After is already set; the problem goes through the one problem+json mapper.
    handler: (_req, _res, next) =>
      next(tooMany('INTAKE.TRACK_RATE_LIMITED', 'too many case lookups from this address; retry later')),
  });

  api.route({
    method: 'post',
    path: '/track',
    summary:
      'Follow a need by its case number and the last four digits of the contact phone: status and timeline only, no personal data. ' +
      'Rate-limited per address (429 with Retry-After); repeated wrong digits lock the case number for 15 minutes.',
    tags: ['residents'],
    roles: 'public',
    problems: { 429: 'Too many lookups from this address, or too many wrong digits for this case; see Retry-After' },
    middleware: [limiter],
    body: IntakeApi.TrackCaseRequest,
    response: IntakeApi.PublicCaseView,
    handler: async ({ body, res }) => {
      const result = await trackCase(deps, body);
      if (result.kind === 'locked') {
        const seconds = Math.max(1, Math.ceil((result.until.getTime() - deps.clock.now().getTime()) / 1000));
        res.setHeader('Retry-After', String(seconds));
        throw tooMany('INTAKE.TRACK_LOCKED', 'too many failed lookups of this case number; retry later');
      }
      return result.view;
    },
  });
}
