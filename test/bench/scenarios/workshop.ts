/**
 * `workshop`: one letter, thirty people; ten of them type five keystrokes a second, each into
 * their own paragraph at a moving cursor, and everyone else watches.
 */
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import type { BenchServer } from '../servers';
import type { TypingLoad } from './typing';
import { oneServer, runTyping } from './typing';

const WORKSHOP: TypingLoad = {
  letters: 1,
  clientsPerLetter: 30,
  typistsPerLetter: 10,
  keystrokesPerSecond: 5,
  durationMs: { full: 30_000, quick: 8_000 },
  joinSpacingMs: 10,
};

/** Runs the workshop against one server. */
export function runWorkshop(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  return runTyping(oneServer(server), options, WORKSHOP);
}
