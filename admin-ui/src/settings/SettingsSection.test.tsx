import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ApiError } from '../lib/api';
import { SettingsSection, type QueryState } from './SettingsSection';

function query<T>(state: Partial<QueryState<T>>): QueryState<T> {
  return { isPending: false, isError: false, error: null, data: undefined, refetch: () => undefined, ...state };
}

const list = (items: string[]) => (
  <ul>
    {items.map((i) => (
      <li key={i}>{i}</li>
    ))}
  </ul>
);

describe('SettingsSection', () => {
  it('frames the page: heading, hint, then what comes before, the data and after', () => {
    const html = renderToStaticMarkup(
      <SettingsSection title="Teams" hint="Who works together." before={<form aria-label="add" />} after={<p>after</p>} query={query({ data: ['North'] })} empty="No teams yet.">
        {list}
      </SettingsSection>,
    );
    expect(html).toBe(
      '<section aria-labelledby="settings-title" class="page"><h2 id="settings-title">Teams</h2><p class="hint">Who works together.</p>' +
        '<form aria-label="add"></form><ul><li>North</li></ul><p>after</p></section>',
    );
  });

  it('shows the loading state while the query is pending, and the empty text for an empty list', () => {
    const pending = renderToStaticMarkup(
      <SettingsSection title="Teams" query={query<string[]>({ isPending: true })} empty="No teams yet.">
        {list}
      </SettingsSection>,
    );
    expect(pending).toContain('role="status"');
    expect(pending).not.toContain('<ul>');
    const empty = renderToStaticMarkup(
      <SettingsSection title="Teams" query={query({ data: [] as string[] })} empty="No teams yet.">
        {list}
      </SettingsSection>,
    );
    expect(empty).toContain('<p class="empty">No teams yet.</p>');
    expect(empty).not.toContain('<ul>');
  });

  it('shows the error with a retry, and plain children when there is no query', () => {
    const failed = renderToStaticMarkup(
      <SettingsSection title="Teams" query={query<string[]>({ isError: true, error: new ApiError(500, { detail: 'Boom' }) })}>
        {list}
      </SettingsSection>,
    );
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('Try again');
    const plain = renderToStaticMarkup(
      <SettingsSection title="Routing">
        <p>form</p>
      </SettingsSection>,
    );
    expect(plain).toContain('<h2 id="settings-title">Routing</h2><p>form</p>');
  });
});
