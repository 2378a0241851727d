/** Client-side checks that mirror the API's, so a form says what is wrong before sending. The server still decides. */

export type Errors<T extends string = string> = Partial<Record<T, string>>;

// The API's pattern (platform/web/EmailAddresses).
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function emailError(email: string): string | undefined {
  if (!email.trim()) {
    return 'Enter your email address.';
  }
  return EMAIL.test(email.trim()) ? undefined : 'Enter a valid email address, like ada@example.com.';
}

/** The API's password rules (security/Passwords): length, not too simple, not the email's name. */
export function passwordError(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN) {
    return `Use at least ${PASSWORD_MIN} characters.`;
  }
  if (password.length > PASSWORD_MAX) {
    return `Use at most ${PASSWORD_MAX} characters.`;
  }
  if (new Set(password.toLowerCase()).size < 4) {
    return 'Use a less repetitive password.';
  }
  if (email) {
    const local = email.toLowerCase().split('@')[0];
    if (local.length >= 3 && password.toLowerCase().includes(local)) {
      return 'The password must not contain your email address.';
    }
  }
  return undefined;
}

export type SignUpForm = { name: string; email: string; password: string; organizationName: string };

export function validateSignUp(form: SignUpForm): Errors<keyof SignUpForm> {
  const errors: Errors<keyof SignUpForm> = {};
  if (!form.name.trim()) {
    errors.name = 'Enter your name.';
  }
  const email = emailError(form.email);
  if (email) {
    errors.email = email;
  }
  const password = passwordError(form.password, form.email);
  if (password) {
    errors.password = password;
  }
  if (!form.organizationName.trim()) {
    errors.organizationName = 'Name your organisation.';
  }
  return errors;
}

export type LoginForm = { email: string; password: string };

export function validateLogin(form: LoginForm): Errors<keyof LoginForm> {
  const errors: Errors<keyof LoginForm> = {};
  const email = emailError(form.email);
  if (email) {
    errors.email = email;
  }
  if (!form.password) {
    errors.password = 'Enter your password.';
  }
  return errors;
}

export type DealForm = { title: string; amount: string; currency: string; expectedCloseDate: string };

export function validateDeal(form: DealForm): Errors<keyof DealForm> {
  const errors: Errors<keyof DealForm> = {};
  if (!form.title.trim()) {
    errors.title = 'Give the deal a title.';
  }
  if (form.amount.trim() && !/^\d{1,13}(\.\d{1,2})?$/.test(form.amount.trim())) {
    errors.amount = 'Enter an amount like 5000 or 5000.50.';
  }
  if (!/^[A-Z]{3}$/.test(form.currency.trim().toUpperCase())) {
    errors.currency = 'Use a three-letter currency code, like EUR.';
  }
  if (form.expectedCloseDate && !/^\d{4}-\d{2}-\d{2}$/.test(form.expectedCloseDate)) {
    errors.expectedCloseDate = 'Use a date.';
  }
  return errors;
}

export function hasErrors(errors: Errors): boolean {
  return Object.values(errors).some((e) => e !== undefined);
}

/** Where to go after signing in: only a path of this app, never another site. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) {
    return '/';
  }
  return next;
}
