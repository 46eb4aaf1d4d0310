import { AppError, conflict } from '@sanshe/platform';

export const CONCURRENT = 'PROCUREMENT.CONCURRENT_UPDATE';
export const concurrentUpdate = () => conflict(CONCURRENT, 'the record changed meanwhile; retry');

/**
 * Runs a read-decide-write use case again when its optimistic write lost a race (an
 * evaluator's sheet and the deadline job, say), a few times before giving up with 409.
 */
export async function retrying<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== CONCURRENT || i >= attempts) throw error;
    }
  }
}
