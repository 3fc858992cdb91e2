/** The pure access decision: may this principal use a route of this access level? */
import type { Access } from './policy.ts';
import { isAdmin, isMember, type Principal } from './principal.ts';

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

export function decide(principal: Principal, access: Access, publicDashboard: boolean): Decision {
  if (access === 'public') return 'allow';
  if (isAdmin(principal)) return 'allow';
  const anonymousMay = publicDashboard && (access === 'read' || access === 'board');
  switch (principal.kind) {
    case 'anonymous':
      return anonymousMay ? 'allow' : 'unauthenticated';
    case 'kiosk':
      // A kiosk token opens the board; elsewhere it is worth no more than being anonymous.
      return access === 'board' || anonymousMay ? 'allow' : 'forbidden';
    case 'user':
    case 'token':
      return isMember(principal) && access !== 'admin' ? 'allow' : 'forbidden';
  }
}

export function refusalMessage(principal: Principal, access: Access): string {
  if (principal.kind === 'kiosk') return 'A kiosk token opens the wall board only.';
  if (access === 'admin') return principal.kind === 'token' ? 'This token has read scope; this needs an admin token.' : 'This needs an admin account.';
  return 'You may not open this.';
}
