/**
 * What is learnt about an uploaded file while it streams through, without keeping it: its size,
 * SHA-256, first bytes (is it text?), BOM, and whether all of it is valid UTF-8 (which decides
 * between UTF-8 and Windows-1252 for the whole file, not only for its start).
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { BINARY_SNIFF_BYTES, hasUtf8Bom, incompleteUtf8TailStart } from '@leadboard/domain';

export class FileFacts {
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  size = 0;
  validUtf8 = true;

  update(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.head.length < BINARY_SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, BINARY_SNIFF_BYTES - this.head.length)]);
    if (!this.validUtf8) return;
    // A character may be cut between two chunks: its first bytes wait for the next chunk.
    const bytes = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = incompleteUtf8TailStart(bytes);
    if (!isUtf8(bytes.subarray(0, cut))) this.validUtf8 = false;
    this.tail = Buffer.from(bytes.subarray(cut));
  }

  /** The first bytes, enough to judge whether the file is text. */
  get start(): Buffer {
    return this.head;
  }

  finish(): { sha256: string; sizeBytes: number; bom: boolean; validUtf8: boolean } {
    return {
      sha256: this.hash.digest('hex'),
      sizeBytes: this.size,
      bom: hasUtf8Bom(this.head),
      validUtf8: this.validUtf8 && this.tail.length === 0,
    };
  }
}
