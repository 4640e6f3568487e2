import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reallocation and personal callbacks (issue 5).
 *
 * `audit_log`: every change of owner made by a manager (`reassigned`) or by the callback scheduler
 * (`callback_released`, to nobody), who/when/from/to/why; read by lead, and by campaign and time.
 *
 * Callbacks stay on the lead: the domain keeps `callback_at` (set by a CALLBACK outcome, cleared by a
 * later contact or dnc) and the callback belongs to the lead's owner. The scheduler adds what it must
 * remember across restarts, keyed by the `callback_at` it acted on so that a new callback starts afresh:
 * - `callback_due_pushed_for`: the callback whose coming due was pushed to the dashboard;
 * - `callback_released_for` / `callback_released_at` / `callback_released_from`: the callback released
 *   to the pool, when, and from whom.
 * `leads_callbacks_owned_due` holds only owned callbacks of open leads, which the scheduler releases
 * at most CALLBACK_RELEASE_AFTER_MS after they are due, so its range up to "now" stays small.
 */
export class Reassignment1764230400000 implements MigrationInterface {
  name = 'Reassignment1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('reassigned', 'callback_released')),
        lead_id text NOT NULL,
        campaign_id text NOT NULL,
        from_operator_id text,
        to_operator_id text,
        reason text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
        actor_user_id uuid,
        actor_email text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_by_lead ON audit_log (tenant_id, lead_id, id DESC);
      CREATE INDEX audit_log_by_campaign ON audit_log (tenant_id, campaign_id, action, at);
      CREATE INDEX audit_log_by_time ON audit_log (tenant_id, id DESC);

      ALTER TABLE leads
        ADD COLUMN callback_due_pushed_for timestamptz,
        ADD COLUMN callback_released_for timestamptz,
        ADD COLUMN callback_released_at timestamptz,
        ADD COLUMN callback_released_from text;
      CREATE INDEX leads_callbacks_owned_due ON leads (callback_at)
        WHERE callback_at IS NOT NULL AND owner_operator_id IS NOT NULL AND stage NOT IN ('customer', 'lost', 'dnc');
      CREATE INDEX leads_callbacks_in_pool ON leads (tenant_id, campaign_id)
        WHERE callback_at IS NOT NULL AND owner_operator_id IS NULL AND stage NOT IN ('customer', 'lost', 'dnc');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX leads_callbacks_in_pool; DROP INDEX leads_callbacks_owned_due;
      ALTER TABLE leads DROP COLUMN callback_released_from, DROP COLUMN callback_released_at,
        DROP COLUMN callback_released_for, DROP COLUMN callback_due_pushed_for;
      DROP TABLE audit_log;
    `);
  }
}
