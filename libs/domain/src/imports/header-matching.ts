/**
 * Column headers in Italian, French and English mapped to the fields a lead needs. Headers are
 * compared folded: accents, case, spaces and punctuation removed (`Prénom` = `prenom`,
 * `E-mail` = `email`, `first_name` = `First Name`). Beware: Italian `nome` is the first name,
 * French `nom` the last name.
 */
import type { ImportField } from '@leadboard/contracts';

/** Folds a header for comparison: `Téléphone portable` → `telephoneportable`. */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The words recognised for each field, as people write them (folded when compared). */
export const HEADER_WORDS: Record<Exclude<ImportField, 'ignore'>, readonly string[]> = {
  leadId: ['id', 'codice', 'code', 'vendor_lead_code', 'lead_id', 'id_lead', 'codice_cliente', 'codice cliente', 'cod', 'identifiant', 'external_id', 'customer_id', 'id_cliente', 'riferimento', 'reference', 'référence'],
  firstName: ['nome', 'prénom', 'first_name', 'firstname', 'given_name', 'first', 'nome di battesimo'],
  lastName: ['cognome', 'nom', 'last_name', 'lastname', 'surname', 'family_name', 'nom de famille'],
  fullName: ['name', 'full_name', 'fullname', 'nominativo', 'nome completo', 'nome e cognome', 'cognome e nome', 'nom complet', 'contact', 'contatto', 'contact name'],
  phone: [
    'telefono', 'tel', 'tel.', 'téléphone', 'telephone', 'phone', 'phone_number', 'phone number', 'cellulare', 'cell', 'mobile',
    'mobile phone', 'portable', 'numero', 'numéro', 'numero di telefono', 'numero telefono', 'numéro de téléphone', 'gsm', 'telefono cellulare', 'téléphone portable',
  ],
  altPhone: ['alt_phone', 'telefono 2', 'telefono2', 'altro telefono', 'telefono fisso', 'fisso', 'téléphone 2', 'telephone2', 'téléphone fixe', 'fixe', 'phone 2', 'phone2', 'other phone', 'landline'],
  phoneCode: ['phone_code', 'prefisso internazionale', 'prefisso', 'indicatif', 'indicatif pays', 'country calling code', 'dial code'],
  email: ['email', 'e-mail', 'mail', 'posta elettronica', 'indirizzo email', 'indirizzo e-mail', 'courriel', 'adresse email', 'adresse e-mail', 'email address', 'e-mail address'],
  company: ['azienda', 'société', 'societe', 'company', 'company name', 'ragione sociale', 'ditta', 'entreprise', 'organisation', 'organization', 'impresa', 'nome azienda', 'raison sociale', 'company_name'],
  vatId: ['partita iva', 'p iva', 'p.iva', 'piva', 'partita_iva', 'tva', 'numéro de tva', 'numero tva', 'tva intracommunautaire', 'n tva', 'vat', 'vat number', 'vat_id', 'vat id', 'vatid', 'vat_number'],
};

const BY_FOLDED = new Map<string, Exclude<ImportField, 'ignore'>>();
for (const [field, words] of Object.entries(HEADER_WORDS) as [Exclude<ImportField, 'ignore'>, readonly string[]][]) {
  for (const word of words) BY_FOLDED.set(foldHeader(word), field);
}

/** The field a header names, or null (the column goes into the lead's attributes). */
export function matchHeader(header: string): Exclude<ImportField, 'ignore'> | null {
  return BY_FOLDED.get(foldHeader(header)) ?? null;
}
