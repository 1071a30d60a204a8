/**
 * `scale-out` (Casewrite only): many letters, four people typing in each and two watching, served
 * by 1, 2 or 3 instances of the real server that share one PostgreSQL database and Redis, with
 * every letter's clients spread across the instances, so nearly every keystroke crosses the bus.
 * One instance runs with Redis as well, so the configurations differ only in their count.
 *
 * The instances share the core every bench server gets (servers.ts), so the load and the CPU
 * behind it are the same in each configuration: what changes is the work the bus adds, and
 * whether delivery holds up, not throughput.
 */
import { Redis } from 'ioredis';
import { createBenchDatabase } from '../database';
import type { ScenarioOptions, ScenarioResult } from '../scenario';
import type { BenchServer } from '../servers';
import { SERVER_KINDS, startBenchServer } from '../servers';
import type { TypingLoad, TypingTarget } from './typing';
import { runTyping } from './typing';

/** The configurations, in the order each round runs them. */
export const SCALE_OUT_INSTANCES = [1, 2, 3] as const;

const LOAD: TypingLoad = {
  letters: 40,
  clientsPerLetter: 6,
  typistsPerLetter: 4,
  keystrokesPerSecond: 2,
  durationMs: { full: 30_000, quick: 6_000 },
  joinSpacingMs: 2,
};
/** CI's smoke run: the same shape, fewer letters. */
const QUICK_LETTERS = 12;

/** The PostgreSQL cluster and Redis the instances use. */
export interface ScaleOutServices {
  /** Any database on the cluster; each configuration gets a fresh one beside it. */
  clusterUrl: string;
  redisUrl: string;
}

/** The services from the environment, or why the scenario cannot run. */
export function scaleOutServices(env: NodeJS.ProcessEnv): ScaleOutServices | { missing: string } {
  const absent = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !env[name]);
  if (absent.length > 0) return { missing: `${absent.join(' and ')} not set (eval "$(.ci/services)" starts PostgreSQL and Redis and prints both)` };
  // Both checked just above.
  return { clusterUrl: env.DATABASE_URL!, redisUrl: env.REDIS_URL! };
}

/** Runs the load on `instances` instances, each started on a fresh database dropped afterwards. */
export async function runScaleOut(instances: number, services: ScaleOutServices, options: ScenarioOptions): Promise<ScenarioResult> {
  // Listed in SERVER_KINDS.
  const casewrite = SERVER_KINDS.find((kind) => kind.name === 'casewrite')!;
  const database = await createBenchDatabase(services.clusterUrl);
  const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const servers: BenchServer[] = [];
  try {
    await redis.connect();
    // One after another: the first runs the migrations, the rest find them done.
    for (let i = 0; i < instances; i += 1) {
      servers.push(await startBenchServer(casewrite, { services: { DATABASE_URL: database.url, REDIS_URL: services.redisUrl } }));
    }
    const target: TypingTarget = {
      // Offset by the letter, so each instance gets its share of typists and every letter spans
      // min(instances, clients) of them. Indexes stay within `servers`.
      serverFor: (letter, client) => servers[(letter + client) % servers.length]!,
      async usage() {
        const each = servers.map((server) => server.usage());
        return {
          cpuSeconds: sum(each.map((usage) => usage.cpuSeconds)),
          peakRssMiB: sum(each.map((usage) => usage.peakRssMiB)),
          redisCpuSeconds: await redisCpuSeconds(redis),
        };
      },
    };
    const result = await runTyping(target, options, { ...LOAD, letters: options.quick ? QUICK_LETTERS : LOAD.letters });
    const died = servers.filter((server) => server.exited()).length;
    if (died > 0) throw new Error(`${died} of ${instances} instances exited during the run`);
    return result;
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop()));
    redis.disconnect();
    await database.drop();
  }
}

/** User plus system CPU of the whole Redis server so far, from INFO. */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
