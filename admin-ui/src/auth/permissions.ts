import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import { can, type RoleMatrix } from '../lib/permissions';
import { useSignedIn } from './session';

/** The permission matrix, cached for the session (it changes only with a release). */
export function useRoleMatrix() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api<RoleMatrix>('/api/v1/roles'), staleTime: Infinity });
}

/** Whether the signed-in member may do this in the active organisation; undefined while loading. */
export function usePermission(scope: string): boolean | undefined {
  const session = useSignedIn();
  const matrix = useRoleMatrix();
  if (!matrix.data) {
    return undefined;
  }
  return can(matrix.data, session.activeOrganization.role, scope);
}
