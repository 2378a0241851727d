import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, errorText } from '../lib/api';
import { hasErrors, safeNext, validateLogin, validateSignUp, passwordError, type Errors } from '../lib/validation';
import { ErrorMessage, Loading, TextField, useTitle } from '../ui/common';
import { SESSION_KEY, useLoginNotice, type Session } from './session';

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  useTitle(title);
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          Nexa<strong>CRM</strong>
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Field errors from the form's own checks, else from the server's problem. */
function merged<T extends string>(local: Errors<T>, error: unknown, fields: T[]): Errors<T> {
  const out: Errors<T> = { ...local };
  if (error instanceof ApiError) {
    for (const field of fields) {
      out[field] = out[field] ?? error.fieldMessage(field);
    }
  }
  return out;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const client = useQueryClient();
  const notice = useLoginNotice();
  const [form, setForm] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<Errors<'email' | 'password'>>({});
  const login = useMutation({
    mutationFn: () => api<Session>('/api/v1/session', { body: form, anonymous: true }),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(SESSION_KEY, session);
      notice.setMessage(null);
      navigate(next, { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateLogin(form);
    setErrors(found);
    if (!hasErrors(found)) {
      login.mutate();
    }
  };
  const shown = merged(errors, login.error, ['email', 'password']);
  return (
    <AuthFrame title="Sign in">
      {notice.message && (
        <p className="notice" role="status">
          {notice.message}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <TextField label="Email" type="email" autoComplete="email" value={form.email} error={shown.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })} autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" value={form.password} error={shown.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })} />
        {login.isError && (
          <p className="form-error" role="alert">
            {errorText(login.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New to NexaCRM? <Link to={`/signup${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</Link>
      </p>
    </AuthFrame>
  );
}

export function SignUpPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [form, setForm] = useState({ name: '', email: '', password: '', organizationName: '' });
  const [errors, setErrors] = useState<ReturnType<typeof validateSignUp>>({});
  const signUp = useMutation({
    mutationFn: () => api<Session>('/api/v1/signup', { body: form, anonymous: true }),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(SESSION_KEY, session);
      navigate(next, { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateSignUp(form);
    setErrors(found);
    if (!hasErrors(found)) {
      signUp.mutate();
    }
  };
  const shown = merged(errors, signUp.error, ['name', 'email', 'password', 'organizationName']);
  return (
    <AuthFrame title="Create your account">
      <form onSubmit={submit} noValidate>
        <TextField label="Your name" autoComplete="name" value={form.name} error={shown.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })} autoFocus />
        <TextField label="Work email" type="email" autoComplete="email" value={form.email} error={shown.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })} />
        <TextField label="Password" type="password" autoComplete="new-password" value={form.password} error={shown.password}
          hint="At least 10 characters." onChange={(e) => setForm({ ...form, password: e.target.value })} />
        <TextField label="Organisation name" autoComplete="organization" value={form.organizationName} error={shown.organizationName}
          onChange={(e) => setForm({ ...form, organizationName: e.target.value })} />
        {signUp.isError && (
          <p className="form-error" role="alert">
            {errorText(signUp.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}

type Preview = { organizationName: string; email: string; role: string; invitedBy: string; accountExists: boolean };

/** The invitation email's link: /invitations/accept?token=… */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', password: '' });
  const [localError, setLocalError] = useState<string | undefined>();
  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => api<Preview>('/api/v1/invitations/preview', { body: { token }, anonymous: true }),
    enabled: token.length > 0,
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () =>
      api<Session>('/api/v1/invitations/accept', {
        body: preview.data?.accountExists ? { token, password: form.password } : { token, name: form.name, password: form.password },
        anonymous: true,
      }),
    onSuccess: (session) => {
      // everything cached belonged to no organisation or another one; the used link's preview stays,
      // so it is not asked for again (a used invitation answers 410)
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'invitation-preview' });
      client.setQueryData(SESSION_KEY, session);
      navigate('/', { replace: true });
    },
  });
  if (!token) {
    return (
      <AuthFrame title="Invitation">
        <p role="alert">This link has no invitation token. Open the link from the email again.</p>
      </AuthFrame>
    );
  }
  if (preview.isPending) {
    return (
      <AuthFrame title="Invitation">
        <Loading label="Checking the invitation…" />
      </AuthFrame>
    );
  }
  if (preview.isError) {
    return (
      <AuthFrame title="Invitation">
        <ErrorMessage error={preview.error} />
        <p>The link may have been used, revoked or expired. Ask for a new invitation.</p>
      </AuthFrame>
    );
  }
  const invitation = preview.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = invitation.accountExists
      ? form.password ? undefined : 'Enter your password.'
      : !form.name.trim() ? 'Enter your name.' : passwordError(form.password, invitation.email);
    setLocalError(problem);
    if (!problem) {
      accept.mutate();
    }
  };
  return (
    <AuthFrame title={`Join ${invitation.organizationName}`}>
      <p>
        {invitation.invitedBy} invited <strong>{invitation.email}</strong> as {invitation.role.toLowerCase()}.
      </p>
      <form onSubmit={submit} noValidate>
        {!invitation.accountExists && (
          <TextField label="Your name" autoComplete="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        )}
        <TextField
          label={invitation.accountExists ? 'Your password' : 'Choose a password'}
          type="password"
          autoComplete={invitation.accountExists ? 'current-password' : 'new-password'}
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
        {(localError || accept.isError) && (
          <p className="form-error" role="alert">
            {localError ?? errorText(accept.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={accept.isPending}>
          {accept.isPending ? 'Joining…' : 'Accept and join'}
        </button>
      </form>
    </AuthFrame>
  );
}
