import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Every row carries its tenant; client ids (campaign, lead, operator, event)
 * are unique per tenant. `events` is append-only and its primary key is what makes an event
 * apply once, whatever the queue does.
 */
export class InitialSchema1763884800000 implements MigrationInterface {
  name = 'InitialSchema1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'manager', 'supervisor')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE access_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('ingest', 'wall')),
        key_hash text NOT NULL UNIQUE,
        label text,
        campaign_ids text[],
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE campaigns (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        id text NOT NULL,
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'Europe/Rome',
        max_attempts int NOT NULL DEFAULT 6 CHECK (max_attempts > 0),
        qualification_threshold int NOT NULL DEFAULT 3 CHECK (qualification_threshold BETWEEN 1 AND 4),
        seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      );
      CREATE TABLE operators (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        id text NOT NULL,
        name text,
        seniority text NOT NULL DEFAULT 'junior' CHECK (seniority IN ('junior', 'senior')),
        state text NOT NULL DEFAULT 'offline',
        state_since timestamptz,
        state_event_id text,
        campaign_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      );
      CREATE TABLE leads (
        tenant_id uuid NOT NULL,
        id text NOT NULL,
        campaign_id text NOT NULL,
        stage text NOT NULL DEFAULT 'new',
        max_rank smallint NOT NULL DEFAULT 0,
        contacted boolean NOT NULL DEFAULT false,
        owner_operator_id text,
        owner_assigned boolean NOT NULL DEFAULT false,
        bant_need boolean,
        bant_budget boolean,
        bant_authority boolean,
        bant_timeline boolean,
        attempts int NOT NULL DEFAULT 0,
        no_contact_attempts int NOT NULL DEFAULT 0,
        unmapped int NOT NULL DEFAULT 0,
        source text,
        name text,
        phone text,
        email text,
        attributes jsonb,
        first_event_at timestamptz,
        first_call_at timestamptz,
        last_disposition text,
        callback_at timestamptz,
        last_event_at timestamptz,
        last_event_id text,
        version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX leads_by_campaign_stage ON leads (tenant_id, campaign_id, stage);
      CREATE TABLE events (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        event_id text NOT NULL,
        type text NOT NULL,
        campaign_id text,
        lead_id text,
        operator_id text,
        occurred_at timestamptz NOT NULL,
        disposition text,
        raw_disposition text,
        talk_seconds int,
        wrap_seconds int,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, event_id)
      );
      CREATE INDEX events_by_lead ON events (tenant_id, lead_id) WHERE lead_id IS NOT NULL;
      CREATE INDEX calls_by_campaign_time ON events (tenant_id, campaign_id, occurred_at) WHERE type = 'call.outcome';
      CREATE TABLE stage_transitions (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        campaign_id text NOT NULL,
        lead_id text NOT NULL,
        from_stage text,
        to_stage text NOT NULL,
        at timestamptz NOT NULL,
        event_id text NOT NULL,
        operator_id text,
        cause text NOT NULL,
        seq bigint,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX transitions_by_lead ON stage_transitions (tenant_id, lead_id, at);
      CREATE INDEX transitions_by_campaign_time ON stage_transitions (tenant_id, campaign_id, at);
      CREATE TABLE dead_letters (
        id bigserial PRIMARY KEY,
        tenant_id uuid,
        job_id text NOT NULL,
        events jsonb NOT NULL,
        error text NOT NULL,
        attempts int NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE dead_letters; DROP TABLE stage_transitions; DROP TABLE events; DROP TABLE leads;
      DROP TABLE operators; DROP TABLE campaigns; DROP TABLE access_keys; DROP TABLE users; DROP TABLE tenants;
    `);
  }
}
