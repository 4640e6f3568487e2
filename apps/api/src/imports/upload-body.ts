/**
 * The file of an upload, as a stream of bytes, whatever the body form: a raw `text/csv` body, or
 * the `file` field of a `multipart/form-data` body (busboy). Nothing is buffered here: the caller
 * reads the stream at its own pace, and the request is paused meanwhile.
 */
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';

export interface UploadBody {
  /** Read it with `chunks()`: leaving a plain `for await` early would destroy the request, and the answer with it. */
  stream: Readable;
  /** The multipart file name, when there is one. */
  fileName: string | null;
}

/**
 * Raw body types taken as a CSV file: what tools and browsers send for `.csv` (Windows browsers
 * say `application/vnd.ms-excel`), and no type at all.
 */
const RAW_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'text/tab-separated-values', 'application/octet-stream', ''];

export function openUploadBody(req: Request, maxBytes: number): Promise<UploadBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') return openMultipart(req, maxBytes);
  if (!RAW_TYPES.includes(type)) {
    return Promise.reject(new UnsupportedMediaTypeException(`send the file as text/csv or as the "file" field of multipart/form-data, not ${type}`));
  }
  return Promise.resolve({ stream: req, fileName: null });
}

function openMultipart(req: Request, maxBytes: number): Promise<UploadBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // One byte over the limit is enough to know it is over (the caller answers 413).
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fileSize: maxBytes + 1 } });
    } catch (err) {
      reject(new BadRequestException(`malformed multipart body: ${(err as Error).message}`));
      return;
    }
    let found = false;
    parser.on('file', (name: string, file: Readable, info: busboy.FileInfo) => {
      if (name !== 'file' || found) {
        file.resume();
        return;
      }
      found = true;
      resolve({ stream: file, fileName: info.filename?.trim() || null });
    });
    parser.on('error', (err: Error) => reject(new BadRequestException(`malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      if (!found) reject(new BadRequestException('the multipart body has no "file" field'));
    });
    req.pipe(parser);
  });
}

/** The body's chunks; stopping early leaves the stream open (the controller then discards the rest). */
export function chunks(body: UploadBody): AsyncIterable<Buffer> {
  return body.stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
}

/**
 * After an early answer (413, 415, a preview that read enough), the rest of the body is read and
 * dropped so the client sees the answer, and the connection is closed after it.
 */
export function discardBody(req: Request, res: { setHeader(name: string, value: string): unknown }): void {
  res.setHeader('Connection', 'close');
  req.unpipe();
  req.resume();
  // A client that never stops sending does not hold the socket forever.
  setTimeout(() => req.socket.destroy(), 10_000).unref();
}
