/** Managers name operators and set their seniority (`PATCH /api/v1/operators/{id}`); ingest never creates them from here. */
import { Injectable, NotFoundException } from '@nestjs/common';
import type { OperatorPatch, OperatorView } from '@leadboard/contracts';
import { CampaignMetricsReader, returnedRows } from '@leadboard/server';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';

@Injectable()
export class OperatorSettingsService {
  constructor(private readonly ds: DataSource) {}

  async patch(p: Principal, operatorId: string, patch: OperatorPatch): Promise<OperatorView> {
    const rows = returnedRows<{ id: string }>(
      await this.ds.query(
        `UPDATE operators SET name = coalesce($3, name), seniority = coalesce($4, seniority)
          WHERE tenant_id = $1 AND id = $2 RETURNING id`,
        [p.tenantId, operatorId, patch.name ?? null, patch.seniority ?? null],
      ),
    );
    if (!rows.length) throw new NotFoundException(`operator ${operatorId} not found`);
    const view = (await new CampaignMetricsReader(this.ds).operators(p.tenantId)).find((o) => o.operatorId === operatorId);
    if (!view) throw new NotFoundException(`operator ${operatorId} not found`);
    return view;
  }
}
