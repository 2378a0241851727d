/** Money and number formatting for cards, columns and lists. */

export type Total = { currency: string; amount: number | string; weighted?: number | string };

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${compact}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en', {
        style: 'currency',
        currency,
        notation: compact ? 'compact' : 'standard',
        maximumFractionDigits: compact ? 1 : 2,
        minimumFractionDigits: 0,
      });
    } catch {
      // an unknown code still shows, as "1,234 XYZ"
      f = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
    }
    formatters.set(key, f);
  }
  return f;
}

/** "€5,000", "$1,234.5"; an amount the API sends as a string is parsed; null → "—". */
export function formatMoney(amount: number | string | null | undefined, currency: string | null | undefined, compact = false): string {
  if (amount === null || amount === undefined || amount === '') {
    return '—';
  }
  const value = typeof amount === 'string' ? Number(amount) : amount;
  if (!Number.isFinite(value)) {
    return '—';
  }
  if (!currency) {
    return new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(value);
  }
  const f = formatter(currency, compact);
  const text = f.format(value);
  return f.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

/** Column totals, one per currency: "€12k · $3k". */
export function formatTotals(totals: Total[], pick: 'amount' | 'weighted'): string {
  if (totals.length === 0) {
    return '0';
  }
  return totals.map((t) => formatMoney(t[pick] ?? 0, t.currency, true)).join(' · ');
}

/** Adds or removes a card's amount from per-currency totals (optimistic moves). */
export function adjustTotals(totals: Total[], currency: string | null, amount: number | string | null, probability: number, sign: 1 | -1): Total[] {
  if (!currency || amount === null || amount === undefined) {
    return totals;
  }
  const value = Number(amount);
  if (!Number.isFinite(value)) {
    return totals;
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  const existing = totals.find((t) => t.currency === currency);
  const next = totals.map((t) =>
    t.currency === currency
      ? {
          currency,
          amount: round(Number(t.amount) + sign * value),
          weighted: round(Number(t.weighted ?? 0) + (sign * value * probability) / 100),
        }
      : t,
  );
  if (!existing && sign === 1) {
    next.push({ currency, amount: round(value), weighted: round((value * probability) / 100) });
  }
  return next.filter((t) => Number(t.amount) !== 0 || Number(t.weighted ?? 0) !== 0).sort((a, b) => a.currency.localeCompare(b.currency));
}

/** "12 Mar 2026" for a yyyy-mm-dd date; "—" for none. */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "12 Mar 2026, 14:05" for a timestamp. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
