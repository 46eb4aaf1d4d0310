/** CloudEvents `source` of everything this service publishes. */
export const SOURCE = '/sanshe/project-design';

/** Checks, after a change spanning documents, that claims and reservations match the project. */
export const RECONCILE_JOB = 'design.reconcile-project';
