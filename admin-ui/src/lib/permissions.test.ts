import { describe, expect, it } from 'vitest';
import { can, DESIGN_AUTOMATION, PROCESS_READ, type RoleMatrix } from './permissions';

const matrix: RoleMatrix = [
  { role: 'OWNER', permissions: [DESIGN_AUTOMATION, PROCESS_READ] },
  { role: 'MANAGER', permissions: [PROCESS_READ] },
  { role: 'MEMBER', permissions: ['lead:read'] },
];

describe('can', () => {
  it('follows the permission matrix of the role', () => {
    expect(can(matrix, 'OWNER', DESIGN_AUTOMATION)).toBe(true);
    expect(can(matrix, 'MANAGER', DESIGN_AUTOMATION)).toBe(false);
    expect(can(matrix, 'MANAGER', PROCESS_READ)).toBe(true);
    expect(can(matrix, 'VIEWER', PROCESS_READ)).toBe(false);
  });

  it('offers nothing while the matrix is unknown', () => {
    expect(can(undefined, 'OWNER', DESIGN_AUTOMATION)).toBe(false);
  });
});
