import { describe, expect, it } from 'vitest';
import { changes, customAsField, parseInput, RECORD_TYPES, toInput, valueOf } from './schema';

describe('record fields', () => {
  it('reads custom fields from the custom object', () => {
    expect(valueOf({ custom: { region: 'EMEA' } }, 'custom.region')).toBe('EMEA');
    expect(valueOf({ title: 'x' }, 'title')).toBe('x');
  });

  it('maps a custom field definition to a list and form field', () => {
    expect(customAsField({ id: '1', entity: 'deal', key: 'region', label: 'Region', type: 'SELECT', options: ['EMEA'], required: false, position: 0 })).toMatchObject({
      name: 'custom.region', kind: 'enum', options: ['EMEA'],
    });
  });

  it('parses form text into API values', () => {
    expect(parseInput('number', '12.5')).toBe(12.5);
    expect(parseInput('integer', '7')).toBe(7);
    expect(parseInput('tags', 'a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseInput('currency', 'eur')).toBe('EUR');
    expect(parseInput('text', '  ')).toBeNull();
    expect(toInput('tags', ['a', 'b'])).toBe('a, b');
    expect(toInput('text', null)).toBe('');
  });

  it('sends only what changed, custom fields nested, cleared tags as an empty list', () => {
    const fields = [...RECORD_TYPES.deals.fields, customAsField({ id: '1', entity: 'deal', key: 'region', label: 'Region', type: 'TEXT', options: [], required: false, position: 0 })];
    const before = { title: 'A', amount: '10', tags: 'x', 'custom.region': '' };
    const after = { title: 'A', amount: '20', tags: '', 'custom.region': 'EMEA' };
    expect(changes(fields, before, after)).toEqual({ amount: 20, tags: [], custom: { region: 'EMEA' } });
  });
});
