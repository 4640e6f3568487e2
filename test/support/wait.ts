/** Polls until a condition holds; a timeout names what was awaited. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
}

/** Polls until `read()` returns a value deep-equal (JSON) to `expected`; fails with both values. */
export async function waitForValue<T>(read: () => Promise<T>, expected: T, opts: { timeoutMs?: number; what?: string } = {}): Promise<void> {
  let last: T | undefined;
  try {
    await waitFor(async () => JSON.stringify((last = await read())) === JSON.stringify(expected), opts);
  } catch {
    throw new Error(`${opts.what ?? 'value'}: expected ${JSON.stringify(expected)}, last seen ${JSON.stringify(last)}`);
  }
}
