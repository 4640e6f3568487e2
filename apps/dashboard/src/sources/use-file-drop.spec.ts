import { describe, expect, it, vi } from 'vitest';
import { csvFile } from './sources-fixtures';
import { useFileDrop } from './use-file-drop';

function dragEvent(type: string, files: File[] = [], types = files.length ? ['Files'] : ['text/plain']): DragEvent {
  const e = new Event(type, { cancelable: true }) as DragEvent;
  Object.defineProperty(e, 'dataTransfer', { value: { types, files, dropEffect: 'none' } });
  return e;
}

describe('useFileDrop', () => {
  it('shows a file dragged over, through the element’s children, until it leaves', () => {
    const d = useFileDrop(() => undefined);
    d.onDragEnter(dragEvent('dragenter', [csvFile()]));
    d.onDragEnter(dragEvent('dragenter', [csvFile()])); // into a child
    d.onDragLeave(dragEvent('dragleave', [csvFile()])); // out of the child
    expect(d.over.value).toBe(true);
    d.onDragLeave(dragEvent('dragleave', [csvFile()]));
    expect(d.over.value).toBe(false);
  });

  it('takes the dropped file (and keeps the browser from opening it)', () => {
    const onFile = vi.fn();
    const d = useFileDrop(onFile);
    const file = csvFile();
    const over = dragEvent('dragover', [file]);
    d.onDragOver(over);
    expect(over.defaultPrevented).toBe(true);
    d.onDragEnter(dragEvent('dragenter', [file]));
    const drop = dragEvent('drop', [file]);
    d.onDrop(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(onFile).toHaveBeenCalledWith(file);
    expect(d.over.value).toBe(false);
  });

  it('ignores what is not a file (dragged text)', () => {
    const onFile = vi.fn();
    const d = useFileDrop(onFile);
    const text = dragEvent('drop');
    d.onDragEnter(dragEvent('dragenter'));
    d.onDrop(text);
    expect(text.defaultPrevented).toBe(false);
    expect(d.over.value).toBe(false);
    expect(onFile).not.toHaveBeenCalled();
  });
});
