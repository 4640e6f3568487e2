/** For the i18n specs: a message tree flattened to `a.b.c` → text, and the `{name}` placeholders of a text. */
export function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) for (const [p, leaf] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, leaf);
  } else out.set(prefix, value);
  return out;
}

export const placeholders = (s: unknown): string[] => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
