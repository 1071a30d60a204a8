/**
 * `many-letters`: an organization's working day in miniature: 300 letters open with three people
 * each, one of whom types two keystrokes a second. What it costs is the server's CPU.
 */
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import type { BenchServer } from '../servers';
import type { TypingLoad } from './typing';
import { oneServer, runTyping } from './typing';

const MANY_LETTERS: TypingLoad = {
  letters: 300,
  clientsPerLetter: 3,
  typistsPerLetter: 1,
  keystrokesPerSecond: 2,
  durationMs: { full: 30_000, quick: 8_000 },
  joinSpacingMs: 2,
};

/** Runs many-letters against one server. */
export function runManyLetters(server: BenchServer, options: ScenarioOptions): Promise<ScenarioResult> {
  return runTyping(oneServer(server), options, MANY_LETTERS);
}
