import { describe, expect, it } from 'vitest';
import { emailError, hasErrors, passwordError, safeNext, validateDeal, validateLogin, validateSignUp } from './validation';

describe('sign-up validation', () => {
  const good = { name: 'Ada', email: 'ada@example.com', password: 'a long passphrase', organizationName: 'Acme' };

  it('accepts a complete form', () => {
    expect(validateSignUp(good)).toEqual({});
    expect(hasErrors(validateSignUp(good))).toBe(false);
  });

  it('names each missing or bad field', () => {
    const errors = validateSignUp({ name: ' ', email: 'ada@', password: 'short', organizationName: '' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'name', 'organizationName', 'password']);
    expect(hasErrors(errors)).toBe(true);
  });

  it('mirrors the API password rules', () => {
    expect(passwordError('123456789')).toMatch(/at least 10/);
    expect(passwordError('aaaaabbbbbaaaaa')).toMatch(/repetitive/);
    expect(passwordError('ada-lovelace-99', 'ada-lovelace@example.com')).toMatch(/email/);
    expect(passwordError('x'.repeat(129))).toMatch(/at most 128/);
    expect(passwordError('a long passphrase', 'ada@example.com')).toBeUndefined();
  });

  it('checks emails like the API', () => {
    expect(emailError('')).toMatch(/Enter/);
    expect(emailError('ada@example')).toMatch(/valid/);
    expect(emailError('ada@example.com')).toBeUndefined();
  });
});

describe('login and deal forms', () => {
  it('needs an email and a password to sign in', () => {
    expect(validateLogin({ email: 'ada@example.com', password: '' })).toEqual({ password: 'Enter your password.' });
  });

  it('checks a quick-add deal', () => {
    expect(validateDeal({ title: 'Big one', amount: '5000.50', currency: 'eur', expectedCloseDate: '2026-12-01' })).toEqual({});
    const errors = validateDeal({ title: '', amount: '5,000', currency: 'EURO', expectedCloseDate: 'soon' });
    expect(Object.keys(errors).sort()).toEqual(['amount', 'currency', 'expectedCloseDate', 'title']);
  });
});

describe('safeNext', () => {
  it('returns to paths of this app only', () => {
    expect(safeNext('/deals?q=acme')).toBe('/deals?q=acme');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/login?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
