/** Alerts for the REST API: tenant-scoped lists, and acknowledging (stored, then pushed live from the API). */
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { AlertListQuery, AlertMessage, AlertView } from '@leadboard/contracts';
import { alertForWallScreen } from '@leadboard/domain';
import { AlertRepository, LivePublisher } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { canSeeCampaign, mayReadPersonalData, type Principal } from '../auth/principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AlertsService {
  constructor(
    private readonly ds: DataSource,
    private readonly live: LivePublisher,
  ) {}

  /**
   * A wall token limited to campaigns sees their alerts only; a campaign it may not see lists nothing.
   * Wall screens are not told who acknowledged an alert.
   */
  async list(p: Principal, q: AlertListQuery): Promise<AlertView[]> {
    let campaignIds: string[] | null = p.kind === 'wall' ? p.campaignIds : null;
    if (q.campaignId !== undefined) {
      if (!canSeeCampaign(p, q.campaignId)) return [];
      campaignIds = [q.campaignId];
    }
    const alerts = await new AlertRepository(this.ds).list(p.tenantId, { state: q.state, campaignIds });
    return mayReadPersonalData(p) ? alerts : alerts.map(alertForWallScreen);
  }

  /**
   * raised → acknowledged, with the campaign's next seq in the same transaction, then pushed.
   * Acknowledging again answers the alert as it is (nothing pushed); a resolved alert is a 409;
   * another tenant's alert, or an id that is not one, is a 404.
   */
  async acknowledge(p: Principal & { kind: 'user' }, alertId: string): Promise<AlertView> {
    if (!UUID.test(alertId)) throw new NotFoundException(`alert ${alertId} not found`);
    const { result, seq } = await this.ds.transaction(async (m) => {
      const repo = new AlertRepository(m);
      const r = await repo.acknowledge(p.tenantId, alertId, p.email);
      const [next] = r.outcome === 'acknowledged' ? await repo.allocateSeqs(p.tenantId, r.alert.campaignId, 1) : [];
      return { result: r, seq: next };
    });
    switch (result.outcome) {
      case 'not_found':
        throw new NotFoundException(`alert ${alertId} not found`);
      case 'resolved':
        throw new ConflictException(`alert ${alertId} is already resolved (at ${result.alert.resolvedAt})`);
      case 'unchanged':
        return result.alert;
      case 'acknowledged': {
        const msg: AlertMessage = { ...result.alert, seq };
        this.live.alert(p.tenantId, msg);
        return result.alert;
      }
    }
  }
}
