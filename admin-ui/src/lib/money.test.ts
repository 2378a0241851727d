import { describe, expect, it } from 'vitest';
import { adjustTotals, formatDate, formatMoney, formatTotals } from './money';

describe('formatMoney', () => {
  it('formats amounts in their currency', () => {
    expect(formatMoney(5000, 'EUR')).toBe('€5,000');
    expect(formatMoney('1234.5', 'USD')).toBe('$1,234.5');
    expect(formatMoney(0.1 + 0.2, 'GBP')).toBe('£0.3');
  });

  it('shortens large amounts when compact', () => {
    expect(formatMoney(12500, 'EUR', true)).toBe('€12.5K');
    expect(formatMoney(3_000_000, 'USD', true)).toBe('$3M');
  });

  it('shows a dash for no amount and a bare number without a currency', () => {
    expect(formatMoney(null, 'EUR')).toBe('—');
    expect(formatMoney(undefined, 'EUR')).toBe('—');
    expect(formatMoney('not a number', 'EUR')).toBe('—');
    expect(formatMoney(42, null)).toBe('42');
  });

  it('still shows an unknown currency code', () => {
    expect(formatMoney(10, 'ZZZ')).toContain('10');
    expect(formatMoney(10, 'ZZZ')).toContain('ZZZ');
  });
});

describe('totals', () => {
  it('lists one total per currency', () => {
    expect(formatTotals([{ currency: 'EUR', amount: 12000, weighted: 1200 }, { currency: 'USD', amount: '3000.00', weighted: '300.00' }], 'amount')).toBe('€12K · $3K');
    expect(formatTotals([{ currency: 'EUR', amount: 12000, weighted: 1200 }], 'weighted')).toBe('€1.2K');
    expect(formatTotals([], 'amount')).toBe('0');
  });

  it('adds and removes a card, weighted by probability, without float drift', () => {
    const start = [{ currency: 'EUR', amount: 0.1, weighted: 0.05 }];
    const added = adjustTotals(start, 'EUR', 0.2, 50, 1);
    expect(added).toEqual([{ currency: 'EUR', amount: 0.3, weighted: 0.15 }]);
    expect(adjustTotals(added, 'EUR', 0.3, 50, -1)).toEqual([]);
  });

  it('ignores cards without an amount or currency', () => {
    const totals = [{ currency: 'EUR', amount: 10, weighted: 1 }];
    expect(adjustTotals(totals, null, 5, 10, 1)).toBe(totals);
    expect(adjustTotals(totals, 'EUR', null, 10, 1)).toBe(totals);
  });
});

describe('formatDate', () => {
  it('reads a calendar date without shifting it by the time zone', () => {
    expect(formatDate('2026-03-01')).toBe('1 Mar 2026');
    expect(formatDate(null)).toBe('—');
  });
});
