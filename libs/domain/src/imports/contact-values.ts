/** What a phone number or an e-mail address looks like in a list file, before any parsing. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

const EMAIL = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]{2,}$/;
const PHONE_CHARS = /^\+?[\d\s().\/-]+$/;

/** A cell that could be a phone number: digits with the usual separators, 6 to 20 digits. */
export function looksLikePhone(value: string): boolean {
  const v = value.trim();
  if (!PHONE_CHARS.test(v)) return false;
  const digits = v.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 20;
}

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/** A usable e-mail address, trimmed and lower-cased (addresses are compared that way); null if not one. */
export function normaliseEmail(value: string): string | null {
  const v = value.trim().toLowerCase();
  return v !== '' && EMAIL.test(v) ? v : null;
}

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'empty' | 'invalid' };

/**
 * A phone number in E.164 (`+393331234567`). Numbers written without their country are read in the
 * `callingCode`'s country when the file gives one (VICIdial's `phone_code`, e.g. `39`), else in the
 * tenant's default country; `00` is read as `+`. Only numbers valid for their country are kept.
 */
export function normalisePhone(raw: string, defaultCountry: string, callingCode?: string | null): PhoneResult {
  const value = raw.trim();
  if (value === '' || !/\d/.test(value)) return { ok: false, reason: 'empty' };
  const code = callingCode?.replace(/\D/g, '') ?? '';
  const text = value.startsWith('00') ? `+${value.slice(2)}` : value;
  // A calling code's country reads the national form (trunk prefixes included) like its own people write it.
  const parsed =
    code !== '' && !text.startsWith('+')
      ? parsePhoneNumberFromString(text, { defaultCallingCode: code })
      : parsePhoneNumberFromString(text, defaultCountry as CountryCode);
  return parsed?.isValid() ? { ok: true, e164: parsed.number } : { ok: false, reason: 'invalid' };
}
