/** The relational tables as Kysely sees them. Document bodies live in the DocStore's tables. */
import type { Generated } from 'kysely';

/** `letters`: one row per letter; its id is also its sync room name. */
export interface LettersTable {
  id: string;
  title: string;
  template: string;
  created_at: string;
  updated_at: string;
}

/** `doc_updates`: the append-only Yjs update log. */
export interface DocUpdatesTable {
  room: string;
  seq: Generated<number>;
  data: Uint8Array;
  created_at: string;
}

/** `doc_snapshots`: one merged state per room, covering the log up to `upto_seq`. */
export interface DocSnapshotsTable {
  room: string;
  state: Uint8Array;
  upto_seq: number;
}

/** Every table. */
export interface Database {
  letters: LettersTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
}
