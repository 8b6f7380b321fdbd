import type { Knex } from 'knex';

// API tokens may carry the webhooks:write scope (issue 20: /api/v1/webhooks).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check;
    ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check CHECK (
      scopes <@ ARRAY['accounts:read', 'accounts:write', 'credit:write', 'billing:write', 'users:write', 'webhooks:write']::text[]
      AND cardinality(scopes) > 0
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check;
    ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check CHECK (
      scopes <@ ARRAY['accounts:read', 'accounts:write', 'credit:write', 'billing:write', 'users:write']::text[]
      AND cardinality(scopes) > 0
    );
  `);
}
