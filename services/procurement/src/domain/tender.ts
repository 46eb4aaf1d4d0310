export type TenderStatus = 'tendering' | 'closed' | 'evaluated' | 'awarded' | 'unsuccessful';

/** The server clock decides: once the deadline has passed, a tendering tender is closed, job or no job. */
export function isPastDeadline(deadline: string, now: Date): boolean {
  return now.getTime() >= new Date(deadline).getTime();
}

/** 流标: an open tender needs at least `minimum` qualified bids to go on. */
export function closingStatus(qualifiedBids: number, minimum: number): 'closed' | 'unsuccessful' {
  return qualifiedBids >= minimum ? 'closed' : 'unsuccessful';
}
