import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { api } from './lib/api';
import { SESSION_KEY, useSignedIn, type Session } from './auth/session';
import { useToast } from './ui/common';
import { useRoleMatrix } from './auth/permissions';
import { can, DESIGN_AUTOMATION, PROCESS_READ } from './lib/permissions';

const NAV = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/board', label: 'Board' },
  { to: '/deals', label: 'Deals' },
  { to: '/leads', label: 'Leads' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/companies', label: 'Companies' },
  { to: '/settings', label: 'Settings' },
];

/** Screens offered only to roles that can use them (the API enforces the same permissions). */
const PERMITTED_NAV = [
  { to: '/automation', label: 'Automation', permission: DESIGN_AUTOMATION },
  { to: '/monitor', label: 'Monitor', permission: PROCESS_READ },
];

/** The signed-in frame: skip link, header with navigation and organisation switcher, the screen. */
export function Shell() {
  const session = useSignedIn();
  const roles = useRoleMatrix();
  const client = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const switchOrg = useMutation({
    mutationFn: (organizationId: string) => api<Session>('/api/v1/session/organization', { method: 'PUT', body: { organizationId } }),
    onSuccess: (next) => {
      client.clear();
      client.setQueryData(SESSION_KEY, next);
      toast(`Switched to ${next.activeOrganization.name}`);
      navigate('/board');
    },
    onError: () => toast('Could not switch organisation.', 'error'),
  });
  const signOut = useMutation({
    mutationFn: () => api('/api/v1/session', { method: 'DELETE' }),
    onSettled: () => {
      client.clear();
      client.setQueryData(SESSION_KEY, null);
      navigate('/login');
    },
  });
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          Nexa<strong>CRM</strong>
        </span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
            {PERMITTED_NAV.filter((item) => can(roles.data, session.activeOrganization.role, item.permission)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <label className="org-switcher">
            <span className="visually-hidden">Organisation</span>
            <select
              value={session.activeOrganization.id}
              disabled={switchOrg.isPending}
              onChange={(e) => switchOrg.mutate(e.target.value)}
            >
              {session.organizations.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name} ({org.role.toLowerCase()})
                </option>
              ))}
            </select>
          </label>
          <span className="user" title={session.user.email}>
            {session.user.name}
          </span>
          <button type="button" className="link" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
