/** The Sources page's REST calls: paths, methods, bodies, and the shared wrapper's raw bodies and file answers. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError, UnauthorizedError } from '../api/api-client';
import { readText } from './read-text';
import { createSourcesApi } from './sources-api';
import { csvFile } from './sources-fixtures';

type Call = { url: string; init: RequestInit };

function fakeFetch(answer: () => Response) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  });
  return { fn: fn as unknown as typeof fetch, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('sources api', () => {
  it('reads the summary and sends a test event with the token', async () => {
    const f = fakeFetch(() => json({ ok: 1 }));
    const api = createSourcesApi(f.fn);
    await api.sources('tok');
    await api.testEvent('tok', 'vicidial');
    expect(f.calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', '/api/v1/sources'],
      ['POST', '/api/v1/sources/test-event'],
    ]);
    expect((f.calls[1].init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(f.calls[1].init.body).toBe('{"kind":"vicidial"}');
  });

  it('saves the VICIdial time zone with PUT and maps a code with PUT on its escaped path', async () => {
    const f = fakeFetch(() => json({}));
    const api = createSourcesApi(f.fn);
    await api.saveVicidialSettings('tok', { timeZone: 'Europe/Paris', defaultCampaignId: null });
    await api.mapDisposition('tok', 'A/B', { disposition: 'SALE', campaignId: null });
    expect(f.calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['PUT', '/api/v1/integrations/vicidial', '{"timeZone":"Europe/Paris","defaultCampaignId":null}'],
      ['PUT', '/api/v1/dispositions/A%2FB', '{"disposition":"SALE","campaignId":null}'],
    ]);
  });

  it('deletes a Meta source and takes the 204 as done', async () => {
    const f = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(createSourcesApi(f.fn).deleteMetaSource('tok', 'm 1')).resolves.toBeUndefined();
    expect([f.calls[0].init.method, f.calls[0].url]).toEqual(['DELETE', '/api/v1/integrations/meta/sources/m%201']);
  });

  it('previews the first bytes of a file as text/csv', async () => {
    const f = fakeFetch(() => json({ columns: [] }));
    await createSourcesApi(f.fn).previewImport('tok', csvFile());
    const { init } = f.calls[0];
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(await readText(init.body as Blob)).toContain('nome;telefono');
  });

  it('uploads the file as multipart with the campaign, the source and only a non-empty mapping', async () => {
    const f = fakeFetch(() => json({ importId: 'imp-1', existing: false }, 202));
    const api = createSourcesApi(f.fn);
    await api.uploadImport('tok', { file: csvFile(), fileName: 'lista.csv', campaignId: 'c-water', source: 'trade_fair', mapping: { nome: 'fullName' } });
    await api.uploadImport('tok', { file: csvFile(), fileName: 'lista.csv', campaignId: 'c-water', mapping: {} });
    expect(f.calls[0].url).toBe('/api/v1/imports?campaignId=c-water&source=trade_fair&mapping=%7B%22nome%22%3A%22fullName%22%7D');
    expect(f.calls[1].url).toBe('/api/v1/imports?campaignId=c-water');
    const form = f.calls[0].init.body as FormData;
    expect((form.get('file') as File).name).toBe('lista.csv');
    // the browser sets the multipart boundary itself
    expect((f.calls[0].init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('downloads rejected.csv as a file', async () => {
    const f = fakeFetch(() => new Response('row;reason\n3;no phone\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
    const blob = await createSourcesApi(f.fn).rejectedCsv('tok', 'imp-1');
    expect(f.calls[0].url).toBe('/api/v1/imports/imp-1/rejected.csv');
    expect(await readText(blob)).toContain('no phone');
  });

  it('keeps the shared errors: 401 ends the session, a refusal keeps its message', async () => {
    await expect(createSourcesApi(fakeFetch(() => new Response('', { status: 401 })).fn).sources('tok')).rejects.toBeInstanceOf(UnauthorizedError);
    const refused = createSourcesApi(fakeFetch(() => json({ message: 'campaignId: is required' }, 400)).fn).imports('tok');
    await expect(refused).rejects.toEqual(expect.objectContaining({ status: 400, message: 'campaignId: is required' }));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
  });
});
