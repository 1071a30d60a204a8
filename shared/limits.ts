/** Validation limits shared by zod schemas, the UI and the server. */

/** Limits on a letter's own fields. */
export const LetterLimits = {
  maxTitleLength: 200,
} as const;


/**
 * Limits on a letter's sync sockets, so that one account cannot take a letter away from the
 * others: by opening sockets, by announcing presence, or by asking for the document over and over.
 */
export const SyncLimits = {
  /** Sockets one account may hold open on one letter (counted per server instance): tabs and devices. */
  maxSocketsPerAccountPerLetter: 10,
  /** Bytes of one presence (awareness) state as JSON: a name, a colour and a caret take a few hundred. */
  maxPresenceStateBytes: 4 * 1024,
  /** Presence client ids one socket may announce in its lifetime: a provider announces exactly one. */
  maxPresenceIdsPerSocket: 1,
  /** Requests for the document (SyncStep1) a socket may make at once; a provider makes one per connection. */
  syncRequestBurst: 4,
  /** Past the burst, one more request for the document is answered this often; the latest waiting one is answered when due. */
  syncRequestIntervalMs: 10_000,
  /** Requests for everyone's presence (query awareness) a socket may make at once; stock providers make none. */
  presenceQueryBurst: 8,
  /** Past the burst, one more presence query is answered this often; the latest waiting one is answered when due. */
  presenceQueryIntervalMs: 1_000,
} as const;
