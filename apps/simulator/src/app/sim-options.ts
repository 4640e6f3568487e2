/** Command-line options and their environment variables; a bad value is refused with its name. */
import { parseArgs } from 'node:util';
import { MAX_EVENTS_PER_REQUEST, isKnownTimeZone } from '@leadboard/contracts';

/** `json`: the contract's ingest API; `vicidial`: VICIdial's Dispo / No Agent URLs and Agent Events Push. */
export const SIM_FORMATS = ['json', 'vicidial'] as const;
export type SimFormat = (typeof SIM_FORMATS)[number];

export interface SimOptions {
  url: string;
  key: string;
  /** Events per second. */
  rate: number;
  /** Seconds; null = until SIGINT/SIGTERM. */
  duration: number | null;
  campaigns: number;
  operators: number;
  /** Events per request (at most MAX_EVENTS_PER_REQUEST). */
  batch: number;
  seed: number;
  /** Requests in flight at most; past that the simulator slows down instead of piling up. */
  concurrency: number;
  juniorShare: number;
  dncCallShare: number;
  /** Print this many events as NDJSON and exit, sending nothing. */
  print: number | null;
  format: SimFormat;
  /** `--format vicidial`: the zone VICIdial's local times are written in (the tenant's VICIdial setting). */
  vicidialTimeZone: string;
}

export type ParsedOptions = { kind: 'run'; options: SimOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export const USAGE = `Leadboard call-center simulator: sends plausible dialer/CRM events to the ingest API.

Usage: node dist/apps/simulator/main.js --key <ingestKey> [options]

Options (environment variable in brackets):
  --url <url>             API base URL [LEADBOARD_URL]                    default http://127.0.0.1:3000
  --key <key>             ingest key, sent as "Authorization: Bearer" [LEADBOARD_INGEST_KEY]  required
  --rate <n>              events per second [SIM_RATE]                    default 20
  --duration <s>          stop after this many seconds [SIM_DURATION]     default: until Ctrl-C
  --campaigns <n>         campaigns: c-solar, c-water, c-energy, … [SIM_CAMPAIGNS]  default 2
  --operators <n>         operators, spread over the campaigns [SIM_OPERATORS]      default 12
  --junior-share <0..1>   share of juniors in each team [SIM_JUNIOR_SHARE]          default 0.7
  --batch <n>             events per request, 1..${MAX_EVENTS_PER_REQUEST} [SIM_BATCH]                   default 50
  --concurrency <n>       requests in flight at most [SIM_CONCURRENCY]    default 8
  --seed <n>              PRNG seed; same seed, same team and story [SIM_SEED]      default 1
  --dnc-call-share <0..1> share of junior calls made on purpose to dnc leads,
                          to exercise the compliance alert [SIM_DNC_CALL_SHARE]     default 0
  --format <f>            json (the ingest API) or vicidial (VICIdial's Dispo / No Agent
                          URLs and Agent Events Push; new leads and first log-ins still go
                          to the ingest API) [SIM_FORMAT]                  default json
  --vicidial-time-zone <z> zone of VICIdial's local times; must match the tenant's
                          VICIdial setting [SIM_VICIDIAL_TIME_ZONE]        default UTC
  --print <n>             print n events as NDJSON and exit (nothing is sent)
  -h, --help              this text

Retries 429/503 after Retry-After, and network errors/5xx with backoff, with the same events
(delivery is at-least-once; the server deduplicates by eventId). A 400 prints the server's
errors and exits 1. Logs a status line every 5 s; SIGINT/SIGTERM stop it cleanly.
`;

type Env = Record<string, string | undefined>;

function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: { min: number; max: number; integer?: boolean; minExclusive?: boolean },
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  const range = `${check.minExclusive ? '>' : '>='} ${check.min} and <= ${check.max}`;
  const kind = check.integer ? 'an integer' : 'a number';
  const tooLow = check.minExclusive ? value <= check.min : value < check.min;
  if (!Number.isFinite(value) || (check.integer && !Number.isInteger(value)) || tooLow || value > check.max) {
    throw new Error(`${name} must be ${kind} ${range} (got "${raw}")`);
  }
  return value;
}

export function parseSimOptions(argv: readonly string[], env: Env): ParsedOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        campaigns: { type: 'string' },
        operators: { type: 'string' },
        'junior-share': { type: 'string' },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
        seed: { type: 'string' },
        'dnc-call-share': { type: 'string' },
        print: { type: 'string' },
        format: { type: 'string' },
        'vicidial-time-zone': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  if (values['help']) return { kind: 'help' };
  const str = (flag: string, envName: string | null): string | undefined =>
    (values[flag] as string | undefined) ?? (envName ? env[envName] : undefined);
  try {
    const print = str('print', null);
    const options: SimOptions = {
      url: str('url', 'LEADBOARD_URL') || 'http://127.0.0.1:3000',
      key: str('key', 'LEADBOARD_INGEST_KEY') ?? '',
      rate: numberOption('--rate', str('rate', 'SIM_RATE'), 20, { min: 0, max: 1_000_000, minExclusive: true }),
      duration: str('duration', 'SIM_DURATION')
        ? numberOption('--duration', str('duration', 'SIM_DURATION'), 0, { min: 0, max: 31_536_000, minExclusive: true })
        : null,
      campaigns: numberOption('--campaigns', str('campaigns', 'SIM_CAMPAIGNS'), 2, { min: 1, max: 100, integer: true }),
      operators: numberOption('--operators', str('operators', 'SIM_OPERATORS'), 12, { min: 1, max: 100_000, integer: true }),
      juniorShare: numberOption('--junior-share', str('junior-share', 'SIM_JUNIOR_SHARE'), 0.7, { min: 0, max: 1 }),
      batch: numberOption('--batch', str('batch', 'SIM_BATCH'), 50, { min: 1, max: MAX_EVENTS_PER_REQUEST, integer: true }),
      concurrency: numberOption('--concurrency', str('concurrency', 'SIM_CONCURRENCY'), 8, { min: 1, max: 1024, integer: true }),
      seed: numberOption('--seed', str('seed', 'SIM_SEED'), 1, { min: 0, max: 2 ** 32 - 1, integer: true }),
      dncCallShare: numberOption('--dnc-call-share', str('dnc-call-share', 'SIM_DNC_CALL_SHARE'), 0, { min: 0, max: 1 }),
      print: print === undefined ? null : numberOption('--print', print, 0, { min: 1, max: 10_000_000, integer: true }),
      format: (str('format', 'SIM_FORMAT') || 'json') as SimFormat,
      vicidialTimeZone: str('vicidial-time-zone', 'SIM_VICIDIAL_TIME_ZONE') || 'UTC',
    };
    if (!(SIM_FORMATS as readonly string[]).includes(options.format)) {
      return { kind: 'error', message: `--format must be one of ${SIM_FORMATS.join(', ')} (got "${options.format}")` };
    }
    if (!isKnownTimeZone(options.vicidialTimeZone)) {
      return { kind: 'error', message: `--vicidial-time-zone must be an IANA zone such as Europe/Rome (got "${options.vicidialTimeZone}")` };
    }
    if (options.print === null) {
      if (!options.key) return { kind: 'error', message: 'an ingest key is required: --key <key> or LEADBOARD_INGEST_KEY' };
      try {
        const u = new URL(options.url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
      } catch {
        return { kind: 'error', message: `--url must be an http(s) URL (got "${options.url}")` };
      }
    }
    return { kind: 'run', options };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}
