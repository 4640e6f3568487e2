/**
 * The `meta_sources` table: what the admin endpoints, the webhook and the lead fetcher read and
 * write. Secrets are sealed here on the way in and opened only by the two readers that need them
 * (the webhook's app secret, the fetcher's page token); nothing else ever sees them.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { MetaFormMap, MetaSourceCreate, MetaSourcePatch, MetaTokenError } from '@leadboard/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { SecretBox, SecretsKeyMissingError } from '../../secrets/secret-box';

/** A source as the admin sees it: settings, whether each secret is set, and health; no secret. */
export interface MetaSourceView {
  id: string;
  tenantId: string;
  name: string;
  verifyToken: string;
  defaultCampaignId: string;
  forms: MetaFormMap;
  hasAppSecret: boolean;
  hasPageAccessToken: boolean;
  createdAt: string;
  updatedAt: string;
  tokenError?: MetaTokenError;
  lastError?: { message: string; at: string };
  lastLeadAt?: string;
}

/** What the webhook needs to answer Meta: whose source it is, its verify token and its app secret (sealed). */
export interface MetaWebhookTarget {
  id: string;
  tenantId: string;
  verifyToken: string;
  appSecretSealed: string;
}

/** What a lead fetch needs, secrets opened. */
export interface MetaFetchTarget {
  id: string;
  tenantId: string;
  defaultCampaignId: string;
  forms: MetaFormMap;
  pageAccessToken: string;
  appSecret: string;
}

interface SourceRow {
  id: string;
  tenant_id: string;
  name: string;
  app_secret_sealed: string;
  page_access_token_sealed: string;
  verify_token: string;
  default_campaign_id: string;
  forms: MetaFormMap;
  token_error_code: number | null;
  token_error_message: string | null;
  token_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
  last_error_message?: string | null;
  last_error_at?: Date | null;
  last_lead_at?: Date | null;
}

/** A verify token when the admin gives none: 192 random bits, URL-safe so it pastes cleanly. */
export function newVerifyToken(): string {
  return randomBytes(24).toString('base64url');
}

const appSecretContext = (id: string) => `meta_sources:${id}:app_secret`;
const pageTokenContext = (id: string) => `meta_sources:${id}:page_access_token`;

const VIEW_SQL = `
  SELECT s.*, e.message AS last_error_message, e.at AS last_error_at, a.last_lead_at
    FROM meta_sources s
    LEFT JOIN LATERAL (
      SELECT message, at FROM source_errors
       WHERE tenant_id = s.tenant_id AND source = 'meta' AND source_id = s.id::text
       ORDER BY at DESC, id DESC LIMIT 1
    ) e ON true
    LEFT JOIN LATERAL (
      SELECT max(last_event_at) AS last_lead_at FROM source_activity
       WHERE tenant_id = s.tenant_id AND source = 'meta' AND source_id = s.id::text
    ) a ON true`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs: anything that is not a UUID is simply not a source (and never reaches SQL as one). */
export function isSourceId(id: string): boolean {
  return UUID.test(id);
}

@Injectable()
export class MetaSourceStore {
  private readonly box: SecretBox | null;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = config.secretsKey ? new SecretBox(config.secretsKey) : null;
  }

  /** Throws SecretsKeyMissingError when SECRETS_KEY is not set: nothing can be sealed or opened. */
  private secretBox(): SecretBox {
    if (!this.box) throw new SecretsKeyMissingError();
    return this.box;
  }

  async create(tenantId: string, input: MetaSourceCreate): Promise<MetaSourceView> {
    const box = this.secretBox();
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO meta_sources (id, tenant_id, name, app_secret_sealed, page_access_token_sealed, verify_token, default_campaign_id, forms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        id,
        tenantId,
        input.name,
        box.seal(input.appSecret, appSecretContext(id)),
        box.seal(input.pageAccessToken, pageTokenContext(id)),
        input.verifyToken ?? newVerifyToken(),
        input.defaultCampaignId,
        JSON.stringify(input.forms ?? {}),
      ],
    );
    return (await this.get(tenantId, id)) as MetaSourceView;
  }

  async list(tenantId: string): Promise<MetaSourceView[]> {
    const rows = (await this.ds.query(`${VIEW_SQL} WHERE s.tenant_id = $1 ORDER BY s.created_at, s.id`, [tenantId])) as SourceRow[];
    return rows.map(toView);
  }

  async get(tenantId: string, id: string): Promise<MetaSourceView | null> {
    if (!isSourceId(id)) return null;
    const rows = (await this.ds.query(`${VIEW_SQL} WHERE s.tenant_id = $1 AND s.id = $2`, [tenantId, id])) as SourceRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  /**
   * Applies the fields given; a new page token clears the token error (the next fetch tells whether
   * it works). Returns null for a source the tenant does not have.
   */
  async update(tenantId: string, id: string, patch: MetaSourcePatch): Promise<MetaSourceView | null> {
    if (!isSourceId(id)) return null;
    const needsBox = patch.appSecret !== undefined || patch.pageAccessToken !== undefined;
    const box = needsBox ? this.secretBox() : null;
    const sets: string[] = [];
    const params: unknown[] = [tenantId, id];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.defaultCampaignId !== undefined) set('default_campaign_id', patch.defaultCampaignId);
    if (patch.forms !== undefined) set('forms', JSON.stringify(patch.forms), '::jsonb');
    if (patch.verifyToken !== undefined) set('verify_token', patch.verifyToken);
    if (patch.appSecret !== undefined) set('app_secret_sealed', box!.seal(patch.appSecret, appSecretContext(id)));
    if (patch.pageAccessToken !== undefined) {
      set('page_access_token_sealed', box!.seal(patch.pageAccessToken, pageTokenContext(id)));
      sets.push('token_error_code = NULL, token_error_message = NULL, token_error_at = NULL');
    }
    // TypeORM answers an UPDATE with [rows, affected].
    const [, updated] = (await this.ds.query(
      `UPDATE meta_sources SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE tenant_id = $1 AND id = $2`,
      params,
    )) as [unknown, number];
    return updated ? this.get(tenantId, id) : null;
  }

  /** Removes the source and its error history (its daily counts stay, like any past activity). */
  async remove(tenantId: string, id: string): Promise<boolean> {
    if (!isSourceId(id)) return false;
    return this.ds.transaction(async (m) => {
      const [, deleted] = (await m.query('DELETE FROM meta_sources WHERE tenant_id = $1 AND id = $2', [tenantId, id])) as [unknown, number];
      if (deleted) await m.query(`DELETE FROM source_errors WHERE tenant_id = $1 AND source = 'meta' AND source_id = $2`, [tenantId, id]);
      return deleted > 0;
    });
  }

  /** For the webhook, which knows only the id in its URL (Meta sends no credential but the signature). */
  async webhookTarget(id: string): Promise<MetaWebhookTarget | null> {
    if (!isSourceId(id)) return null;
    const rows = (await this.ds.query('SELECT id, tenant_id, verify_token, app_secret_sealed FROM meta_sources WHERE id = $1', [id])) as SourceRow[];
    const r = rows[0];
    return r ? { id: r.id, tenantId: r.tenant_id, verifyToken: r.verify_token, appSecretSealed: r.app_secret_sealed } : null;
  }

  /** Throws SecretsKeyMissingError or SecretUnreadableError when the secret cannot be opened. */
  openAppSecret(target: MetaWebhookTarget): string {
    return this.secretBox().open(target.appSecretSealed, appSecretContext(target.id));
  }

  /** For a lead fetch: routing and the opened secrets; null when the source was deleted meanwhile. */
  async fetchTarget(tenantId: string, id: string): Promise<MetaFetchTarget | null> {
    if (!isSourceId(id)) return null;
    const rows = (await this.ds.query('SELECT * FROM meta_sources WHERE tenant_id = $1 AND id = $2', [tenantId, id])) as SourceRow[];
    const r = rows[0];
    if (!r) return null;
    const box = this.secretBox();
    return {
      id: r.id,
      tenantId: r.tenant_id,
      defaultCampaignId: r.default_campaign_id,
      forms: r.forms ?? {},
      pageAccessToken: box.open(r.page_access_token_sealed, pageTokenContext(r.id)),
      appSecret: box.open(r.app_secret_sealed, appSecretContext(r.id)),
    };
  }

  async setTokenError(tenantId: string, id: string, error: { code: number; message: string }, at = new Date()): Promise<void> {
    await this.ds.query(
      'UPDATE meta_sources SET token_error_code = $3, token_error_message = $4, token_error_at = $5 WHERE tenant_id = $1 AND id = $2',
      [tenantId, id, error.code, error.message.slice(0, 500), at.toISOString()],
    );
  }

  /** A fetch worked: the token is fine again. Cheap when there was no error (no row is rewritten). */
  async clearTokenError(tenantId: string, id: string): Promise<void> {
    await this.ds.query(
      `UPDATE meta_sources SET token_error_code = NULL, token_error_message = NULL, token_error_at = NULL
        WHERE tenant_id = $1 AND id = $2 AND token_error_code IS NOT NULL`,
      [tenantId, id],
    );
  }
}

function toView(r: SourceRow): MetaSourceView {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    verifyToken: r.verify_token,
    defaultCampaignId: r.default_campaign_id,
    forms: r.forms ?? {},
    hasAppSecret: !!r.app_secret_sealed,
    hasPageAccessToken: !!r.page_access_token_sealed,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(r.token_error_code !== null && r.token_error_at
      ? { tokenError: { code: r.token_error_code, message: r.token_error_message ?? '', at: new Date(r.token_error_at).toISOString() } }
      : {}),
    ...(r.last_error_message && r.last_error_at ? { lastError: { message: r.last_error_message, at: new Date(r.last_error_at).toISOString() } } : {}),
    ...(r.last_lead_at ? { lastLeadAt: new Date(r.last_lead_at).toISOString() } : {}),
  };
}
