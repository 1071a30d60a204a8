/**
 * Seeded random editing of Y.Docs shaped like letter bodies, for tests that must hold for any
 * history (compaction, convergence). The seed is printed in assertion messages so a failure
 * can be replayed.
 */
import * as Y from 'yjs';
import { bodyOf } from './ydoc';

/** A small deterministic PRNG (mulberry32), so a failing seed reproduces exactly. */
export function createRandom(seed: number): { next(): number; int(maxExclusive: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

const WORDS = ['patient', 'detention', 'insulin', 'clinic', 'records', 'risk', 'cardiology', 'release', 'ü', '😀', 'A-123'];

type Random = ReturnType<typeof createRandom>;

/** Every Y.XmlText inside the body, depth first. */
function texts(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment): void => {
    if (node instanceof Y.XmlText) found.push(node);
    else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) node.toArray().forEach(visit);
  };
  visit(bodyOf(doc));
  return found;
}

/** Applies one random edit (one transaction) to `doc`: body blocks, text, marks, a plain Y.Text and a Y.Map. */
export function randomEdit(doc: Y.Doc, random: Random): void {
  const body = bodyOf(doc);
  const word = random.pick(WORDS);
  doc.transact(() => {
    const choice = random.int(8);
    const candidates = texts(doc);
    const target = candidates.length > 0 ? random.pick(candidates) : null;
    if (choice <= 1 || target === null) {
      const block = new Y.XmlElement(random.next() < 0.2 ? 'heading' : 'paragraph');
      if (block.nodeName === 'heading') block.setAttribute('level', '2');
      block.insert(0, [new Y.XmlText(word)]);
      body.insert(random.int(body.length + 1), [block]);
    } else if (choice <= 3) {
      target.insert(random.int(target.length + 1), `${word} `);
    } else if (choice === 4 && target.length > 0) {
      const index = random.int(target.length);
      target.delete(index, 1 + random.int(Math.min(5, target.length - index)));
    } else if (choice === 5 && target.length > 0) {
      const index = random.int(target.length);
      target.format(index, 1 + random.int(target.length - index), random.next() < 0.5 ? { bold: true } : { italic: null });
    } else if (choice === 6 && body.length > 1) {
      body.delete(random.int(body.length), 1);
    } else {
      const notes = doc.getText('notes');
      notes.insert(random.int(notes.length + 1), word);
      doc.getMap('meta').set(`k${random.int(4)}`, random.int(1000));
    }
  });
}

/**
 * Runs `editCount` random edits spread over several replicas that sync with each other only now
 * and then, so the history holds real concurrent edits. Returns every update in the order each
 * was produced (each exactly once) and a reference replica that has applied all of them.
 */
export function randomHistory(seed: number, editCount: number, replicaCount = 3): { updates: Uint8Array[]; reference: Y.Doc } {
  const random = createRandom(seed);
  const replicas = Array.from({ length: replicaCount }, (_, index) => {
    const replica = new Y.Doc();
    // Client ids from the seed too: the order of concurrent edits depends on them, so a history
    // (and anything a test finds in it) is the same on every run.
    replica.clientID = seed * replicaCount + index + 1;
    return replica;
  });
  const updates: Uint8Array[] = [];
  const remote = Symbol('remote');
  for (const replica of replicas) {
    replica.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== remote) updates.push(update);
    });
  }
  for (let i = 0; i < editCount; i += 1) {
    randomEdit(random.pick(replicas), random);
    if (random.next() < 0.15) {
      const from = random.pick(replicas);
      const to = random.pick(replicas);
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), remote);
    }
  }
  const reference = new Y.Doc();
  for (const update of updates) Y.applyUpdate(reference, update);
  for (const replica of replicas) replica.destroy();
  return { updates, reference };
}
