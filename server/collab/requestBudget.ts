/**
 * A socket's budget for one kind of request whose answer costs far more than the request (a
 * SyncStep1 is answered with the whole document, a presence query with every state): a burst,
 * then one more per interval. A request over budget is not refused but waits, and a later one of
 * the same kind replaces it: an honest client, which asks again only when its view may be stale,
 * still gets the latest answer, and a client that floods gets no more than the budget allows.
 */

/** What a budget does with an answer it ran late and that threw. */
export type DeferredAnswerFailed = (error: unknown) => void;

/** One kind of request on one socket. */
export class RequestBudget {
  private tokens: number;
  private refilledAt: number;
  /** The latest request over budget, answered when the budget allows. */
  private waiting: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Requests that had to wait (those a later one replaced included), for the log. */
  deferred = 0;

  constructor(
    private readonly burst: number,
    private readonly intervalMs: number,
    private readonly handleFailed: DeferredAnswerFailed,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Runs `answer` now if the budget allows (errors reach the caller), or later (errors reach `handleFailed`). */
  request(answer: () => void): void {
    this.refill();
    // One already waiting goes first: answering this one now would let a flood overtake it forever.
    if (this.waiting === null && this.tokens >= 1) {
      this.tokens -= 1;
      answer();
      return;
    }
    this.deferred += 1;
    this.waiting = answer;
    this.schedule();
  }

  /** Forgets what waits (the socket closed). */
  cancel(): void {
    this.waiting = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) / this.intervalMs);
    this.refilledAt = now;
  }

  private schedule(): void {
    if (this.timer) return;
    const delay = Math.max(1, Math.ceil((1 - this.tokens) * this.intervalMs));
    this.timer = setTimeout(this.handleDue, delay);
    // A waiting answer must never keep a process alive.
    this.timer.unref();
  }

  private readonly handleDue = (): void => {
    this.timer = null;
    this.refill();
    const answer = this.waiting;
    if (!answer) return;
    if (this.tokens < 1) {
      this.schedule();
      return;
    }
    this.tokens -= 1;
    this.waiting = null;
    try {
      answer();
    } catch (error) {
      this.handleFailed(error);
    }
  };
}
