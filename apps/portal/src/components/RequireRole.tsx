import type { ReactNode } from 'react';
import { hasRole, type Role } from '../auth/session';
import { useSession } from '../hooks';
import { Forbidden } from '../pages/Status';

/** Shows its children to the given roles, a "forbidden" page to others (the API checks again). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  return hasRole(session?.principal, roles) ? children : <Forbidden />;
}
