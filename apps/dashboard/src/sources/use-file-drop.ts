/**
 * Drag and drop of one file onto an element: whether a file is being dragged over it (entering and
 * leaving its children counts once), and the dropped file. Anything else dragged (text, links) is
 * not taken.
 */
import { ref } from 'vue';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function useFileDrop(onFile: (file: File) => void) {
  const over = ref(false);
  let depth = 0;

  function onDragEnter(e: DragEvent): void {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth += 1;
    over.value = true;
  }

  function onDragOver(e: DragEvent): void {
    if (!carriesFiles(e)) return;
    // without this the browser opens the file instead of dropping it here
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  }

  function onDragLeave(e: DragEvent): void {
    if (!carriesFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) over.value = false;
  }

  function onDrop(e: DragEvent): void {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth = 0;
    over.value = false;
    const file = e.dataTransfer?.files?.[0];
    if (file) onFile(file);
  }

  return { over, onDragEnter, onDragOver, onDragLeave, onDrop };
}
