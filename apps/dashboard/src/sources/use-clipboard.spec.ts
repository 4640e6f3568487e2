import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useClipboard } from './use-clipboard';

describe('useClipboard', () => {
  const writeText = vi.fn<(text: string) => Promise<void>>();
  const execCommand = vi.fn<(cmd: string) => boolean>();

  beforeEach(() => {
    vi.useFakeTimers();
    writeText.mockReset();
    execCommand.mockReset();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
  });
  afterEach(() => vi.useRealTimers());

  it('copies through the Clipboard API and says which item, for a moment', async () => {
    writeText.mockResolvedValue(undefined);
    const scope = effectScope();
    const c = scope.run(() => useClipboard(2_000))!;
    await expect(c.copy('VARhttps://x/dispo?key=K', 'dispo')).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledWith('VARhttps://x/dispo?key=K');
    expect(c.copied.value).toBe('dispo');
    vi.advanceTimersByTime(2_000);
    expect(c.copied.value).toBeNull();
    scope.stop();
  });

  it('falls back to execCommand when the Clipboard API refuses (plain http)', async () => {
    writeText.mockRejectedValue(new Error('NotAllowedError'));
    execCommand.mockReturnValue(true);
    const c = useClipboard();
    await expect(c.copy('text', 'k')).resolves.toBe(true);
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(c.copied.value).toBe('k');
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('says the item could not be copied when neither way works', async () => {
    writeText.mockRejectedValue(new Error('NotAllowedError'));
    execCommand.mockReturnValue(false);
    const c = useClipboard();
    await expect(c.copy('text', 'k')).resolves.toBe(false);
    expect(c.copied.value).toBeNull();
    expect(c.failed.value).toBe('k');
  });
});
