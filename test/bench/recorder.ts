/** Collects what the clients of one round see: latencies inside the measured window, errors, disconnects. */
import type { Meter } from './clients';
import type { GeneratorLoad, ScenarioResult } from './scenario';
import { summarize } from './stats';

/** What a scenario adds to the recorder's counts. */
export interface RoundTotals {
  /** Keystrokes sent inside the window. */
  sent: number;
  /** Deliveries due: each of those keystrokes at every other client. */
  expected: number;
  windowMs: number;
  cpuSeconds: number;
  peakRssMiB: number;
  generator: GeneratorLoad;
}

/** A round's recorder. */
export interface Recorder {
  meter: Meter;
  /** Updates sent from `start` on count. */
  openWindow(start: number): void;
  /** Updates sent from `end` on do not. */
  closeWindow(end: number): void;
  /** Deliveries so far of updates sent inside the window. */
  delivered(): number;
  result(totals: RoundTotals): ScenarioResult;
}

/** A recorder whose window is closed until `openWindow`. */
export function createRecorder(): Recorder {
  let start = Infinity;
  let end = Infinity;
  const latencies: number[] = [];
  const sentTimes: number[] = [];
  let errors = 0;
  let disconnects = 0;
  const firstProblems: string[] = [];
  const note = (what: string) => {
    if (firstProblems.length < 5) firstProblems.push(what);
  };

  const inWindow = (sentAt: number) => sentAt >= start && sentAt < end;
  const delivered = () => {
    let count = 0;
    for (const sentAt of sentTimes) if (inWindow(sentAt)) count += 1;
    return count;
  };

  return {
    meter: {
      receive(sentAt, receivedAt) {
        if (sentAt < start || sentAt >= end) return;
        sentTimes.push(sentAt);
        latencies.push(receivedAt - sentAt);
      },
      error(what) {
        errors += 1;
        note(what);
      },
      disconnect(what) {
        disconnects += 1;
        note(what);
      },
    },
    openWindow(at) {
      start = at;
    },
    closeWindow(at) {
      end = at;
    },
    delivered,
    result(totals) {
      const kept = latencies.filter((_, i) => inWindow(sentTimes[i] ?? -1));
      return {
        latency: summarize(kept),
        deliveredPerSecond: kept.length / (totals.windowMs / 1_000),
        delivered: kept.length,
        expected: totals.expected,
        errors,
        disconnects,
        cpuSeconds: totals.cpuSeconds,
        peakRssMiB: totals.peakRssMiB,
        generator: totals.generator,
        problems: firstProblems,
      };
    },
  };
}
