/**
 * VICIdial's standard list layout: the file its list loader ("Standard Format") and `vicidial_list`
 * exports use, with no header row. The order is the one VICIdial's admin_listloader reads
 * (`$row[0]` vendor_lead_code … `$row[24]` owner); some exports add a 26th column.
 */
import type { ImportField } from '@leadboard/contracts';

export const VICIDIAL_LIST_COLUMNS = [
  'vendor_lead_code',
  'source_id',
  'list_id',
  'phone_code',
  'phone_number',
  'title',
  'first_name',
  'middle_initial',
  'last_name',
  'address1',
  'address2',
  'address3',
  'city',
  'state',
  'province',
  'postal_code',
  'country_code',
  'gender',
  'date_of_birth',
  'alt_phone',
  'email',
  'security_phrase',
  'comments',
  'rank',
  'owner',
] as const;
export type VicidialListColumn = (typeof VICIDIAL_LIST_COLUMNS)[number];

/** The columns a lead is built from; every other one goes into the lead's attributes under its VICIdial name. */
export const VICIDIAL_COLUMN_FIELDS: Partial<Record<VicidialListColumn, ImportField>> = {
  vendor_lead_code: 'leadId',
  phone_code: 'phoneCode',
  phone_number: 'phone',
  first_name: 'firstName',
  last_name: 'lastName',
  alt_phone: 'altPhone',
  email: 'email',
};

const PHONE_INDEX = VICIDIAL_LIST_COLUMNS.indexOf('phone_number');
const PHONE_CODE_INDEX = VICIDIAL_LIST_COLUMNS.indexOf('phone_code');
const LIST_ID_INDEX = VICIDIAL_LIST_COLUMNS.indexOf('list_id');

const digitsOnly = (s: string) => s.replace(/\D/g, '');

/**
 * True when sample rows have VICIdial's shape: 25 or 26 columns, a phone number (6+ digits) in the
 * fifth column of most rows, and only digits (or nothing) in the list id and phone code columns.
 */
export function looksLikeVicidialList(rows: readonly (readonly string[])[]): boolean {
  if (rows.length === 0) return false;
  let phones = 0;
  for (const row of rows) {
    if (row.length !== 25 && row.length !== 26) return false;
    const listId = row[LIST_ID_INDEX].trim();
    const phoneCode = row[PHONE_CODE_INDEX].trim();
    if (listId !== '' && !/^\d{1,19}$/.test(listId)) return false;
    if (phoneCode !== '' && !/^\+?\d{1,4}$/.test(phoneCode)) return false;
    if (digitsOnly(row[PHONE_INDEX]).length >= 6) phones++;
  }
  return phones / rows.length >= 0.8;
}
