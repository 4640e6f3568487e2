/**
 * The preview of a file before it is imported: only its first 64 KB are read, and nothing is
 * stored. It answers what the import job would detect (encoding, delimiter, header, layout and
 * each column's field) so the dashboard can show it and let the user correct the mapping.
 */
import { BadRequestException, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import { IMPORT_PREVIEW_BYTES, IMPORT_PREVIEW_ROWS, type ImportMapping, type ImportPreview } from '@leadboard/contracts';
import { LAYOUT_SAMPLE_RECORDS, applyMapping, detectEncoding, detectLayout, looksBinary } from '@leadboard/domain';
import { decodeText, sampleRecords } from '@leadboard/server';
import { chunks, type UploadBody } from './upload-body';

/** Reads at most `limit` bytes of a stream; says whether the stream ended within them. */
async function readStart(stream: AsyncIterable<Buffer>, limit: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    size += chunk.length;
    if (size > limit) return { bytes: Buffer.concat(parts, size).subarray(0, limit), complete: false };
  }
  return { bytes: Buffer.concat(parts, size), complete: true };
}

@Injectable()
export class ImportPreviewService {
  async preview(body: UploadBody, mapping: ImportMapping | undefined): Promise<ImportPreview> {
    const { bytes, complete } = await readStart(chunks(body), IMPORT_PREVIEW_BYTES);
    if (bytes.length === 0) throw new BadRequestException('the file is empty');
    if (looksBinary(bytes)) throw new UnsupportedMediaTypeException('the file is not text (binary content: a spreadsheet, an archive, UTF-16?); export it as CSV');
    const encoding = detectEncoding(bytes, complete);
    const { delimiter, records } = sampleRecords(decodeText(bytes, encoding), complete);
    if (records.length === 0) throw new BadRequestException('the file is empty');
    const detected = detectLayout(records.slice(0, LAYOUT_SAMPLE_RECORDS).map((r) => r.cells));
    const { plan, unknownKeys } = applyMapping(detected, mapping);
    if (unknownKeys.length > 0) throw new BadRequestException(`mapping names columns the file does not have: ${unknownKeys.join(', ')}`);
    const data = plan.hasHeader ? records.slice(1) : records;
    return {
      encoding,
      delimiter,
      hasHeader: plan.hasHeader,
      layout: plan.layout,
      columns: plan.columns.map((c) => ({ index: c.index, header: c.header, field: c.field })),
      rows: data.slice(0, IMPORT_PREVIEW_ROWS).map((r) => r.cells),
    };
  }
}
