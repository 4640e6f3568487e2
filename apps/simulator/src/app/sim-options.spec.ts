import { parseSimOptions } from './sim-options';

describe('parseSimOptions', () => {
  it('has defaults that work with a key only', () => {
    expect(parseSimOptions(['--key', 'k'], {})).toEqual({
      kind: 'run',
      options: {
        url: 'http://127.0.0.1:3000', key: 'k', rate: 20, duration: null, campaigns: 2, operators: 12, juniorShare: 0.7,
        batch: 50, concurrency: 8, seed: 1, dncCallShare: 0, print: null, format: 'json', vicidialTimeZone: 'UTC',
      },
    });
  });

  it('reads the environment, and a flag wins over its variable', () => {
    const env = { LEADBOARD_URL: 'http://api:3000', LEADBOARD_INGEST_KEY: 'from-env', SIM_RATE: '1500', SIM_BATCH: '500', SIM_DURATION: '60' };
    const parsed = parseSimOptions(['--rate', '2000'], env);
    expect(parsed).toEqual({ kind: 'run', options: expect.objectContaining({ url: 'http://api:3000', key: 'from-env', rate: 2000, batch: 500, duration: 60 }) });
  });

  it.each([
    [['--key', 'k', '--rate', '0'], '--rate must be a number > 0'],
    [['--key', 'k', '--batch', '1001'], '--batch must be an integer >= 1 and <= 1000'],
    [['--key', 'k', '--operators', '2.5'], '--operators must be an integer'],
    [['--key', 'k', '--junior-share', '1.2'], '--junior-share must be a number >= 0 and <= 1'],
    [['--key', 'k', '--url', 'ftp://x'], '--url must be an http(s) URL'],
    [[], 'an ingest key is required'],
    [['--key', 'k', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j naming the problem', (argv, message) => {
    const parsed = parseSimOptions(argv, {});
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toContain(message);
  });

  it('needs no key to print events, and answers --help', () => {
    expect(parseSimOptions(['--print', '5'], {})).toEqual({ kind: 'run', options: expect.objectContaining({ print: 5, key: '' }) });
    expect(parseSimOptions(['-h'], {})).toEqual({ kind: 'help' });
  });
});

describe('parseSimOptions --format', () => {
  it('takes json (default) or vicidial, and a VICIdial time zone', () => {
    const run = (argv: string[], env: Record<string, string> = {}) => parseSimOptions(['--key', 'k', ...argv], env);
    expect(run([])).toMatchObject({ kind: 'run', options: { format: 'json', vicidialTimeZone: 'UTC' } });
    expect(run(['--format', 'vicidial', '--vicidial-time-zone', 'Europe/Rome'])).toMatchObject({ kind: 'run', options: { format: 'vicidial', vicidialTimeZone: 'Europe/Rome' } });
    expect(run([], { SIM_FORMAT: 'vicidial' })).toMatchObject({ kind: 'run', options: { format: 'vicidial' } });
    expect(run(['--format', 'csv'])).toEqual({ kind: 'error', message: expect.stringContaining('--format must be one of json, vicidial') });
    expect(run(['--format', 'vicidial', '--vicidial-time-zone', 'Mars/Base'])).toEqual({ kind: 'error', message: expect.stringContaining('--vicidial-time-zone') });
  });
});
