/** Who is acting, as far as the rules care: roles and the organisation or funder they act for. */
export interface Actor {
  roles: readonly string[];
  organisationId: string | null;
  /** The funder a funder user acts for (null: none, so a funder sees nothing). */
  funderCode?: string | null;
}

const has = (actor: Actor, role: string) => actor.roles.includes(role);

/** Officials and administrators oversee every contract and programme. */
export function oversees(actor: Actor): boolean {
  return has(actor, 'official') || has(actor, 'admin');
}

/** Funders (who are not also officials or administrators) act only for their own funder code. */
export function isFunderScoped(actor: Actor): boolean {
  return has(actor, 'funder') && !oversees(actor);
}

/** A funder-scoped actor without a funder code is refused outright (fail closed). */
export function lacksFunderScope(actor: Actor): boolean {
  return isFunderScoped(actor) && !actor.funderCode;
}

/** Whether the actor acts for the funder of a programme (or contract) with this funder code. */
export function fundsWith(actor: Actor, funderCode: string | null): boolean {
  if (oversees(actor)) return true;
  return has(actor, 'funder') && !!actor.funderCode && funderCode === actor.funderCode;
}

/**
 * Officials, administrators and evaluators see every contract; a funder those drawn on their own
 * programmes (`funderCode`: the contract's funder as the funding projection knows it, null when
 * unknown); an organisation's people only their own.
 */
export function canSeeContract(actor: Actor, contract: { organisationId: string }, funderCode: string | null): boolean {
  if (oversees(actor) || has(actor, 'evaluator')) return true;
  if (has(actor, 'funder') && fundsWith(actor, funderCode)) return true;
  return actor.organisationId !== null && actor.organisationId === contract.organisationId;
}

/** Disbursing a tranche: an official for any contract, a funder only for their own programmes'. */
export function canDisburse(actor: Actor, funderCode: string | null): boolean {
  if (has(actor, 'official')) return true;
  return has(actor, 'funder') && fundsWith(actor, funderCode);
}
