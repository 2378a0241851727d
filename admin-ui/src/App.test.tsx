import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router-dom';
import App from './App';

function renderAt(path: string): string {
  return renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('App', () => {
  it('renders the sign-in form in a main landmark with labelled fields', () => {
    const html = renderAt('/login?next=%2Fdeals');
    expect(html).toContain('<main class="auth-page" id="main">');
    expect(html).toContain('<h1>Sign in</h1>');
    expect(html).toMatch(/<label for="[^"]+">Email<\/label><input id="[^"]+" type="email"/);
    expect(html).toMatch(/<label for="[^"]+">Password<\/label>/);
    expect(html).toContain('href="/signup?next=%2Fdeals"');
  });

  it('renders the sign-up form', () => {
    const html = renderAt('/signup');
    expect(html).toContain('<h1>Create your account</h1>');
    expect(html).toContain('Organisation name');
    expect(html).toContain('At least 10 characters.');
  });

  it('says what is wrong with an invitation link without a token', () => {
    const html = renderAt('/invitations/accept');
    expect(html).toContain('role="alert"');
    expect(html).toContain('has no invitation token');
  });

  it('checks the session before showing a signed-in screen', () => {
    const html = renderAt('/deals/42');
    expect(html).toContain('Checking your session');
    expect(html).not.toContain('<nav aria-label="Main">');
  });
});
