/**
 * A strict reader of Prometheus' text exposition format (0.0.4): every line must be a comment, a
 * HELP/TYPE line or a well-formed sample of a family whose TYPE came first; anything else throws
 * with the line's number and text.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// NaN and infinities in any case, as Prometheus reads them (Go's ParseFloat): prom-client writes `Nan` (an
// event-loop lag gauge scraped before its first sample).
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[Nn][Aa][Nn]|[+-][Ii][Nn][Ff])';
const SAMPLE = new RegExp(`^(${METRIC_NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const TYPE = new RegExp(`^# TYPE (${METRIC_NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${METRIC_NAME})(?: .*)?$`);
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const SUFFIXES: Record<string, string[]> = { counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

function parseValue(text: string): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

export function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the exposition must end with a newline');
  lines.slice(0, -1).forEach((line, i) => {
    const fail = (why: string) => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    const type = TYPE.exec(line);
    if (type) {
      if (types.has(type[1])) fail('a second TYPE for the family');
      types.set(type[1], type[2]);
      return;
    }
    if (HELP.test(line)) return;
    if (line.startsWith('#')) {
      if (/^# (HELP|TYPE)\b/.test(line)) fail('malformed HELP or TYPE');
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) return fail('not a sample');
    const [, name, labelText, valueText] = m;
    const family = [...types.entries()].find(([f, t]) => SUFFIXES[t].some((s) => name === f + s));
    if (!family) fail('a sample before the TYPE of its family');
    const labels: Record<string, string> = {};
    for (const [, k, v] of (labelText ?? '').matchAll(LABEL_PAIR)) {
      if (k in labels) fail(`label ${k} twice`);
      labels[k] = v.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    if (family?.[1] === 'histogram' && name.endsWith('_bucket') && !('le' in labels)) fail('a histogram bucket without `le`');
    samples.push({ name, labels, value: parseValue(valueText) });
  });
  return samples;
}

/** The sum of the samples with this name and (at least) these labels; 0 when there is none. */
export function sumOfSamples(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}
