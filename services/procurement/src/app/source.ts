/** CloudEvents `source` of everything this service publishes. */
export const SOURCE = '/sanshe/procurement';

/** Job names (one handler each, registered in adapters/jobs). */
export const CLOSE_TENDER_JOB = 'close-tender';
export const FINALISE_AWARD_JOB = 'finalise-award';
export const CLOSE_ROUND_JOB = 'close-round';
