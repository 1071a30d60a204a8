/**
 * Schema migrations, applied in order by Kysely's migrator at start-up. Never edit a migration
 * that has shipped; add a new one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';

const migrations: Record<string, Migration> = {
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
        .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('room', 'text', (col) => col.notNull())
        .addColumn('data', 'blob', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
        .execute();
      await db.schema.createIndex('doc_updates_room_seq').on('doc_updates').columns(['room', 'seq']).execute();
      await db.schema
        .createTable('doc_snapshots')
        .addColumn('room', 'text', (col) => col.primaryKey())
        .addColumn('state', 'blob', (col) => col.notNull())
        .addColumn('upto_seq', 'integer', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('doc_snapshots').execute();
      await db.schema.dropTable('doc_updates').execute();
      await db.schema.dropTable('letters').execute();
    },
  },
};

/** Hands the migrations above to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
