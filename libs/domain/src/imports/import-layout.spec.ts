import { applyMapping, detectLayout } from './import-layout';
import { VICIDIAL_LIST_COLUMNS } from './vicidial-list-layout';

function vicidialRow(over: Partial<Record<(typeof VICIDIAL_LIST_COLUMNS)[number], string>>, width = 25): string[] {
  const row = VICIDIAL_LIST_COLUMNS.map((c) => over[c] ?? '');
  return width === 26 ? [...row, ''] : row;
}

describe('detectLayout', () => {
  it('matches a header row in Italian and keeps unknown columns for the attributes', () => {
    const plan = detectLayout([
      ['Nome', 'Cognome', 'Telefono', 'E-mail', 'Azienda', 'Note'],
      ['Niccolò', 'Rossi', '3331234567', 'n@example.it', 'Acqua Srl', 'richiamare'],
    ]);
    expect(plan).toMatchObject({ layout: 'headers', hasHeader: true });
    expect(plan.columns.map((c) => [c.header, c.field])).toEqual([
      ['Nome', 'firstName'],
      ['Cognome', 'lastName'],
      ['Telefono', 'phone'],
      ['E-mail', 'email'],
      ['Azienda', 'company'],
      ['Note', null],
    ]);
  });

  it('matches French and English headers', () => {
    expect(detectLayout([['Prénom', 'Nom', 'Téléphone', 'Société']]).columns.map((c) => c.field)).toEqual(['firstName', 'lastName', 'phone', 'company']);
    expect(detectLayout([['first_name', 'last_name', 'phone', 'email', 'company', 'id']]).columns.map((c) => c.field)).toEqual([
      'firstName',
      'lastName',
      'phone',
      'email',
      'company',
      'leadId',
    ]);
  });

  it.each([25, 26])('recognises a headerless VICIdial standard list of %i columns', (width) => {
    const records = [
      vicidialRow({ vendor_lead_code: 'V1', list_id: '101', phone_code: '39', phone_number: '3331234567', first_name: 'Mario', last_name: 'Rossi', city: 'Roma' }, width),
      vicidialRow({ list_id: '101', phone_code: '39', phone_number: '3339876543', first_name: 'Anna', email: 'anna@example.it' }, width),
    ];
    const plan = detectLayout(records);
    expect(plan).toMatchObject({ layout: 'vicidial', hasHeader: false });
    expect(plan.columns).toHaveLength(width);
    const fieldOf = (name: string) => plan.columns.find((c) => c.name === name)?.field;
    expect([fieldOf('vendor_lead_code'), fieldOf('phone_code'), fieldOf('phone_number'), fieldOf('first_name'), fieldOf('last_name'), fieldOf('email'), fieldOf('city')]).toEqual([
      'leadId',
      'phoneCode',
      'phone',
      'firstName',
      'lastName',
      'email',
      null,
    ]);
  });

  it('does not take a 25-column file whose fifth column holds no phone numbers for VICIdial', () => {
    const rows = [vicidialRow({ phone_number: 'abc' }), vicidialRow({ phone_number: 'def' })];
    expect(detectLayout(rows).layout).toBe('headers');
  });

  it('finds the phone and e-mail columns of a headerless file by their content', () => {
    const plan = detectLayout([
      ['Mario Rossi', '333 123 4567', 'mario@example.it'],
      ['Anna Bianchi', '333 987 6543', 'anna@example.it'],
    ]);
    expect(plan).toMatchObject({ layout: 'headers', hasHeader: false });
    expect(plan.columns.map((c) => [c.name, c.field])).toEqual([
      ['column_1', null],
      ['column_2', 'phone'],
      ['column_3', 'email'],
    ]);
  });

  it('takes a first row of unknown words above phone numbers for a header', () => {
    const plan = detectLayout([
      ['Kunde', 'Rufnummer'],
      ['Mario', '333 123 4567'],
    ]);
    expect(plan.hasHeader).toBe(true);
    expect(plan.columns.map((c) => [c.header, c.field])).toEqual([
      ['Kunde', null],
      ['Rufnummer', 'phone'],
    ]);
  });
});

describe('applyMapping', () => {
  const plan = detectLayout([
    ['Nominativo', 'Recapito', 'Codice fiscale'],
    ['Mario Rossi', 'x', 'RSSMRA'],
  ]);

  it('overrides columns by header (folded), by index, and can ignore a column', () => {
    const { plan: mapped, unknownKeys } = applyMapping(plan, { recapito: 'phone', '2': 'ignore', Nominativo: 'fullName' });
    expect(unknownKeys).toEqual([]);
    expect(mapped.columns.map((c) => c.field)).toEqual(['fullName', 'phone', 'ignore']);
  });

  it('reports keys naming no column', () => {
    expect(applyMapping(plan, { Cellulare: 'phone', '9': 'email' }).unknownKeys).toEqual(['9', 'Cellulare']);
  });
});
