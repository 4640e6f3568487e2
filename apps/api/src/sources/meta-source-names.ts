/**
 * The tenant's Meta Lead Ads sources (id and name), for the Sources page's summary: a source with
 * no lead yet is listed too.
 */
import { Injectable } from '@nestjs/common';

export interface MetaSourceName {
  id: string;
  name: string;
}

@Injectable()
export class MetaSourceNames {
  // Read from the Meta integration's own table once it is merged (branch `meta`).
  async list(_tenantId: string): Promise<MetaSourceName[]> {
    return [];
  }
}
