/** What a role may do, from the permission matrix (GET /api/v1/roles): the session carries only the role. */

export type RoleName = 'OWNER' | 'ADMIN' | 'MANAGER' | 'MEMBER' | 'VIEWER';
export type RoleMatrix = { role: RoleName; permissions: string[] }[];

/** Scope strings as the API writes them (Permission.scope()). */
export const DESIGN_AUTOMATION = 'design-automation';
export const PROCESS_READ = 'process:read';
export const PROCESS_OPERATE = 'process:operate';

/** Whether the role has the permission; false while the matrix is unknown, so nothing is offered too early. */
export function can(matrix: RoleMatrix | undefined, role: RoleName, scope: string): boolean {
  return matrix?.find((entry) => entry.role === role)?.permissions.includes(scope) ?? false;
}
