import { describe, expect, it } from 'vitest';
import { columnKey, detectedFields, estimateRows, importProgress, isNewer, mappingOverrides } from './import-view';
import { preview } from './sources-fixtures';

describe('column mapping', () => {
  it('starts from what the server detected', () => {
    expect(detectedFields(preview())).toEqual(['firstName', 'phone', 'email', null]);
  });

  it('sends only the corrected columns, by header', () => {
    const p = preview();
    expect(mappingOverrides(p, ['firstName', 'phone', 'email', null])).toEqual({});
    expect(mappingOverrides(p, ['fullName', 'phone', 'ignore', 'company'])).toEqual({ nome: 'fullName', email: 'ignore', note: 'company' });
  });

  it('names columns by 0-based index in a file without a header row', () => {
    const p = preview({ hasHeader: false, layout: 'vicidial', columns: [{ index: 0, header: null, field: 'leadId' }, { index: 1, header: null, field: null }] });
    expect(columnKey(p, 1)).toBe('1');
    expect(mappingOverrides(p, ['leadId', 'altPhone'])).toEqual({ '1': 'altPhone' });
  });

  it('cannot send a detected column back to the attributes (there is no such field): it is left as detected', () => {
    expect(mappingOverrides(preview(), [null, 'phone', 'email', null])).toEqual({});
  });
});

describe('rows estimate', () => {
  it('is exact when the sample is the whole file', () => {
    const text = 'a;b\n1;2\n3;4\n';
    expect(estimateRows(text, text.length, text.length, true)).toBe(2);
    expect(estimateRows(text, text.length, text.length, false)).toBe(3);
    expect(estimateRows('a;b\r\n1;2\r\n3;4', 13, 13, true)).toBe(2);
  });

  it('scales the whole lines of the first bytes to the size of the file', () => {
    // 10 lines of 10 bytes in the sample, the last one cut; 1,000 bytes in all
    const sample = Array.from({ length: 10 }, () => 'xxxx;yyyy\n').join('').slice(0, 95);
    expect(estimateRows(sample, 95, 1_000, true)).toBe(Math.round((9 * 1000) / 95) - 1);
  });

  it('has no estimate for an empty sample', () => {
    expect(estimateRows('', 0, 100, true)).toBeNull();
    expect(estimateRows('\n\n', 2, 100, true)).toBeNull();
  });
});

describe('progress', () => {
  it('is 0 % queued, 100 % done, and never 100 % before the server says done', () => {
    expect(importProgress({ state: 'queued', rowsRead: 0 }, 100)).toEqual({ percent: 0, state: 'queued' });
    expect(importProgress({ state: 'running', rowsRead: 50 }, 200)).toEqual({ percent: 25, state: 'running' });
    expect(importProgress({ state: 'running', rowsRead: 300 }, 200)).toEqual({ percent: 99, state: 'running' });
    expect(importProgress({ state: 'done', rowsRead: 3 }, 200)).toEqual({ percent: 100, state: 'done' });
  });

  it('is indeterminate while running with no estimate, and for a failed import', () => {
    expect(importProgress({ state: 'running', rowsRead: 50 }, null).percent).toBeNull();
    expect(importProgress({ state: 'failed', rowsRead: 50 }, 100)).toEqual({ percent: null, state: 'failed' });
  });

  it('orders messages that cross: by state, then rows read', () => {
    expect(isNewer({ state: 'running', rowsRead: 10 }, { state: 'running', rowsRead: 20 })).toBe(true);
    expect(isNewer({ state: 'running', rowsRead: 20 }, { state: 'running', rowsRead: 10 })).toBe(false);
    expect(isNewer({ state: 'done', rowsRead: 20 }, { state: 'running', rowsRead: 30 })).toBe(false);
    expect(isNewer({ state: 'queued', rowsRead: 0 }, { state: 'failed', rowsRead: 0 })).toBe(true);
  });
});
