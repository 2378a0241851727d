/** Client for GET /api/v1/session and the pure logic that turns its response into display text. */

export const SESSION_URL = '/api/v1/session';

/** What the UI needs to know about the current session. */
export type SessionView = { signedIn: true; email: string } | { signedIn: false };

/** Thrown for responses that are neither a valid 200 nor a 401; react-query reports it as an error. */
export class SessionError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'SessionError';
    this.status = status;
  }
}

/** Interprets an HTTP status and (parsed JSON) body from GET /api/v1/session. */
export function interpretSession(status: number, body: unknown): SessionView {
  if (status === 401) {
    return { signedIn: false };
  }
  if (status === 200) {
    const email = extractEmail(body);
    if (email === undefined) {
      throw new SessionError(status, 'Session response has no user.email');
    }
    return { signedIn: true, email };
  }
  throw new SessionError(status, `Unexpected session response: HTTP ${status}`);
}

/** The text shown on the page for a session. */
export function sessionText(view: SessionView): string {
  return view.signedIn ? `Signed in as ${view.email}` : 'Not signed in';
}

/** Fetches the current session; used as the react-query queryFn. */
export async function fetchSession(fetchFn: typeof fetch = fetch): Promise<SessionView> {
  const response = await fetchFn(SESSION_URL, {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  const body: unknown = response.status === 200 ? await response.json() : undefined;
  return interpretSession(response.status, body);
}

function extractEmail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('user' in body)) {
    return undefined;
  }
  const user: unknown = body.user;
  if (typeof user !== 'object' || user === null || !('email' in user)) {
    return undefined;
  }
  const email: unknown = user.email;
  return typeof email === 'string' && email.length > 0 ? email : undefined;
}
