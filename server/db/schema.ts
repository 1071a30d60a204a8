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
  /** Set when a workshop granted this access (peer review, sharing); it ends with the session. */
  granted_by_workshop: Generated<string | null>;
}

/** `invites`: pending invites to an address (account or not); only a SHA-256 of the token is stored. */
export interface InvitesTable {
  id: string;
  letter_id: string;
  email: string;
  role: string;
  token_hash: Uint8Array;
  invited_by: string;
  created_at: string;
  expires_at: string;
  /** When the link was mailed to the address; null when the owner was given it to pass on. */
  emailed_at: Generated<string | null>;
}

/**
 * `signup_verifications`: sign-ups waiting for their address to be confirmed (mail configured).
 * The account is created only when the link mailed to the address is used.
 */
export interface SignupVerificationsTable {
  id: string;
  email: string;
  name: string;
  profession: string;
  password_hash: string;
  token_hash: Uint8Array;
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

/** `case_details`: one JSON document of CaseDetails per letter. */
export interface CaseDetailsTable {
  letter_id: string;
  data: string;
  updated_at: string;
}

/** `checklist_items`: each letter's own copy of its checklist. */
export interface ChecklistItemsTable {
  id: string;
  letter_id: string;
  section_key: string;
  text: string;
  position: number;
  suggestion: string | null;
  ticked_by: string | null;
  ticked_at: string | null;
}

/** `letter_sends`: each time a letter was marked sent, with the exact document state sent. */
export interface LetterSendsTable {
  id: string;
  letter_id: string;
  sent_at: string;
  sent_by: string;
  recipient: string;
  state: Uint8Array;
  /** What was outstanding when it was sent (shared/sendCheck.ts SendRecordCheck as JSON); NULL before migration 0010. */
  outstanding: string | null;
}

/** `settings`: installation-wide settings, one JSON document per key (e.g. `letterhead`). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

/** `user_signatures`: the signature block a physician's exports carry, one row per account. */
export interface UserSignaturesTable {
  user_id: string;
  credentials: string;
  license_number: string;
  license_state: string;
  contact: string;
  updated_at: string;
}

/** `comment_threads`: a thread anchored to a range of the body by two encoded Y.RelativePositions. */
export interface CommentThreadsTable {
  id: string;
  letter_id: string;
  author_id: string;
  anchor_start: Uint8Array;
  anchor_end: Uint8Array;
  quote: string;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

/** `comments`: the comments of a thread, the first one opening it. `mentions` is a JSON array of user ids. */
export interface CommentsTable {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  mentions: Generated<string>;
  created_at: string;
  edited_at: string | null;
}

/** `review_requests`: an owner asked a member to review; `state` is pending, approved, changes_requested or cancelled. */
export interface ReviewRequestsTable {
  id: string;
  letter_id: string;
  requested_by: string;
  reviewer_id: string;
  message: string;
  state: string;
  summary: Generated<string>;
  created_at: string;
  finished_at: string | null;
}

/** `letter_versions`: named states of a letter's document (`Y.encodeStateAsUpdate`), never re-rendered copies. */
export interface LetterVersionsTable {
  id: string;
  letter_id: string;
  name: string;
  kind: string;
  created_by: string | null;
  created_at: string;
  state: Uint8Array;
}

/** `inbox_items`: one notification for one user (mention, reply, review requested or finished). */
export interface InboxItemsTable {
  id: string;
  user_id: string;
  letter_id: string;
  kind: string;
  actor_id: string | null;
  thread_id: string | null;
  review_id: string | null;
  excerpt: string;
  created_at: string;
  read_at: string | null;
}

/** `workshops`: a guided drafting session; its facilitator created it. */
export interface WorkshopsTable {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  join_code: string;
  created_by: string;
  created_at: string;
  ended_at: string | null;
}

/** `workshop_steps`: the agenda, in `position` order. `focus_sections` is a JSON array of section keys. */
export interface WorkshopStepsTable {
  id: string;
  workshop_id: string;
  position: number;
  title: string;
  minutes: number;
  guidance: string;
  focus_sections: Generated<string>;
}

/** `workshop_members`: facilitators and participants, each participant's letter, their hand and section. */
export interface WorkshopMembersTable {
  workshop_id: string;
  user_id: string;
  role: string;
  letter_id: string | null;
  shares_text: Generated<number>;
  current_section: string | null;
  hand_raised_at: string | null;
  joined_at: string;
}

/** `workshop_state`: the live session (step, timer, broadcast, spotlight); `revision` grows with each change. */
export interface WorkshopStateTable {
  workshop_id: string;
  revision: Generated<number>;
  step_index: Generated<number>;
  timer_state: Generated<string>;
  timer_duration_ms: Generated<number>;
  timer_ends_at: string | null;
  timer_remaining_ms: number | null;
  broadcast_text: string | null;
  broadcast_at: string | null;
  broadcast_by: string | null;
  spotlight_letter_id: string | null;
  updated_at: string;
}

/** `workshop_pairs`: peer-review partners. */
export interface WorkshopPairsTable {
  workshop_id: string;
  user_a: string;
  user_b: string;
}

/** Every table. */
export interface Database {
  letters: LettersTable;
  users: UsersTable;
  sessions: SessionsTable;
  letter_members: LetterMembersTable;
  invites: InvitesTable;
  signup_verifications: SignupVerificationsTable;
  audit_log: AuditLogTable;
  case_details: CaseDetailsTable;
  checklist_items: ChecklistItemsTable;
  letter_sends: LetterSendsTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
  settings: SettingsTable;
  user_signatures: UserSignaturesTable;
  comment_threads: CommentThreadsTable;
  comments: CommentsTable;
  review_requests: ReviewRequestsTable;
  letter_versions: LetterVersionsTable;
  inbox_items: InboxItemsTable;
  workshops: WorkshopsTable;
  workshop_steps: WorkshopStepsTable;
  workshop_members: WorkshopMembersTable;
  workshop_state: WorkshopStateTable;
  workshop_pairs: WorkshopPairsTable;
}
