/**
 * Reads a request body the JSON parser left alone (a form or a CSV file) as text, up to a limit.
 * A body over the limit is a 413; one already read by another parser is an error of wiring.
 */
import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

export async function readTextBody(req: Request, limitBytes: number): Promise<string> {
  if (req.readableEnded) throw new Error('the request body was already read by another parser');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new PayloadTooLargeException(`the body is over ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
