import { createHash } from 'node:crypto';
import { buildLeadImportRow, derivedLeadId, type ImportRowContext } from './lead-import-row';
import { detectLayout } from './import-layout';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const ctx: ImportRowContext = {
  tenantId: '6f1c8d4e-0000-4000-8000-000000000001',
  campaignId: 'c-water',
  source: 'purchased_list',
  fileSha256: 'ab'.repeat(32),
  occurredAt: '2026-11-23T09:00:00.000Z',
  defaultCountry: 'IT',
  sha256Hex,
};
const plan = detectLayout([['Nome', 'Cognome', 'Telefono', 'Email', 'Azienda', 'Note', 'Codice']]);

describe('buildLeadImportRow', () => {
  it('builds a lead.created with the E.164 phone, the full name, and the rest in attributes', () => {
    const r = buildLeadImportRow(['Niccolò', 'Rossi', '333 123 4567', ' N.Rossi@Example.IT ', 'Acqua Srl', 'richiamare', ''], 2, plan, ctx);
    expect(r).toEqual({
      ok: true,
      event: {
        eventId: `csv:${ctx.fileSha256}:2`,
        type: 'lead.created',
        occurredAt: ctx.occurredAt,
        campaignId: 'c-water',
        leadId: derivedLeadId(ctx.tenantId, { phone: '+393331234567', email: null }, sha256Hex),
        lead: {
          source: 'purchased_list',
          name: 'Niccolò Rossi',
          phone: '+393331234567',
          email: 'n.rossi@example.it',
          attributes: { Note: 'richiamare' },
          company: { name: 'Acqua Srl', vatId: null },
        },
      },
    });
  });

  it('fills the company with its VAT number from a French list', () => {
    const french = detectLayout([['Prénom', 'Téléphone', 'Société', 'TVA']]);
    const r = buildLeadImportRow(['Anne', '0612345678', 'Énergie Verte SAS', 'FR 12 345678901'], 2, french, { ...ctx, defaultCountry: 'FR' });
    expect(r.ok && r.event.lead.company).toEqual({ name: 'Énergie Verte SAS', vatId: 'FR 12 345678901' });
    expect(r.ok && r.event.lead.attributes).toBeNull();
  });

  it('uses the id column when it has a value', () => {
    const r = buildLeadImportRow(['Anna', '', '3331234567', '', '', '', 'CRM-42'], 3, plan, ctx);
    expect(r.ok && r.event.leadId).toBe('CRM-42');
  });

  it('derives a lead id from the phone, else the lower-cased e-mail, never showing either', () => {
    const byPhone = derivedLeadId(ctx.tenantId, { phone: '+393331234567', email: 'a@b.it' }, sha256Hex);
    const byEmail = derivedLeadId(ctx.tenantId, { phone: null, email: 'a@b.it' }, sha256Hex);
    expect(byPhone).toMatch(/^csv-[0-9a-f]{16}$/);
    expect(byPhone).toBe(`csv-${sha256Hex(`${ctx.tenantId}\n+393331234567`).slice(0, 16)}`);
    expect(byEmail).toBe(`csv-${sha256Hex(`${ctx.tenantId}\na@b.it`).slice(0, 16)}`);
    expect(byPhone).not.toContain('3331234567');
    // Another tenant's same person is another lead.
    expect(derivedLeadId('other-tenant', { phone: '+393331234567', email: null }, sha256Hex)).not.toBe(byPhone);
    const r = buildLeadImportRow(['', '', '', 'A@B.it', '', '', ''], 4, plan, ctx);
    expect(r.ok && r.event.leadId).toBe(byEmail);
  });

  it('rejects a row with neither a valid phone nor an e-mail, naming the column and the reason', () => {
    expect(buildLeadImportRow(['Mario', 'Rossi', '12345', '', '', '', ''], 5, plan, ctx)).toEqual({
      ok: false,
      error: { row: 5, column: 'Telefono', message: 'not a valid phone number (numbers without a country code are read as IT), and no e-mail address' },
    });
    expect(buildLeadImportRow(['Mario', 'Rossi', '', '', '', '', ''], 6, plan, ctx)).toEqual({
      ok: false,
      error: { row: 6, column: 'Telefono', message: 'no phone number, and no e-mail address' },
    });
    expect(buildLeadImportRow(['Mario', '', '', 'mario@', '', '', ''], 7, plan, ctx)).toEqual({
      ok: false,
      error: { row: 7, column: 'Email', message: 'no phone number, and not a valid e-mail address' },
    });
  });

  it('keeps an invalid phone as written when the e-mail makes the row valid', () => {
    const r = buildLeadImportRow(['Mario', '', '12345', 'mario@example.it', '', '', ''], 8, plan, ctx);
    expect(r.ok && r.event.lead).toMatchObject({ phone: null, email: 'mario@example.it', attributes: { Telefono: '12345' } });
  });

  it('rejects a row whose id is too long for the contract, with the contract message', () => {
    const r = buildLeadImportRow(['Mario', '', '3331234567', '', '', '', 'x'.repeat(200)], 9, plan, ctx);
    expect(r).toEqual({ ok: false, error: { row: 9, column: 'Codice', message: 'leadId: must be a string of 1 to 128 characters' } });
  });

  it('reads a VICIdial row with its phone code and keeps its other columns under their VICIdial names', () => {
    const row = ['', 'SRC', '101', '33', '0612345678', 'Mme', 'Renée', 'L', 'Dupont', '', '', '', 'Paris', '', '', '75001', 'FRA', 'F', '', '', 'renee@example.fr', '', 'note', '', ''];
    const vplan = detectLayout([row, row]);
    expect(vplan.layout).toBe('vicidial');
    const r = buildLeadImportRow(row, 1, vplan, ctx);
    expect(r.ok && r.event.lead).toEqual({
      source: 'purchased_list',
      name: 'Renée Dupont',
      phone: '+33612345678',
      email: 'renee@example.fr',
      attributes: { source_id: 'SRC', list_id: '101', title: 'Mme', middle_initial: 'L', city: 'Paris', postal_code: '75001', country_code: 'FRA', gender: 'F', comments: 'note' },
    });
  });

  it('puts cells beyond the header into column_<n> attributes', () => {
    const small = detectLayout([['telefono']]);
    const r = buildLeadImportRow(['3331234567', 'extra'], 2, small, ctx);
    expect(r.ok && r.event.lead.attributes).toEqual({ column_2: 'extra' });
  });
});
