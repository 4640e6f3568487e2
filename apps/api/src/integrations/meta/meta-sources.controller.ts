/** Admins connect Meta Lead Ads sources: create, list (no secrets, with health), change, delete. */
import { Body, Controller, Delete, Get, HttpCode, Inject, Logger, NotFoundException, Param, Patch, Post, Req, ServiceUnavailableException } from '@nestjs/common';
import {
  metaSourceCreateSchema,
  metaSourceCreatedSchema,
  metaSourceItemSchema,
  metaSourceListSchema,
  metaSourcePatchSchema,
  type MetaSourceCreate,
  type MetaSourceCreated,
  type MetaSourceItem,
  type MetaSourceList,
  type MetaSourcePatch,
} from '@leadboard/contracts';
import { APP_CONFIG, MetaLeadFetchQueue, MetaSourceStore, SecretsKeyMissingError, type AppConfig, type MetaSourceView } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../../auth/auth.guard';
import type { Principal } from '../../auth/principal';
import { ZodBody } from '../../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../../openapi/api-doc.decorator';
import { metaWebhookUrl } from './meta-webhook-url';

const NOT_FOUND = { 404: "Unknown source (another tenant's is unknown)." };
const NO_SECRETS_KEY = 'The server has no `SECRETS_KEY`, so no secret can be stored; nothing was changed.';

@Controller('api/v1/integrations/meta/sources')
@Auth(['user'], ['admin'])
@ApiTags('Meta Lead Ads')
export class MetaSourcesController {
  private readonly logger = new Logger(MetaSourcesController.name);

  constructor(
    private readonly store: MetaSourceStore,
    private readonly fetches: MetaLeadFetchQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `201 {id, webhookUrl, verifyToken}`: what to paste into Meta's app dashboard. */
  @Post()
  @ApiDoc({
    summary: 'Connect a Meta app and page: answers the webhook URL and verify token to paste into Meta',
    description:
      'The app secret and page access token are stored encrypted (`SECRETS_KEY`) and never returned. Leads of a form not in `forms` ' +
      'go to `defaultCampaignId` (created on first lead like any campaign). A random verify token is generated when none is given. ' +
      'The webhook URL\'s host is `PUBLIC_URL` when set, else the one this request reached.',
    response: metaSourceCreatedSchema,
    errors: { 503: NO_SECRETS_KEY },
  })
  async create(@CurrentPrincipal() p: Principal, @Body(new ZodBody(metaSourceCreateSchema)) body: MetaSourceCreate, @Req() req: Request): Promise<MetaSourceCreated> {
    const source = await withSecretsKey(() => this.store.create(p.tenantId, body));
    return { id: source.id, webhookUrl: metaWebhookUrl(this.config, req, source.id), verifyToken: source.verifyToken };
  }

  @Get()
  @ApiDoc({ summary: "The tenant's Meta sources, oldest first: settings, whether each secret is set, health (never a secret)", response: metaSourceListSchema })
  async list(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<MetaSourceList> {
    const sources = await this.store.list(p.tenantId);
    return { sources: sources.map((s) => this.item(s, req)) };
  }

  @Get(':id')
  @ApiDoc({ summary: 'One Meta source', response: metaSourceItemSchema, errors: NOT_FOUND })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() req: Request): Promise<MetaSourceItem> {
    const source = await this.store.get(p.tenantId, id);
    if (!source) throw notFound(id);
    return this.item(source, req);
  }

  /** Only the fields given change; a new page token also re-runs the fetches the old one had stopped. */
  @Patch(':id')
  @ApiDoc({
    summary: 'Change a Meta source: only the fields given',
    description:
      '`forms` replaces the whole map. A new `pageAccessToken` clears the token error and re-runs the lead fetches a token error ' +
      'had stopped (kept 7 days).',
    response: metaSourceItemSchema,
    errors: { ...NOT_FOUND, 503: `${NO_SECRETS_KEY} (Only when the change carries a secret.)` },
  })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body(new ZodBody(metaSourcePatchSchema)) body: MetaSourcePatch,
    @Req() req: Request,
  ): Promise<MetaSourceItem> {
    const source = await withSecretsKey(() => this.store.update(p.tenantId, id, body));
    if (!source) throw notFound(id);
    if (body.pageAccessToken !== undefined) {
      // Best effort: the new token is saved either way; a lead left behind shows in the queue UI.
      await this.fetches
        .retryTokenFailures(source.id)
        .then((n) => n && this.logger.log(`re-running ${n} lead fetch(es) of Meta source ${source.id} with its new token`))
        .catch((err: Error) => this.logger.warn(`could not re-run the stopped fetches of Meta source ${source.id}: ${err.message}`));
    }
    return this.item(source, req);
  }

  /** Its pending fetches find no source and end without a lead. */
  @Delete(':id')
  @HttpCode(204)
  @ApiDoc({
    summary: 'Delete a Meta source',
    description: 'Its webhook answers `404` from then on, pending fetches end without a lead, its error history goes; its leads and daily counts stay.',
    errors: NOT_FOUND,
  })
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    if (!(await this.store.remove(p.tenantId, id))) throw notFound(id);
  }

  private item(s: MetaSourceView, req: Request): MetaSourceItem {
    const { tenantId: _tenant, ...rest } = s;
    return { ...rest, webhookUrl: metaWebhookUrl(this.config, req, s.id) };
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Meta source ${id.slice(0, 64)} not found`);
}

/** Without SECRETS_KEY no secret can be stored: a 503 that names the variable, never a built-in key. */
async function withSecretsKey<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SecretsKeyMissingError) throw new ServiceUnavailableException(err.message);
    throw err;
  }
}
