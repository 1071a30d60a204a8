/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, or BENCH_PROFILE for bench servers): the
 * functions that took the most time themselves, and those whose calls (with callees) took most.
 * Run: `node --import tsx test/bench/profileSummary.ts FILE.cpuprofile [--top N] [--from MS --to MS]`.
 * --from/--to keep only the samples in that window, in ms since the profile started.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, from: { type: 'string' }, to: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: profileSummary.ts FILE.cpuprofile [--top N] [--from MS --to MS]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);
const from = values.from === undefined ? -Infinity : Number(values.from) * 1000;
const to = values.to === undefined ? Infinity : Number(values.to) * 1000;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|test)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let sampled = 0;
let elapsed = 0;
profile.samples.forEach((id, index) => {
  elapsed += profile.timeDeltas[index] ?? 0;
  if (elapsed < from || elapsed > to) return;
  const delta = profile.timeDeltas[index + 1] ?? 0;
  sampled += delta;
  const node = byId.get(id);
  if (!node) return;
  self.set(label(node), (self.get(label(node)) ?? 0) + delta);
  // Each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
    const frame = byId.get(current);
    if (!frame) break;
    const name = label(frame);
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + delta);
  }
});

const print = (title: string, figures: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...figures].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / Math.max(1, sampled)).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${(sampled / 1000).toFixed(0)} ms sampled`);
print('self time', self);
print('total time (with callees)', total);
