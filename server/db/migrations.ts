/**
 * Schema migrations, applied in order by Kysely's migrator at start-up. Never edit a migration
 * that has shipped; add a new one.
 *
 * The same migrations build the schema on SQLite and on PostgreSQL. Where the engines differ
 * (column types, auto-increment keys, triggers) `ColumnTypes` and the `engine` argument pick the
 * engine's spelling; SQLite's is exactly what these migrations always produced, so an existing
 * SQLite database is unaffected.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';

/** The engines the schema runs on. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/** Column types whose name differs between the engines. */
interface ColumnTypes {
  /** Bytes: SQLite's blob, PostgreSQL's bytea. */
  blob: 'blob' | 'bytea';
  /** Milliseconds since the epoch: SQLite's integer holds 64 bits, PostgreSQL's only 32. */
  epochMs: 'integer' | 'bigint';
  /** An auto-incrementing 64-bit key: SQLite's integer primary key, PostgreSQL's identity column. */
  serialKey: 'integer' | 'bigint';
  /** Makes a `serialKey` column the table's auto-incrementing primary key. */
  serialKeyColumn: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

function columnTypes(engine: DatabaseEngine): ColumnTypes {
  return engine === 'postgres'
    ? { blob: 'bytea', epochMs: 'bigint', serialKey: 'bigint', serialKeyColumn: (col) => col.primaryKey().generatedByDefaultAsIdentity() }
    : { blob: 'blob', epochMs: 'integer', serialKey: 'integer', serialKeyColumn: (col) => col.primaryKey().autoIncrement() };
}

/** The migrations for one engine. */
function migrationsFor(engine: DatabaseEngine): Record<string, Migration> {
  const t = columnTypes(engine);
  return {
    '0001_letters_and_documents': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('letters')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('title', 'text', (col) => col.notNull())
          .addColumn('template', 'text', (col) => col.notNull())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('updated_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('doc_updates')
          .addColumn('seq', t.serialKey, t.serialKeyColumn)
          .addColumn('room', 'text', (col) => col.notNull())
          .addColumn('data', t.blob, (col) => col.notNull())
          .addColumn('created_at', 'text', (col) =>
            // SQLite's CURRENT_TIMESTAMP text (UTC, 'YYYY-MM-DD HH:MM:SS') on both engines.
            col.notNull().defaultTo(engine === 'postgres' ? sql`(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))` : sql`CURRENT_TIMESTAMP`),
          )
          .execute();
        await db.schema.createIndex('doc_updates_room_seq').on('doc_updates').columns(['room', 'seq']).execute();
        await db.schema
          .createTable('doc_snapshots')
          .addColumn('room', 'text', (col) => col.primaryKey())
          .addColumn('state', t.blob, (col) => col.notNull())
          .addColumn('upto_seq', t.serialKey, (col) => col.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('doc_snapshots').execute();
        await db.schema.dropTable('doc_updates').execute();
        await db.schema.dropTable('letters').execute();
      },
    },
    '0002_accounts_sharing_audit': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('email', 'text', (col) => col.notNull().unique())
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('profession', 'text', (col) => col.notNull())
          .addColumn('password_hash', 'text', (col) => col.notNull())
          .addColumn('is_admin', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('secret_hash', t.blob, (col) => col.notNull())
          .addColumn('created_at', t.epochMs, (col) => col.notNull())
          .addColumn('last_verified_at', t.epochMs, (col) => col.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
        // Letters made before accounts existed have no owner and so no members: nobody sees them.
        await db.schema.alterTable('letters').addColumn('status', 'text', (col) => col.notNull().defaultTo('draft')).execute();
        await db.schema
          .createTable('letter_members')
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (col) => col.notNull())
          .addColumn('added_at', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint('letter_members_pk', ['letter_id', 'user_id'])
          .execute();
        await db.schema.createIndex('letter_members_user').on('letter_members').column('user_id').execute();
        await db.schema
          .createTable('invites')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('email', 'text', (col) => col.notNull())
          .addColumn('role', 'text', (col) => col.notNull())
          .addColumn('token_hash', t.blob, (col) => col.notNull().unique())
          .addColumn('invited_by', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('expires_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema.createIndex('invites_letter').on('invites').column('letter_id').execute();
        // Append-only: no foreign keys, so entries outlive the letters and accounts they mention.
        await db.schema
          .createTable('audit_log')
          .addColumn('id', t.serialKey, t.serialKeyColumn)
          .addColumn('at', 'text', (col) => col.notNull())
          .addColumn('action', 'text', (col) => col.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('letter_id', 'text')
          .addColumn('target_user_id', 'text')
          .addColumn('detail', 'text', (col) => col.notNull().defaultTo('{}'))
          .addColumn('ip', 'text')
          .execute();
        await db.schema.createIndex('audit_log_letter').on('audit_log').columns(['letter_id', 'id']).execute();
        if (engine === 'postgres') {
          // The same refusal in plpgsql; TRUNCATE skips row triggers, so it is refused as well.
          await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
        } else {
          await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        }
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('audit_log').execute();
        if (engine === 'postgres') await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
        await db.schema.dropTable('invites').execute();
        await db.schema.dropTable('letter_members').execute();
        await db.schema.alterTable('letters').dropColumn('status').execute();
        await db.schema.dropTable('sessions').execute();
        await db.schema.dropTable('users').execute();
      },
    },
    '0003_workspace': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('case_details')
          .addColumn('letter_id', 'text', (col) => col.primaryKey().references('letters.id').onDelete('cascade'))
          .addColumn('data', 'text', (col) => col.notNull())
          .addColumn('updated_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('checklist_items')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('section_key', 'text', (col) => col.notNull())
          .addColumn('text', 'text', (col) => col.notNull())
          .addColumn('position', 'integer', (col) => col.notNull())
          .addColumn('suggestion', 'text')
          .addColumn('ticked_by', 'text', (col) => col.references('users.id').onDelete('set null'))
          .addColumn('ticked_at', 'text')
          .execute();
        await db.schema.createIndex('checklist_items_letter').on('checklist_items').columns(['letter_id', 'position']).execute();
        await db.schema
          .createTable('letter_sends')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('sent_at', 'text', (col) => col.notNull())
          .addColumn('sent_by', 'text', (col) => col.notNull())
          .addColumn('recipient', 'text', (col) => col.notNull())
          .addColumn('state', t.blob, (col) => col.notNull())
          .execute();
        await db.schema.createIndex('letter_sends_letter').on('letter_sends').column('letter_id').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('letter_sends').execute();
        await db.schema.dropTable('checklist_items').execute();
        await db.schema.dropTable('case_details').execute();
      },
    },
    '0004_settings': {
      async up(db: Kysely<unknown>) {
        // Installation-wide settings, one JSON document per key (the letterhead, for now).
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (col) => col.primaryKey())
          .addColumn('value', 'text', (col) => col.notNull())
          .addColumn('updated_at', 'text', (col) => col.notNull())
          .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
          .execute();
        await db.schema
          .createTable('user_signatures')
          .addColumn('user_id', 'text', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
          .addColumn('credentials', 'text', (col) => col.notNull())
          .addColumn('license_number', 'text', (col) => col.notNull())
          .addColumn('license_state', 'text', (col) => col.notNull())
          .addColumn('contact', 'text', (col) => col.notNull())
          .addColumn('updated_at', 'text', (col) => col.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('user_signatures').execute();
        await db.schema.dropTable('settings').execute();
      },
    },
    '0005_review': {
      async up(db: Kysely<unknown>) {
        // Comment threads: the anchor is a pair of encoded Y.RelativePositions; the quote is the text
        // they covered when the thread was opened, shown once the words are gone ("detached").
        await db.schema
          .createTable('comment_threads')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('author_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('anchor_start', t.blob, (col) => col.notNull())
          .addColumn('anchor_end', t.blob, (col) => col.notNull())
          .addColumn('quote', 'text', (col) => col.notNull())
          .addColumn('resolved_by', 'text', (col) => col.references('users.id').onDelete('set null'))
          .addColumn('resolved_at', 'text')
          .addColumn('created_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema.createIndex('comment_threads_letter').on('comment_threads').columns(['letter_id', 'created_at']).execute();
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('thread_id', 'text', (col) => col.notNull().references('comment_threads.id').onDelete('cascade'))
          .addColumn('author_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('body', 'text', (col) => col.notNull())
          .addColumn('mentions', 'text', (col) => col.notNull().defaultTo('[]'))
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('edited_at', 'text')
          .execute();
        await db.schema.createIndex('comments_thread').on('comments').columns(['thread_id', 'created_at']).execute();
        await db.schema
          .createTable('review_requests')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('requested_by', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('reviewer_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('message', 'text', (col) => col.notNull())
          .addColumn('state', 'text', (col) => col.notNull())
          .addColumn('summary', 'text', (col) => col.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema.createIndex('review_requests_letter').on('review_requests').columns(['letter_id', 'created_at']).execute();
        await db.schema
          .createTable('letter_versions')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('kind', 'text', (col) => col.notNull())
          .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('state', t.blob, (col) => col.notNull())
          .execute();
        await db.schema.createIndex('letter_versions_letter').on('letter_versions').columns(['letter_id', 'created_at']).execute();
        // One row per notification; the inbox lists a user's rows for letters they are still on.
        await db.schema
          .createTable('inbox_items')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('letter_id', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
          .addColumn('kind', 'text', (col) => col.notNull())
          .addColumn('actor_id', 'text', (col) => col.references('users.id').onDelete('set null'))
          .addColumn('thread_id', 'text', (col) => col.references('comment_threads.id').onDelete('cascade'))
          .addColumn('review_id', 'text', (col) => col.references('review_requests.id').onDelete('cascade'))
          .addColumn('excerpt', 'text', (col) => col.notNull())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('read_at', 'text')
          .execute();
        await db.schema.createIndex('inbox_items_user').on('inbox_items').columns(['user_id', 'created_at']).execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('inbox_items').execute();
        await db.schema.dropTable('letter_versions').execute();
        await db.schema.dropTable('review_requests').execute();
        await db.schema.dropTable('comments').execute();
        await db.schema.dropTable('comment_threads').execute();
      },
    },
    '0006_workshops': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('workshops')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('title', 'text', (col) => col.notNull())
          .addColumn('date', 'text', (col) => col.notNull())
          .addColumn('join_code', 'text', (col) => col.notNull().unique())
          .addColumn('created_by', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('ended_at', 'text')
          .execute();
        await db.schema
          .createTable('workshop_steps')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('workshop_id', 'text', (col) => col.notNull().references('workshops.id').onDelete('cascade'))
          .addColumn('position', 'integer', (col) => col.notNull())
          .addColumn('title', 'text', (col) => col.notNull())
          .addColumn('minutes', 'integer', (col) => col.notNull())
          .addColumn('guidance', 'text', (col) => col.notNull())
          .addColumn('focus_sections', 'text', (col) => col.notNull().defaultTo('[]'))
          .execute();
        await db.schema.createIndex('workshop_steps_workshop').on('workshop_steps').columns(['workshop_id', 'position']).execute();
        await db.schema
          .createTable('workshop_members')
          .addColumn('workshop_id', 'text', (col) => col.notNull().references('workshops.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (col) => col.notNull())
          .addColumn('letter_id', 'text', (col) => col.references('letters.id').onDelete('set null'))
          .addColumn('shares_text', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('current_section', 'text')
          .addColumn('hand_raised_at', 'text')
          .addColumn('joined_at', 'text', (col) => col.notNull())
          .addPrimaryKeyConstraint('workshop_members_pk', ['workshop_id', 'user_id'])
          .execute();
        await db.schema.createIndex('workshop_members_user').on('workshop_members').column('user_id').execute();
        // The live session: one row per workshop, so it survives reloads and restarts.
        await db.schema
          .createTable('workshop_state')
          .addColumn('workshop_id', 'text', (col) => col.primaryKey().references('workshops.id').onDelete('cascade'))
          .addColumn('revision', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('step_index', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('timer_state', 'text', (col) => col.notNull().defaultTo('idle'))
          .addColumn('timer_duration_ms', 'integer', (col) => col.notNull().defaultTo(0))
          .addColumn('timer_ends_at', 'text')
          .addColumn('timer_remaining_ms', 'integer')
          .addColumn('broadcast_text', 'text')
          .addColumn('broadcast_at', 'text')
          .addColumn('broadcast_by', 'text', (col) => col.references('users.id').onDelete('set null'))
          .addColumn('spotlight_letter_id', 'text', (col) => col.references('letters.id').onDelete('set null'))
          .addColumn('updated_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema
          .createTable('workshop_pairs')
          .addColumn('workshop_id', 'text', (col) => col.notNull().references('workshops.id').onDelete('cascade'))
          .addColumn('user_a', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addColumn('user_b', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('workshop_pairs_pk', ['workshop_id', 'user_a', 'user_b'])
          .execute();
        // Letter access granted by a workshop (peer-review partners, a participant sharing with the
        // facilitator): a membership row marked with the workshop, removed when the session ends.
        await db.schema.alterTable('letter_members').addColumn('granted_by_workshop', 'text').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('letter_members').dropColumn('granted_by_workshop').execute();
        await db.schema.dropTable('workshop_pairs').execute();
        await db.schema.dropTable('workshop_state').execute();
        await db.schema.dropTable('workshop_members').execute();
        await db.schema.dropTable('workshop_steps').execute();
        await db.schema.dropTable('workshops').execute();
      },
    },
    '0007_postgres_compatibility': {
      // What queries use that SQLite has built in and PostgreSQL lacks. Nothing to do on SQLite.
      async up(db: Kysely<unknown>) {
        if (engine !== 'postgres') return;
        // Insertion order: listings break ties between rows made in the same millisecond (and keep
        // the facilitator's order of pairs) with SQLite's implicit rowid. PostgreSQL gets a real
        // column of that name, so the same queries order the same way on both engines.
        for (const table of ['review_requests', 'letter_versions', 'workshop_pairs']) {
          await db.schema.alterTable(table).addColumn('rowid', 'bigint', (col) => col.notNull().generatedByDefaultAsIdentity()).execute();
        }
        // Case-insensitive search: SQLite's connection registers casefold() as JavaScript's
        // toLowerCase(); PostgreSQL's lower() folds every script as well (given a UTF-8 locale).
        await sql`CREATE FUNCTION casefold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT lower(value) $$`.execute(db);
        // SQLite's json_extract(document, '$.a.b'), for the paths the queries use: a field's text, or
        // NULL when it is missing or null.
        await sql`CREATE FUNCTION json_extract(document text, path text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
          AS $$ SELECT document::jsonb #>> string_to_array(substr(path, 3), '.') $$`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        if (engine !== 'postgres') return;
        await sql`DROP FUNCTION json_extract(text, text)`.execute(db);
        await sql`DROP FUNCTION casefold(text)`.execute(db);
        for (const table of ['review_requests', 'letter_versions', 'workshop_pairs']) {
          await db.schema.alterTable(table).dropColumn('rowid').execute();
        }
      },
    },
    '0008_email_ownership': {
      // Nobody gains a letter by claiming an address: sharing always makes an invite, the link
      // may go to the mailbox by mail, and with mail a sign-up waits for its address to be confirmed.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('invites').addColumn('emailed_at', 'text').execute();
        await db.schema
          .createTable('signup_verifications')
          .addColumn('id', 'text', (col) => col.primaryKey())
          .addColumn('email', 'text', (col) => col.notNull())
          .addColumn('name', 'text', (col) => col.notNull())
          .addColumn('profession', 'text', (col) => col.notNull())
          .addColumn('password_hash', 'text', (col) => col.notNull())
          .addColumn('token_hash', t.blob, (col) => col.notNull().unique())
          .addColumn('created_at', 'text', (col) => col.notNull())
          .addColumn('expires_at', 'text', (col) => col.notNull())
          .execute();
        await db.schema.createIndex('signup_verifications_email').on('signup_verifications').column('email').execute();
        // Invites already pending from someone who is no longer an owner of the letter stop working.
        await sql`DELETE FROM invites WHERE NOT EXISTS (
          SELECT 1 FROM letter_members m WHERE m.letter_id = invites.letter_id AND m.user_id = invites.invited_by AND m.role = 'owner'
        )`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('signup_verifications').execute();
        await db.schema.alterTable('invites').dropColumn('emailed_at').execute();
      },
    },
    '0009_letter_foreign_keys': {
      // A letter's body belongs to it like everything else: its log and snapshot rows go with the
      // letter row (they had no foreign key, so a deleted letter's text stayed). Rows already left
      // behind by deleted letters are removed, in every table that belongs to a letter.
      async up(db: Kysely<unknown>) {
        await purgeOrphans(db);
        if (engine === 'postgres') {
          for (const table of ['doc_updates', 'doc_snapshots']) {
            await db.schema
              .alterTable(table)
              .addForeignKeyConstraint(`${table}_room_fk`, ['room'], 'letters', ['id'], (fk) => fk.onDelete('cascade'))
              .execute();
          }
          return;
        }
        await rebuildSqliteDocTables(db, t);
      },
      async down(db: Kysely<unknown>) {
        if (engine === 'postgres') {
          for (const table of ['doc_updates', 'doc_snapshots']) await db.schema.alterTable(table).dropConstraint(`${table}_room_fk`).execute();
        }
        // SQLite keeps the rebuilt tables: dropping a foreign key would mean rebuilding them again.
      },
    },
    '0010_send_outstanding': {
      // Each send keeps what was outstanding when it went (unticked checklist items, open threads,
      // pending reviews, empty sections) and whether the sender confirmed that list: JSON, NULL for
      // sends recorded before.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('letter_sends').addColumn('outstanding', 'text').execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable('letter_sends').dropColumn('outstanding').execute();
      },
    },
  };
}

/** Tables whose rows belong to one letter (`letter_id`, deleted with it). */
const LETTER_TABLES = ['letter_members', 'invites', 'case_details', 'checklist_items', 'letter_sends', 'comment_threads', 'review_requests', 'letter_versions', 'inbox_items'];

/** Removes what deleted letters left behind; the audit log keeps its entries about them, by design. */
async function purgeOrphans(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM doc_updates WHERE room NOT IN (SELECT id FROM letters)`.execute(db);
  await sql`DELETE FROM doc_snapshots WHERE room NOT IN (SELECT id FROM letters)`.execute(db);
  for (const table of LETTER_TABLES) await sql`DELETE FROM ${sql.table(table)} WHERE letter_id NOT IN (SELECT id FROM letters)`.execute(db);
  await sql`DELETE FROM comments WHERE thread_id NOT IN (SELECT id FROM comment_threads)`.execute(db);
  await sql`DELETE FROM inbox_items WHERE thread_id IS NOT NULL AND thread_id NOT IN (SELECT id FROM comment_threads)`.execute(db);
  await sql`DELETE FROM inbox_items WHERE review_id IS NOT NULL AND review_id NOT IN (SELECT id FROM review_requests)`.execute(db);
  await sql`UPDATE workshop_members SET letter_id = NULL WHERE letter_id IS NOT NULL AND letter_id NOT IN (SELECT id FROM letters)`.execute(db);
  await sql`UPDATE workshop_state SET spotlight_letter_id = NULL WHERE spotlight_letter_id IS NOT NULL AND spotlight_letter_id NOT IN (SELECT id FROM letters)`.execute(db);
}

/**
 * SQLite adds a foreign key only by rebuilding the table: a new one with the key, the rows copied,
 * the old one dropped, the new one renamed. The log's sequence must not restart: a snapshot's
 * `upto_seq` names the last sequence number it covers, and later updates must stay above it.
 */
async function rebuildSqliteDocTables(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  const sequence = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'doc_updates'`.execute(db);
  const lastSeq = sequence.rows[0]?.seq ?? 0;
  await db.schema
    .createTable('doc_updates_keyed')
    .addColumn('seq', t.serialKey, t.serialKeyColumn)
    .addColumn('room', 'text', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('data', t.blob, (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  await sql`INSERT INTO doc_updates_keyed (seq, room, data, created_at) SELECT seq, room, data, created_at FROM doc_updates`.execute(db);
  await db.schema.dropTable('doc_updates').execute();
  await db.schema.alterTable('doc_updates_keyed').renameTo('doc_updates').execute();
  await db.schema.createIndex('doc_updates_room_seq').on('doc_updates').columns(['room', 'seq']).execute();
  await sql`DELETE FROM sqlite_sequence WHERE name IN ('doc_updates', 'doc_updates_keyed')`.execute(db);
  await sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('doc_updates', max(${lastSeq}, (SELECT coalesce(max(seq), 0) FROM doc_updates)))`.execute(db);

  await db.schema
    .createTable('doc_snapshots_keyed')
    .addColumn('room', 'text', (col) => col.primaryKey().references('letters.id').onDelete('cascade'))
    .addColumn('state', t.blob, (col) => col.notNull())
    .addColumn('upto_seq', t.serialKey, (col) => col.notNull())
    .execute();
  await sql`INSERT INTO doc_snapshots_keyed (room, state, upto_seq) SELECT room, state, upto_seq FROM doc_snapshots`.execute(db);
  await db.schema.dropTable('doc_snapshots').execute();
  await db.schema.alterTable('doc_snapshots_keyed').renameTo('doc_snapshots').execute();
}

/** Hands the migrations above, spelled for `engine`, to Kysely's Migrator. */
export function migrationProvider(engine: DatabaseEngine): MigrationProvider {
  const migrations = migrationsFor(engine);
  return { getMigrations: async () => migrations };
}
