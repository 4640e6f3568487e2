import { foldHeader, matchHeader } from './header-matching';

describe('matchHeader', () => {
  it.each([
    ['Nome', 'firstName'],
    ['Prénom', 'firstName'],
    ['first_name', 'firstName'],
    ['First Name', 'firstName'],
    ['Cognome', 'lastName'],
    ['NOM', 'lastName'],
    ['last_name', 'lastName'],
    ['Telefono', 'phone'],
    ['Téléphone', 'phone'],
    ['phone', 'phone'],
    ['Cellulare', 'phone'],
    ['Portable', 'phone'],
    ['E-mail', 'email'],
    ['Mail', 'email'],
    ['Courriel', 'email'],
    ['Azienda', 'company'],
    ['Société', 'company'],
    ['Ragione Sociale', 'company'],
    ['Partita IVA', 'vatId'],
    ['N° TVA', 'vatId'],
    ['VAT number', 'vatId'],
    ['ID', 'leadId'],
    ['Codice', 'leadId'],
    ['vendor_lead_code', 'leadId'],
    ['Nominativo', 'fullName'],
    ['phone_code', 'phoneCode'],
    ['alt_phone', 'altPhone'],
  ])('%s → %s', (header, field) => {
    expect(matchHeader(header)).toBe(field);
  });

  it('folds accents, case, spaces and punctuation', () => {
    expect(foldHeader(' Téléphone  Portable ')).toBe('telephoneportable');
    expect(foldHeader('E-Mail')).toBe('email');
  });

  it('answers null for a header it does not know (the column becomes an attribute)', () => {
    expect(matchHeader('Note')).toBeNull();
    expect(matchHeader('Provincia')).toBeNull();
  });
});
