/** CloudEvents `source` of everything this service publishes. */
export const SOURCE = '/sanshe/procurement';
export const CLOSE_TENDER_JOB = 'close-tender';
