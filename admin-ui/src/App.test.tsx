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
  it('renders the placeholder page with landmarks and developer links', () => {
    const html = renderAt('/');
    expect(html).toContain('<main');
    expect(html).toContain('<h1>NexaCRM</h1>');
    expect(html).toContain('coming soon');
    expect(html).toMatch(/<nav aria-label="Developer links">/);
    expect(html).toContain('href="/swagger-ui/index.html"');
    expect(html).toContain('href="/actuator/health"');
    expect(html).toContain('role="status"');
  });

  it('renders deep links through the catch-all route', () => {
    const html = renderAt('/contacts/42');
    expect(html).toContain('<h1>NexaCRM</h1>');
    expect(html).toContain('does not exist yet');
    expect(html).toContain('href="/"');
  });
});
