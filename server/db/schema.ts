/** The relational tables as Kysely sees them. Document bodies live in the DocStore's tables. */
import type { Generated } from 'kysely';

/** `letters`: one row per letter; its id is also its sync room name. */
export interface LettersTable {
  id: string;
  title: string;
  template: string;
  status: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** `users`: accounts. The first one is an administrator. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  profession: string;
  password_hash: string;
  is_admin: number;
  created_at: string;
}

/** `sessions`: Lucia-style sessions; only a SHA-256 of the secret is stored. Times in ms. */
export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: Uint8Array;
  created_at: number;
  last_verified_at: number;
}

/** `letter_members`: who is on which letter, with what role. */
export interface LetterMembersTable {
  letter_id: string;
  user_id: string;
  role: string;
  added_at: string;
}

/** `invites`: pending invites for emails without an account; only a SHA-256 of the token is stored. */
export interface InvitesTable {
  id: string;
  letter_id: string;
  email: string;
  role: string;
  token_hash: Uint8Array;
  invited_by: string;
  created_at: string;
  expires_at: string;
}

/** `audit_log`: append-only (triggers refuse updates and deletes). */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  action: string;
  actor_id: string | null;
  letter_id: string | null;
  target_user_id: string | null;
  detail: string;
  ip: string | null;
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
  users: UsersTable;
  sessions: SessionsTable;
  letter_members: LetterMembersTable;
  invites: InvitesTable;
  audit_log: AuditLogTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
}
