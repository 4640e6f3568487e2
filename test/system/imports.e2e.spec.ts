/**
 * CSV list imports against the real stack: files in the encodings, delimiters and layouts people
 * send (Excel on Windows, UTF-8 with a BOM, VICIdial's headerless list), rows rejected with their
 * reason, the same file twice, a worker killed mid-import, and the upload's refusals.
 */
import type { ImportAccepted, ImportList, ImportPreview, ImportProgressMessage, ImportView, LeadDetail } from '@leadboard/contracts';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { createTenant, getJson, login, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let db: DataSource;
const count = async (sql: string, params: unknown[]) => Number(((await db.query(sql, params)) as { n: string }[])[0].n);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
});
afterAll(async () => {
  await db?.destroy();
});

function upload(stack: Stack, token: string, query: string, body: Buffer, contentType = 'text/csv'): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/v1/imports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: new Uint8Array(body),
  });
}

function uploadMultipart(stack: Stack, token: string, query: string, body: Buffer, fileName: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(body)], { type: 'text/csv' }), fileName);
  return fetch(`${stack.apiUrl}/api/v1/imports?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}

async function accepted(res: Response): Promise<ImportAccepted> {
  const text = await res.text();
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${text}`);
  return JSON.parse(text) as ImportAccepted;
}

async function waitDone(stack: Stack, token: string, importId: string, timeoutMs = 60_000): Promise<ImportView> {
  let view: ImportView | null = null;
  await waitFor(
    async () => {
      view = (await getJson<ImportView>(stack, `/api/v1/imports/${importId}`, token)).body;
      return view.state === 'done' || view.state === 'failed';
    },
    { timeoutMs, what: `import ${importId} to end` },
  );
  return view as unknown as ImportView;
}

describe('imports of real-world files', () => {
  let stack: Stack;
  let tenant: TenantCredentials;
  let token: string;
  let live: LiveRecorder;
  const progress: ImportProgressMessage[] = [];

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    token = await login(stack, tenant.adminEmail, tenant.adminPassword);
    live = await connectLive(stack.apiUrl, token);
    live.socket.on('import', (m: ImportProgressMessage) => progress.push(m));
    expect((await live.subscribe({ tenant: true })).ok).toBe(true);
  });
  afterAll(async () => {
    live?.close();
    await stack?.stop();
  });

  const leadsOf = (campaignId: string) =>
    db.query(`SELECT id, name, phone, email, attributes FROM leads WHERE tenant_id = $1 AND campaign_id = $2 ORDER BY name`, [tenant.tenantId, campaignId]) as Promise<
      { id: string; name: string | null; phone: string | null; email: string | null; attributes: Record<string, string> | null }[]
    >;

  // Excel on Windows: Windows-1252, `;`, CRLF, decimal commas.
  const excel = Buffer.from(
    'Nome;Cognome;Telefono;E-mail;Azienda;Importo\r\n' +
      'Niccolò;Rossi;333 123 4567;n.rossi@example.it;Acqua Srl;12,50\r\n' +
      'Renée;Dupont;+33 6 12 34 56 78;;Société Générale;3,75\r\n' +
      'Senza;Contatti;;;Nessuna;0\r\n',
    'latin1',
  );

  it('previews a Windows-1252 ; file: what the import will detect, nothing stored', async () => {
    const res = await fetch(`${stack.apiUrl}/api/v1/imports/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new Uint8Array(excel),
    });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as ImportPreview;
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: ';', hasHeader: true, layout: 'headers' });
    expect(preview.columns.map((c) => c.field)).toEqual(['firstName', 'lastName', 'phone', 'email', 'company', null]);
    expect(preview.rows[0]).toEqual(['Niccolò', 'Rossi', '333 123 4567', 'n.rossi@example.it', 'Acqua Srl', '12,50']);
    expect(await count('SELECT count(*) AS n FROM imports WHERE tenant_id = $1', [tenant.tenantId])).toBe(0);
  });

  it('imports a Windows-1252 ; file with accents, rejects the row without phone or e-mail, and pushes progress live', async () => {
    const { importId, existing } = await accepted(await upload(stack, token, 'campaignId=c-excel&fileName=lista.csv', excel));
    expect(existing).toBe(false);
    const view = await waitDone(stack, token, importId);
    expect(view).toMatchObject({
      state: 'done',
      fileName: 'lista.csv',
      campaignId: 'c-excel',
      source: 'purchased_list',
      encoding: 'windows-1252',
      delimiter: ';',
      layout: 'headers',
      rowsRead: 3,
      rowsAccepted: 2,
      rowsRejected: 1,
      duplicates: 0,
      sha256: sha256(excel),
      errors: [{ row: 4, column: 'Telefono', message: 'no phone number, and no e-mail address' }],
    });
    await waitFor(async () => (await leadsOf('c-excel')).length === 2, { what: 'two leads' });
    const leads = await leadsOf('c-excel');
    expect(leads.map((l) => [l.name, l.phone, l.email])).toEqual([
      ['Niccolò Rossi', '+393331234567', 'n.rossi@example.it'],
      ['Renée Dupont', '+33612345678', null],
    ]);
    // The company column names the lead's company (its B2B account), no longer an attribute.
    expect(leads[0].attributes).toEqual({ Importo: '12,50' });
    for (const l of leads) expect(l.id).toMatch(/^csv-[0-9a-f]{16}$/);
    // Read back through the API, as a user.
    const detail = await getJson<LeadDetail>(stack, `/api/v1/leads/${leads[0].id}`, token);
    expect(detail.body.contact).toEqual({ name: 'Niccolò Rossi', phone: '+393331234567', email: 'n.rossi@example.it' });
    expect(detail.body.account).toEqual({ accountId: 'name:acqua', name: 'Acqua Srl', stage: 'lead' });
    await waitFor(() => progress.some((m) => m.id === importId && m.state === 'done'), { what: 'the final import message' });
    expect(progress.find((m) => m.id === importId && m.state === 'done')).toMatchObject({ rowsAccepted: 2, rowsRejected: 1 });
  });

  it('imports a UTF-8 file with a BOM and , sent as multipart, and lists the rejected rows in rejected.csv', async () => {
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('first_name,last_name,phone,email,company\nRenée,Martin,+33 6 98 76 54 32,renee@example.fr,"Dupont, Fils & Cie"\nJosé,García,,jose@example.es,\nNo,Body,12345,not-an-email,X\n', 'utf8'),
    ]);
    const res = await uploadMultipart(stack, tenant.ingestKey, 'campaignId=c-bom&source=trade_fair', csv, 'salon.csv');
    const { importId } = await accepted(res);
    const view = await waitDone(stack, token, importId);
    expect(view).toMatchObject({ state: 'done', fileName: 'salon.csv', source: 'trade_fair', encoding: 'utf-8-bom', delimiter: ',', rowsAccepted: 2, rowsRejected: 1 });
    expect(view.errors).toEqual([
      { row: 4, column: 'phone', message: 'not a valid phone number (numbers without a country code are read as IT), and not a valid e-mail address' },
    ]);
    await waitFor(async () => (await leadsOf('c-bom')).length === 2, { what: 'two leads' });
    expect((await leadsOf('c-bom')).map((l) => [l.name, l.phone, l.email, l.attributes])).toEqual([
      ['José García', null, 'jose@example.es', null],
      ['Renée Martin', '+33698765432', 'renee@example.fr', null],
    ]);

    const rejected = await fetch(`${stack.apiUrl}/api/v1/imports/${importId}/rejected.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(rejected.status).toBe(200);
    expect(rejected.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await rejected.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'first_name,last_name,phone,email,company,rejected_row,rejected_reason\r\n' +
        'No,Body,12345,not-an-email,X,4,' +
        '"phone: not a valid phone number (numbers without a country code are read as IT), and not a valid e-mail address"\r\n',
    );
  });

  it('recognises a headerless VICIdial standard list (tab-separated, 25 columns)', async () => {
    const row = (over: Record<number, string>) => Array.from({ length: 25 }, (_, i) => over[i] ?? '').join('\t');
    const file = Buffer.from(
      [
        row({ 0: 'V-100', 1: 'SRC', 2: '1001', 3: '39', 4: '3331112222', 5: 'Sig.', 6: 'Mario', 8: 'Bianchi', 12: 'Roma', 20: 'mario@example.it' }),
        row({ 2: '1001', 3: '33', 4: '0611223344', 6: 'Chloé', 8: 'Petit', 12: 'Lyon' }),
        row({ 2: '1001', 3: '39', 4: '06 9876 5432', 6: 'Lucia', 8: 'Verdi' }),
      ].join('\n') + '\n',
      'utf8',
    );
    const { importId } = await accepted(await upload(stack, token, 'campaignId=c-vici', file));
    const view = await waitDone(stack, token, importId);
    expect(view).toMatchObject({ state: 'done', layout: 'vicidial', delimiter: '\t', encoding: 'utf-8', rowsAccepted: 3, rowsRejected: 0 });
    await waitFor(async () => (await leadsOf('c-vici')).length === 3, { what: 'three leads' });
    const leads = await leadsOf('c-vici');
    expect(leads.map((l) => [l.id.startsWith('csv-') ? 'derived' : l.id, l.name, l.phone])).toEqual([
      ['derived', 'Chloé Petit', '+33611223344'],
      ['derived', 'Lucia Verdi', '+390698765432'],
      ['V-100', 'Mario Bianchi', '+393331112222'],
    ]);
    expect(leads[2].attributes).toEqual({ source_id: 'SRC', list_id: '1001', title: 'Sig.', city: 'Roma' });
  });

  it('adds nothing when the same file is uploaded again: the first import is answered', async () => {
    const before = await count('SELECT count(*) AS n FROM events WHERE tenant_id = $1', [tenant.tenantId]);
    const again = await accepted(await upload(stack, tenant.ingestKey, 'campaignId=c-excel', excel));
    const list = (await getJson<ImportList>(stack, '/api/v1/imports', token)).body.imports;
    const first = list.find((i) => i.campaignId === 'c-excel');
    expect(again).toEqual({ importId: first?.id, existing: true });
    expect(list.filter((i) => i.campaignId === 'c-excel')).toHaveLength(1);
    expect(await count('SELECT count(*) AS n FROM events WHERE tenant_id = $1', [tenant.tenantId])).toBe(before);
    expect(await count('SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND campaign_id = $2', [tenant.tenantId, 'c-excel'])).toBe(2);
    // Newest first.
    expect(list.map((i) => i.createdAt)).toEqual([...list.map((i) => i.createdAt)].sort().reverse());
    // Nothing of the files is kept once imported.
    expect(await count('SELECT count(*) AS n FROM import_chunks', [])).toBe(0);
  });

  it('imports the same file for another campaign as a new import whose rows are all duplicates (their events are known)', async () => {
    const before = await count('SELECT count(*) AS n FROM events WHERE tenant_id = $1', [tenant.tenantId]);
    const other = await accepted(await upload(stack, token, 'campaignId=c-excel-2', excel));
    expect(other.existing).toBe(false);
    const view = await waitDone(stack, token, other.importId);
    expect(view).toMatchObject({ state: 'done', rowsRead: 3, rowsAccepted: 2, rowsRejected: 1, duplicates: 2 });
    // Every queued event batch has been applied (as nothing: the events were known).
    const redis = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
    const events = new Queue('events', { connection: redis, prefix: stack.env.QUEUE_PREFIX });
    try {
      await waitFor(async () => Object.values(await events.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0), {
        what: 'the events queue to drain',
      });
    } finally {
      await events.close();
      redis.disconnect();
    }
    expect(await count('SELECT count(*) AS n FROM events WHERE tenant_id = $1', [tenant.tenantId])).toBe(before);
    expect(await count('SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND campaign_id = $2', [tenant.tenantId, 'c-excel-2'])).toBe(0);
  });

  it('answers 400 for an empty file, 415 for a binary one or a JSON body, 400 for a bad query, 404 for an unknown import', async () => {
    const empty = await upload(stack, token, 'campaignId=c-x', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { message: string }).message).toBe('the file is empty');
    const binary = await upload(stack, token, 'campaignId=c-x', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(2000, 1)]));
    expect(binary.status).toBe(415);
    expect(((await binary.json()) as { message: string }).message).toMatch(/not text/);
    expect((await upload(stack, token, 'campaignId=c-x', Buffer.from('{"a":1}'), 'application/json')).status).toBe(415);
    expect((await upload(stack, token, '', excel)).status).toBe(400);
    expect((await upload(stack, token, 'campaignId=c-x&mapping=notjson', excel)).status).toBe(400);
    expect((await upload(stack, token, 'campaignId=c-x&mapping={"Telefono":"fax"}', excel)).status).toBe(400);
    expect((await getJson(stack, '/api/v1/imports/8d3c6c1e-0000-4000-8000-000000000000', token)).status).toBe(404);
    expect((await getJson(stack, '/api/v1/imports/not-a-uuid', token)).status).toBe(404);
    expect(await count(`SELECT count(*) AS n FROM imports WHERE tenant_id = $1 AND campaign_id = 'c-x'`, [tenant.tenantId])).toBe(0);
  });

  it('fails an import whose mapping names a column the file does not have, saying so', async () => {
    const file = Buffer.from('telefono\n3331234567\n', 'utf8');
    const { importId } = await accepted(await upload(stack, token, `campaignId=c-map&mapping=${encodeURIComponent('{"Cellulare":"phone"}')}`, file));
    const view = await waitDone(stack, token, importId);
    expect(view).toMatchObject({ state: 'failed', failure: 'the mapping names columns the file does not have: Cellulare', rowsRead: 0 });
  });

  it('keeps imports apart between tenants', async () => {
    const other = await createTenant(stack);
    const otherToken = await login(stack, other.adminEmail, other.adminPassword);
    const mine = (await getJson<ImportList>(stack, '/api/v1/imports', token)).body.imports[0];
    expect((await getJson(stack, `/api/v1/imports/${mine.id}`, otherToken)).status).toBe(404);
    expect((await getJson<ImportList>(stack, '/api/v1/imports', otherToken)).body.imports).toEqual([]);
  });
});

describe('a worker SIGKILLed mid-import', () => {
  let stack: Stack;
  afterAll(async () => stack?.stop());

  it('resumes from its checkpoint and ends with every row exactly once', async () => {
    // Two waiting batches at most: the import keeps pace with the worker applying them, so it is still running when killed.
    stack = await startStack({ workers: 1, env: { WORKER_LOCK_MS: '2000', IMPORT_MAX_WAITING_BATCHES: '2' } });
    const tenant = await createTenant(stack);
    const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
    const rows = 30_000;
    const lines = ['id_riga;nome;cellulare;email'];
    let rejected = 0;
    let repeats = 0;
    for (let i = 1; i <= rows; i++) {
      if (i % 1000 === 500) {
        lines.push(`${i};Senza ${i};;`);
        rejected++;
      } else if (i % 100 === 0) {
        // The same person as the row before: one more event, the same lead.
        lines.push(`${i};Ripetuto ${i};333${String(i - 1).padStart(7, '0')};`);
        repeats++;
      } else lines.push(`${i};Persona ${i};333${String(i).padStart(7, '0')};`);
    }
    const file = Buffer.from(lines.join('\n') + '\n', 'utf8');
    const mapping = encodeURIComponent(JSON.stringify({ id_riga: 'ignore' }));
    const { importId } = await accepted(await upload(stack, token, `campaignId=c-kill&mapping=${mapping}`, file));

    let seen = 0;
    await waitFor(
      async () => {
        seen = (await getJson<ImportView>(stack, `/api/v1/imports/${importId}`, token)).body.rowsRead;
        return seen >= 3000;
      },
      { timeoutMs: 60_000, intervalMs: 50, what: 'the import to be under way' },
    );
    stack.workers[0].kill('SIGKILL');
    expect(seen).toBeLessThan(rows);

    await stack.startWorker();
    const view = await waitDone(stack, token, importId, 120_000);
    expect(view).toMatchObject({ state: 'done', rowsRead: rows, rowsAccepted: rows - rejected, rowsRejected: rejected, duplicates: repeats });
    expect(view.rowsAccepted + view.rowsRejected).toBe(rows);

    const events = () => count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND event_id LIKE $2`, [tenant.tenantId, `csv:${sha256(file)}:%`]);
    await waitFor(async () => (await events()) === rows - rejected, { timeoutMs: 60_000, what: `${rows - rejected} events` });
    const leads = rows - rejected - repeats;
    await waitFor(async () => (await count('SELECT count(*) AS n FROM leads WHERE tenant_id = $1', [tenant.tenantId])) === leads, {
      timeoutMs: 60_000,
      what: `${leads} leads`,
    });
    expect(await count('SELECT count(*) AS n FROM import_rejected_rows WHERE import_id = $1', [importId])).toBe(rejected);
    expect(await count('SELECT count(*) AS n FROM import_chunks WHERE import_id = $1', [importId])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM import_lead_ids WHERE import_id = $1', [importId])).toBe(0);
    const metrics = await getJson<{ funnel: { new: number } }>(stack, '/api/v1/campaigns/c-kill/metrics', token);
    expect(metrics.body.funnel.new).toBe(leads);
    expect(stack.logs()).not.toMatch(/dead letter/);
    // The new worker started from the checkpoint, not from the first row.
    expect(stack.logs()).toMatch(new RegExp(`import ${importId} resumes after [1-9]\\d* rows`));
  });
});

describe('the size limit', () => {
  let stack: Stack;
  afterAll(async () => stack?.stop());

  it('answers 413 over IMPORT_MAX_BYTES and keeps nothing', async () => {
    stack = await startStack({ workers: 0, env: { IMPORT_MAX_BYTES: '2000' } });
    const tenant = await createTenant(stack);
    const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
    const big = Buffer.from(['telefono', ...Array.from({ length: 400 }, (_, i) => `333${String(i).padStart(7, '0')}`)].join('\n'), 'utf8');
    const declared = await upload(stack, token, 'campaignId=c-big', big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { message: string }).message).toMatch(/larger than 2000 bytes/);
    // Without a Content-Length (a stream): refused while it streams.
    const streamed = await fetch(`${stack.apiUrl}/api/v1/imports?campaignId=c-big`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await count('SELECT count(*) AS n FROM imports WHERE tenant_id = $1', [tenant.tenantId])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM import_chunks', [])).toBe(0);
  });
});
