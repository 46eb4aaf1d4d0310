/** CloudEvents `source` of everything this service publishes. */
export const SOURCE = '/sanshe/needs-intake';

export const SLA_REMIND_JOB = 'need-sla-remind';
export const SLA_ESCALATE_JOB = 'need-sla-escalate';
