/**
 * The sync wire protocol: y-websocket's message types, Casewrite's one extension (the durable
 * "saved" acknowledgement), close codes and room names. Used by the server, the client and tests.
 */

/** Path prefix of the sync endpoint: `ws://HOST:PORT/sync/<letterId>`. */
export const SYNC_PATH = '/sync';

/** First varUint of every frame. 0-3 are y-websocket's; 100 is Casewrite's opt-in extension. */
export const MessageType = {
  /** y-protocols sync: SyncStep1 (0), SyncStep2 (1), Update (2). */
  sync: 0,
  /** y-protocols awareness update. */
  awareness: 1,
  /** y-protocols auth: 0 = permission denied, followed by a reason string. */
  auth: 2,
  /** Ask the other side to send all awareness states. */
  queryAwareness: 3,
  /**
   * Server to client, only for clients that connected with `?ack=1`: the state vector of the
   * document as durably committed to the store (varUint8Array), then a varUint: how many of this
   * connection's update frames (SyncStep2 and Update) received so far are durably stored or
   * needed no storing. An edit that only deletes leaves the state vector as it was; the count
   * shows it stored. Stock y-websocket clients never receive it.
   */
  savedStateVector: 100,
  /**
   * Server to client, only for `?ack=1` clients: a varString of JSON `{ topic }` saying that a
   * letter resource kept outside the document changed (checklist, case, letter, members,
   * comments, reviews, versions; `inbox` goes to one user's connections only); the client refetches it.
   */
  letterEvent: 101,
} as const;

/** Resources a `letterEvent` can name. */
export const LETTER_EVENT_TOPICS = ['checklist', 'case', 'letter', 'members', 'comments', 'reviews', 'versions', 'inbox'] as const;

/** One of LETTER_EVENT_TOPICS. */
export type LetterEventTopic = (typeof LETTER_EVENT_TOPICS)[number];

/** Sub-types of a sync message, as y-protocols numbers them. */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** URL query parameter with which a client opts in to `MessageType.savedStateVector`. */
export const ACK_PARAM = 'ack';

/** Largest frame the server accepts; a bigger one closes the connection with 1009. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

/** The server sends some protocol message to every connection at least this often. */
export const KEEPALIVE_INTERVAL_MS = 25_000;

/** The Y.XmlFragment that holds a letter's body. */
export const BODY_FRAGMENT = 'default';

/**
 * Why the server closed a sync socket. 4400-4499 are final for y-websocket 3.1 (it stops
 * reconnecting); 4500 and the 1xxx codes let it reconnect.
 */
export const CloseReason = {
  /** A frame could not be decoded: unknown type, truncated, or an invalid Yjs update. */
  malformedFrame: { code: 4400, reason: 'malformed frame' },
  /** No valid session. */
  unauthenticated: { code: 4401, reason: 'unauthenticated' },
  /** The session may not use this room, or kept sending edits it may not make. */
  forbidden: { code: 4403, reason: 'forbidden' },
  /** No such letter (or not a member: the two are indistinguishable on purpose). */
  noSuchRoom: { code: 4404, reason: 'no such room' },
  /** The access this socket stood on ended (removed from the letter, a workshop grant ended): final. */
  accessEnded: { code: 4410, reason: 'access ended' },
  /**
   * An edit would take the letter beyond LetterBodyLimits.maxContentSize: it was not applied or
   * stored. Final, so the client does not resend it on reconnect; its other edits were saved.
   */
  letterTooLarge: { code: 4413, reason: 'letter too large' },
  /** An edit would nest elements deeper than LetterBodyLimits.maxNestingDepth: not applied or stored. Final, as above. */
  nestingTooDeep: { code: 4422, reason: 'nesting too deep' },
  /** The account already has SyncLimits.maxSocketsPerAccountPerLetter sockets open on this letter (tabs, windows, devices). */
  tooManySockets: { code: 4429, reason: 'too many connections to this letter' },
  /** The connection's role or membership changed: reconnect to get the new role. */
  roleChanged: { code: 4500, reason: 'role changed, reconnect' },
  /** Text frames are not part of the protocol. */
  textFrame: { code: 1003, reason: 'text frames are not supported' },
  /** The frame exceeded MAX_FRAME_BYTES. */
  tooBig: { code: 1009, reason: 'message too big' },
  /** The server is shutting down. */
  goingAway: { code: 1001, reason: 'server shutting down' },
  /** Something failed on the server (for example the store); retrying may succeed. */
  serverError: { code: 1011, reason: 'server error' },
} as const;

/** One of the named close reasons. */
export type CloseReasonName = keyof typeof CloseReason;
