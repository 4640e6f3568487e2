/** The accounts and settings messages: the same keys and placeholders in it, fr and en, none empty. */
import { describe, expect, it } from 'vitest';
import { accountsEn } from '../i18n/accounts/en';
import { accountsFr } from '../i18n/accounts/fr';
import { accountsIt } from '../i18n/accounts/it';
import { LOCALES } from '../i18n/locales';
import { leaves, placeholders } from '../i18n/message-leaves';

const accounts = { en: accountsEn, fr: accountsFr, it: accountsIt } as const;

describe('accounts messages', () => {
  const en = leaves(accountsEn);

  it.each(LOCALES)('%s has exactly the keys of en, none empty, the same placeholders', (locale) => {
    const flat = leaves(accounts[locale]);
    expect([...flat.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of flat) {
      expect(String(value).trim(), key).not.toBe('');
      expect(placeholders(value), key).toEqual(placeholders(en.get(key)));
      expect(String(value), key).not.toMatch(/[@|]/);
    }
  });
});
