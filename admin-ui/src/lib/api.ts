/** The one way the app talks to the API: JSON, the session cookie, CSRF, problem+json errors. */

export const CSRF_COOKIE = 'nexa_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** A field error from a problem+json body's `errors`. */
export type FieldError = { field: string; message: string };

/** A failed call: the HTTP status and what the problem+json body said. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly errors: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.body = body;
  }

  /** The message for one form field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

/** Reads a cookie's value from a `document.cookie` string. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(rest.join('='));
    }
  }
  return undefined;
}

/** Methods that change state carry the CSRF token. */
export function needsCsrf(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when a signed-in call answers 401: the session ended (expired or signed out elsewhere). */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export type RequestOptions = {
  method?: string;
  body?: unknown;
  /** A 401 here is an answer (sign-in form), not an expired session. */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** The response body as text (e.g. BPMN XML) instead of parsed JSON; errors are still problem+json. */
  text?: boolean;
};

/** Builds the headers of a request; exported for tests. */
export function requestHeaders(method: string, hasJsonBody: boolean, cookies: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (hasJsonBody) {
    headers['Content-Type'] = 'application/json';
  }
  if (needsCsrf(method)) {
    const token = readCookie(cookies, CSRF_COOKIE);
    if (token) {
      headers[CSRF_HEADER] = token;
    }
  }
  return headers;
}

/** Calls the API; resolves with the parsed JSON (undefined for 204), rejects with ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const isForm = options.body instanceof FormData;
  const headers = requestHeaders(method, options.body !== undefined && !isForm, document.cookie);
  if (options.text) {
    headers.Accept = 'application/xml, text/plain, application/problem+json';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: options.signal,
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, { title: 'The server cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  if (response.ok && options.text) {
    return text as T;
  }
  let body: unknown = undefined;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { title: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.anonymous) {
      expiredListeners.forEach((listener) => listener());
    }
    const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    throw new ApiError(response.status, problem);
  }
  return body as T;
}

/** The message to show for any failure. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.errors.length > 0) {
      return `${error.detail ?? error.title}: ${error.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
    }
    return error.detail ?? error.title;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return 'Something went wrong.';
}
