import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError, CSRF_COOKIE, onSessionExpired, readCookie } from '../lib/api';
import { Loading, ErrorMessage } from '../ui/common';

export type Role = 'OWNER' | 'ADMIN' | 'MANAGER' | 'MEMBER' | 'VIEWER';
export type MyOrganization = { id: string; name: string; role: Role };
export type Session = {
  user: { id: string; email: string; name: string };
  activeOrganization: MyOrganization;
  organizations: MyOrganization[];
  csrfToken: string;
};

export const SESSION_KEY = ['session'];

/** GET /session; null when signed out (401). */
export async function loadSession(): Promise<Session | null> {
  // the CSRF cookie comes and goes with the session cookie: without it there is no session to ask about
  // (and no 401 for the browser to log on every visit to the sign-in page)
  if (!readCookie(document.cookie, CSRF_COOKIE)) {
    return null;
  }
  try {
    return await api<Session>('/api/v1/session', { anonymous: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

type Notice = { message: string | null; setMessage: (m: string | null) => void };
const NoticeContext = createContext<Notice>({ message: null, setMessage: () => {} });

export function useLoginNotice() {
  return useContext(NoticeContext);
}

/** The login page's message and the reaction to an expired session: back to login, keeping the route. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      onSessionExpired(() => {
        if (location.pathname === '/login' || location.pathname === '/signup' || location.pathname.startsWith('/invitations')) {
          return;
        }
        client.setQueryData(SESSION_KEY, null);
        setMessage('Your session has ended. Sign in again to continue where you were.');
        const next = location.pathname + location.search;
        navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
      }),
    [client, navigate, location],
  );
  return <NoticeContext.Provider value={{ message, setMessage }}>{children}</NoticeContext.Provider>;
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000 });
}

/** The signed-in session; only inside RequireSession. */
export function useSignedIn(): Session {
  const { data } = useSession();
  if (!data) {
    throw new Error('useSignedIn outside RequireSession');
  }
  return data;
}

const ROLE_RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, MANAGER: 2, ADMIN: 3, OWNER: 4 };

export function atLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return <Loading label="Checking your session…" />;
  }
  if (session.isError) {
    return (
      <main className="auth-page">
        <ErrorMessage error={session.error} retry={() => session.refetch()} />
      </main>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
