/**
 * `npm run bench -- [--scenario NAME] [--quick] [--json FILE] [--rounds N] [--servers a,b]`:
 * runs each scenario against every server (scale-out: against 1, 2 and 3 Casewrite instances),
 * alternating them in rounds (A B C D, A B C D), and prints the median of each figure over the
 * rounds. The generator pins itself to core 0 and each server to core 1, so neither measures the
 * other.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { BundleSize, ClientFigures } from './clientSide';
import { measureClient } from './clientSide';
import type { ScenarioOptions, ScenarioResult } from './scenario';
import { prepareColdOpenLog, runColdOpen, runColdOpenLog } from './scenarios/coldOpen';
import { runIdleMemory } from './scenarios/idleMemory';
import { runJoinStorm } from './scenarios/joinStorm';
import { runManyLetters } from './scenarios/manyLetters';
import { runScaleOut, SCALE_OUT_INSTANCES, scaleOutServices } from './scenarios/scaleOut';
import { runWorkshop } from './scenarios/workshop';
import type { BenchServer, ServerKind } from './servers';
import { pinned, SERVER_KINDS, startBenchServer } from './servers';
import { median } from './stats';
import { storesLetters } from './storedLetters';

type Scenario = (server: BenchServer, options: ScenarioOptions) => Promise<ScenarioResult>;

type Table = 'latency' | 'join' | 'memory' | 'cold' | 'scale';

/** One row of a scenario's table: a server, or (scale-out) a number of Casewrite instances. */
interface Contender {
  server: ServerKind['name'];
  label: string;
  instances?: number;
  /** The scenario does not apply to it (the relay holds no letter to join). */
  skipped: boolean;
  /** One round: start, measure, stop. */
  run(): Promise<ScenarioResult>;
}

/** A scenario's rows, or why it cannot run here. */
type Contenders = Contender[] | { cannotRun: string };

/** Every scenario by name, which figures its table shows, and what it measures. */
const SCENARIOS: Record<string, { table: Table; contenders(kinds: readonly ServerKind[], options: ScenarioOptions): Contenders }> = {
  workshop: perServer('latency', runWorkshop),
  'many-letters': perServer('latency', runManyLetters),
  'cold-open': perServer('cold', runColdOpen, { appliesTo: storesLetters }),
  'cold-open-log': perServer('cold', runColdOpenLog, { appliesTo: (kind) => kind.name === 'casewrite', prepare: prepareColdOpenLog }),
  'join-storm': perServer('join', runJoinStorm, { appliesTo: (kind) => kind.answersSync }),
  'idle-memory': perServer('memory', runIdleMemory),
  'scale-out': {
    table: 'scale',
    contenders(kinds, options) {
      if (!kinds.some((kind) => kind.name === 'casewrite')) return { cannotRun: 'it measures Casewrite only, which --servers leaves out' };
      const services = scaleOutServices(process.env);
      if ('missing' in services) return { cannotRun: services.missing };
      return SCALE_OUT_INSTANCES.map((instances) => ({
        server: 'casewrite',
        label: `${instances} instance${instances === 1 ? '' : 's'}`,
        instances,
        skipped: false,
        run: () => runScaleOut(instances, services, options),
      }));
    },
  },
};

/** A scenario run against each server, each round on a fresh one. */
function perServer(
  table: Table,
  run: Scenario,
  { appliesTo, prepare }: { appliesTo?: (kind: ServerKind) => boolean; prepare?: (kind: ServerKind, dataDir: string, options: ScenarioOptions) => Promise<void> } = {},
): (typeof SCENARIOS)[string] {
  return {
    table,
    contenders: (kinds, options) =>
      kinds.map((kind) => ({
        server: kind.name,
        label: kind.label,
        skipped: appliesTo ? !appliesTo(kind) : false,
        run: () => runOnce(kind, run, prepare && ((dataDir) => prepare(kind, dataDir, options))),
      })),
  };
}

/** One row's figures in one scenario: medians over rounds, and each round. */
interface RowReport {
  server: ServerKind['name'];
  label: string;
  /** scale-out only. */
  instances?: number;
  /** `deliveredPercent` is the median of each round's share, not a ratio of medians. */
  median: (Omit<ScenarioResult, 'problems'> & { deliveredPercent: number }) | null;
  rounds: ScenarioResult[];
  /** Why it produced no figures (it failed to start, crashed, or a round threw). */
  failures: string[];
  /** The scenario does not apply to this server (the relay holds no letter to join). */
  skipped: boolean;
}

/** A column of a results table. */
interface Column {
  heading: string;
  cell(m: NonNullable<RowReport['median']>): string;
}

const CPU_COLUMN: Column = { heading: 'CPU s', cell: (m) => m.cpuSeconds.toFixed(2) };
const AFTER_CPU_COLUMNS: Column[] = [
  { heading: 'peak RSS MiB', cell: (m) => m.peakRssMiB.toFixed(0) },
  { heading: 'errors', cell: (m) => String(m.errors) },
  { heading: 'disconnects', cell: (m) => String(m.disconnects) },
  { heading: 'generator CPU', cell: (m) => `${m.generator.cpuPercent.toFixed(0)}%` },
];
const COMMON_COLUMNS: Column[] = [CPU_COLUMN, ...AFTER_CPU_COLUMNS];

const LATENCY_COLUMNS: Column[] = [
  { heading: 'p50 ms', cell: (m) => ms(m.latency.p50) },
  { heading: 'p95 ms', cell: (m) => ms(m.latency.p95) },
  { heading: 'p99 ms', cell: (m) => ms(m.latency.p99) },
  { heading: 'max ms', cell: (m) => ms(m.latency.max) },
  { heading: 'updates/s', cell: (m) => m.deliveredPerSecond.toFixed(0) },
  { heading: 'delivered', cell: (m) => `${m.deliveredPercent.toFixed(1)}%` },
];

const COLUMNS: Record<Table, Column[]> = {
  latency: [...LATENCY_COLUMNS, ...COMMON_COLUMNS],
  // CPU s and peak RSS are summed over the instances.
  scale: [...LATENCY_COLUMNS, CPU_COLUMN, { heading: 'Redis CPU s', cell: (m) => (m.redisCpuSeconds ?? 0).toFixed(2) }, ...AFTER_CPU_COLUMNS],
  join: [
    { heading: 'letter KB', cell: (m) => ((m.letterBytes ?? 0) / 1024).toFixed(0) },
    { heading: 'synced p50 ms', cell: (m) => ms(m.latency.p50) },
    { heading: 'synced p95 ms', cell: (m) => ms(m.latency.p95) },
    { heading: 'all synced ms', cell: (m) => ms(m.latency.max) },
    ...COMMON_COLUMNS,
  ],
  memory: [
    { heading: 'letters', cell: (m) => String(m.memory?.letters ?? 0) },
    { heading: 'RSS before MiB', cell: (m) => (m.memory?.baselineMiB ?? 0).toFixed(0) },
    { heading: 'RSS open MiB', cell: (m) => (m.memory?.loadedMiB ?? 0).toFixed(0) },
    { heading: 'KiB per letter', cell: (m) => (m.memory?.perLetterKiB ?? 0).toFixed(0) },
    ...COMMON_COLUMNS,
  ],
  cold: [
    { heading: 'updates', cell: (m) => String(m.coldOpen?.keystrokes ?? 0) },
    { heading: 'state KB', cell: (m) => kb(m.coldOpen?.stateBytes) },
    { heading: 'stored before KB', cell: (m) => `${kb(m.coldOpen?.storedBeforeBytes)} (${m.coldOpen?.logRowsBefore ?? 0} rows)` },
    { heading: 'stored after KB', cell: (m) => `${kb(m.coldOpen?.storedAfterBytes)} (${m.coldOpen?.logRowsAfter ?? 0} rows)` },
    { heading: 'after / state', cell: (m) => ((m.coldOpen?.storedAfterBytes ?? 0) / Math.max(1, m.coldOpen?.stateBytes ?? 0)).toFixed(2) },
    { heading: 'synced ms', cell: (m) => ms(m.latency.max) },
    ...COMMON_COLUMNS,
  ],
};

/**
 * Per table, the figures the targets are set on: Casewrite's is divided by each other server's
 * (scale-out: each configuration's by one instance's).
 */
const KEY_FIGURES: Record<Table, { name: string; value(m: NonNullable<RowReport['median']>): number }[]> = {
  latency: [
    { name: 'p99', value: (m) => m.latency.p99 },
    { name: 'CPU', value: (m) => m.cpuSeconds },
  ],
  scale: [
    { name: 'updates/s', value: (m) => m.deliveredPerSecond },
    { name: 'p50', value: (m) => m.latency.p50 },
    { name: 'p99', value: (m) => m.latency.p99 },
    { name: 'CPU', value: (m) => m.cpuSeconds },
  ],
  join: [{ name: 'all synced', value: (m) => m.latency.max }],
  memory: [{ name: 'per letter', value: (m) => m.memory?.perLetterKiB ?? 0 }],
  cold: [{ name: 'synced', value: (m) => m.latency.max }],
};

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    rounds: { type: 'string' },
    servers: { type: 'string' },
  },
});

/** Not a server scenario: the bundle and the keystroke lag between two browsers (clientSide.ts). */
const CLIENT = 'client';
const requested = values.scenario === 'all' ? [...Object.keys(SCENARIOS), CLIENT] : values.scenario.split(',');
const scenarioNames = requested.filter((name) => name !== CLIENT);
const unknown = scenarioNames.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; known: ${[...Object.keys(SCENARIOS), CLIENT].join(', ')}`);
  process.exit(2);
}
const kinds = values.servers ? SERVER_KINDS.filter((kind) => values.servers?.split(',').includes(kind.name)) : SERVER_KINDS;
const rounds = Number(values.rounds ?? (values.quick ? 1 : 3));
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('--rounds takes a whole number of at least 1');
  process.exit(2);
}
const options: ScenarioOptions = { quick: values.quick };
// Each y-websocket provider adds a process 'exit' listener; hundreds of clients are intended.
process.setMaxListeners(0);

// Every thread of the generator on core 0; servers go to core 1 (servers.ts).
if (pinned) spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
console.log(`Node ${process.version}, ${cpus().length} cores, ${pinned ? 'generator on core 0, servers on core 1' : 'NOT pinned (no taskset)'}; ${rounds} rounds${values.quick ? ', quick' : ''}`);

/** Printed under the scale-out table: what its figures can and cannot show on this machine. */
const SCALE_OUT_NOTE = `The instances share ${pinned ? `core 1 of this machine's ${cpus().length} cores (the generator has core 0; PostgreSQL and Redis are not pinned)` : `this machine's ${cpus().length} cores with the generator, PostgreSQL and Redis`}: the load is the same in every configuration and so is the CPU that serves it, so throughput cannot grow with instances here. The table shows what the bus adds and that delivery holds up.`;

const output = [];
let failed = false;
for (const name of scenarioNames) {
  // Checked against SCENARIOS above.
  const { table, contenders: contendersOf } = SCENARIOS[name]!;
  const contenders = contendersOf(kinds, options);
  if ('cannotRun' in contenders) {
    // Left out of `all` where it cannot run (scale-out without PostgreSQL and Redis); asked for by name, it fails.
    const byName = values.scenario !== 'all';
    console.log(`${name}: ${byName ? 'cannot run' : 'skipped'}: ${contenders.cannotRun}\n`);
    failed ||= byName;
    output.push({ scenario: name, skipped: contenders.cannotRun });
    continue;
  }
  const reports: RowReport[] = contenders.map(({ server, label, instances, skipped }) => ({ server, label, instances, median: null, rounds: [], failures: [], skipped }));
  for (let round = 1; round <= rounds; round += 1) {
    for (const [index, contender] of contenders.entries()) {
      // Same length as contenders.
      const report = reports[index]!;
      if (report.skipped) continue;
      process.stdout.write(`${name} round ${round}/${rounds}: ${contender.label} ... `);
      const result = await contender.run().catch((error: unknown) => {
        report.failures.push(`round ${round}: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (!result) {
        console.log(`FAILED: ${report.failures.at(-1)}`);
        continue;
      }
      report.rounds.push(result);
      const figures = result.memory
        ? `${result.memory.baselineMiB.toFixed(0)} -> ${result.memory.loadedMiB.toFixed(0)} MiB, ${result.memory.perLetterKiB.toFixed(0)} KiB per letter`
        : result.coldOpen
          ? `synced in ${ms(result.latency.max)} ms, stored ${kb(result.coldOpen.storedBeforeBytes)} -> ${kb(result.coldOpen.storedAfterBytes)} KB`
          : result.letterBytes !== undefined
          ? `${result.latency.max.toFixed(0)} ms until all ${(result.letterBytes / 1024).toFixed(0)} KB synced`
          : `p50 ${ms(result.latency.p50)} p99 ${ms(result.latency.p99)}, ${result.delivered}/${result.expected} delivered`;
      console.log(`${figures}, generator ${result.generator.cpuPercent.toFixed(0)}% CPU, loop delay p99 ${ms(result.generator.loopDelayP99)} ms${result.problems.length ? `; ${result.problems.join('; ')}` : ''}`);
    }
  }
  for (const report of reports) report.median = medianOf(report.rounds);
  failed ||= reports.some((report) => report.failures.length > 0 || report.rounds.some((r) => r.errors > 0 || r.disconnects > 0 || r.delivered < r.expected));
  printTable(name, table, reports);
  if (table === 'scale') console.log(`${SCALE_OUT_NOTE}\n`);
  output.push({ scenario: name, date: new Date().toISOString(), machine: { cores: cpus().length, node: process.version, pinned }, quick: values.quick, rounds, servers: reports });
}

if (requested.includes(CLIENT)) {
  process.stdout.write(`${CLIENT}: bundle, and ${values.quick ? 'a few' : '200'} keystrokes between two Chromium pages ... `);
  try {
    const figures = await measureClient(values.quick);
    console.log('done');
    printClient(figures);
    output.push({ scenario: CLIENT, date: new Date().toISOString(), machine: { cores: cpus().length, node: process.version, pinned }, quick: values.quick, figures });
  } catch (error) {
    failed = true;
    console.log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (values.json) await writeFile(values.json, `${JSON.stringify(output, null, 2)}\n`);
process.exit(failed ? 1 : 0);

/** Starts the server, runs the scenario, stops it; a server that died meanwhile fails the round. */
async function runOnce(kind: ServerKind, run: Scenario, prepare: ((dataDir: string) => Promise<void>) | undefined): Promise<ScenarioResult> {
  const server = await startBenchServer(kind, { prepare });
  try {
    const result = await run(server, options);
    if (server.exited()) throw new Error(`${kind.name} exited during the run`);
    return result;
  } finally {
    await server.stop();
  }
}

function medianOf(results: readonly ScenarioResult[]): RowReport['median'] {
  if (results.length === 0) return null;
  const of = (pick: (result: ScenarioResult) => number) => median(results.map(pick));
  return {
    latency: { p50: of((r) => r.latency.p50), p95: of((r) => r.latency.p95), p99: of((r) => r.latency.p99), max: of((r) => r.latency.max) },
    deliveredPerSecond: of((r) => r.deliveredPerSecond),
    delivered: of((r) => r.delivered),
    deliveredPercent: of((r) => (100 * r.delivered) / Math.max(1, r.expected)),
    expected: of((r) => r.expected),
    errors: of((r) => r.errors),
    disconnects: of((r) => r.disconnects),
    cpuSeconds: of((r) => r.cpuSeconds),
    peakRssMiB: of((r) => r.peakRssMiB),
    generator: { cpuPercent: of((r) => r.generator.cpuPercent), loopDelayP99: of((r) => r.generator.loopDelayP99) },
    ...(results[0]?.redisCpuSeconds !== undefined ? { redisCpuSeconds: of((r) => r.redisCpuSeconds ?? 0) } : {}),
    ...(results[0]?.letterBytes !== undefined ? { letterBytes: of((r) => r.letterBytes ?? 0) } : {}),
    ...(results[0]?.coldOpen
      ? {
          coldOpen: {
            keystrokes: of((r) => r.coldOpen?.keystrokes ?? 0),
            stateBytes: of((r) => r.coldOpen?.stateBytes ?? 0),
            storedBeforeBytes: of((r) => r.coldOpen?.storedBeforeBytes ?? 0),
            storedAfterBytes: of((r) => r.coldOpen?.storedAfterBytes ?? 0),
            logRowsBefore: of((r) => r.coldOpen?.logRowsBefore ?? 0),
            logRowsAfter: of((r) => r.coldOpen?.logRowsAfter ?? 0),
          },
        }
      : {}),
    ...(results[0]?.memory
      ? {
          memory: {
            letters: of((r) => r.memory?.letters ?? 0),
            bodyBytes: of((r) => r.memory?.bodyBytes ?? 0),
            baselineMiB: of((r) => r.memory?.baselineMiB ?? 0),
            loadedMiB: of((r) => r.memory?.loadedMiB ?? 0),
            perLetterKiB: of((r) => r.memory?.perLetterKiB ?? 0),
          },
        }
      : {}),
  };
}

function printTable(name: string, table: Table, reports: readonly RowReport[]): void {
  const columns = COLUMNS[table];
  const header = [table === 'scale' ? 'Casewrite' : 'server', ...columns.map((column) => column.heading)];
  const rows = reports.map((report) => {
    const m = report.median;
    if (!m) return [report.label, report.skipped ? 'n/a' : 'failed', ...columns.slice(1).map(() => '')];
    return [report.label, ...columns.map((column) => column.cell(m))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${name} (median of ${rounds} rounds)`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  for (const report of reports) for (const failure of report.failures) console.log(`  ${report.label}: ${failure}`);
  const ratios = ratioLine(table, reports);
  if (ratios) console.log(ratios);
  console.log();
}

/**
 * "Casewrite / Hocuspocus 4: p99 0.81, CPU 1.20; ..." or null without Casewrite's figures;
 * scale-out: "2 instances / 1 instance: updates/s 1.00, ...".
 */
function ratioLine(table: Table, reports: readonly RowReport[]): string | null {
  const divide = (ours: NonNullable<RowReport['median']>, theirs: NonNullable<RowReport['median']>) =>
    KEY_FIGURES[table].map((figure) => `${figure.name} ${(figure.value(ours) / Math.max(1e-9, figure.value(theirs))).toFixed(2)}`).join(', ');
  if (table === 'scale') {
    const [base, ...others] = reports;
    if (!base?.median) return null;
    // base.median was checked just above; the filter keeps reports with figures.
    const parts = others.filter((report) => report.median).map((report) => `${report.label} / ${base.label}: ${divide(report.median!, base.median!)}`);
    return parts.length > 0 ? parts.join('; ') : null;
  }
  const ours = reports.find((report) => report.server === 'casewrite')?.median;
  if (!ours) return null;
  const parts = reports
    .filter((report) => report.server !== 'casewrite' && report.median)
    // Filtered to reports with figures just above.
    .map((report) => `Casewrite / ${report.label}: ${divide(ours, report.median!)}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

function printClient(figures: ClientFigures): void {
  const size = (bundle: BundleSize) => `${kb(bundle.rawBytes)} KB (${kb(bundle.gzipBytes)} KB gzip), ${bundle.files.length} files`;
  console.log(`\n${CLIENT}`);
  console.log(`| figure | value |\n| --- | --- |`);
  console.log(`| initial JavaScript | ${size(figures.initial)} |`);
  console.log(`| opening a letter adds | ${size(figures.letterPage)} |`);
  console.log(`| keystroke to the other page, p50 | ${ms(figures.latency.p50)} ms |`);
  console.log(`| keystroke to the other page, p95 | ${ms(figures.latency.p95)} ms |`);
  console.log(`| keystrokes measured | ${figures.keystrokes} |\n`);
}

function kb(bytes: number | undefined): string {
  return ((bytes ?? 0) / 1024).toFixed(0);
}

function ms(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1);
}
