/**
 * Clients editing one letter through the server converge, and anyone joining later gets the
 * whole document: the seeded template and every edit.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { medicalAdvocacyTemplate } from '../../../shared/templates';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { createRandom, randomEdit } from '../../helpers/randomEdits';
import type { TestClient } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { startOwnerRoom } from '../../helpers/rooms';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { blockTexts, bodyOf, headingTexts } from '../../helpers/ydoc';

const resources = useTestResources();
const templateHeadings = medicalAdvocacyTemplate.sections.map((section) => section.heading);

/** The first empty paragraph's text node (after the given heading), creating it if needed. */
function paragraphTextAfter(doc: Y.Doc, heading: string): Y.XmlText {
  const blocks = bodyOf(doc).toArray();
  const index = blocks.findIndex((node) => node instanceof Y.XmlElement && node.nodeName === 'heading' && node.toString().includes(heading));
  const paragraph = blocks[index + 1];
  if (!(paragraph instanceof Y.XmlElement)) throw new Error(`no paragraph after ${heading}`);
  const first = paragraph.get(0);
  if (first instanceof Y.XmlText) return first;
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  return text;
}

/** The text of the block right after a heading. */
function textAfterHeading(doc: Y.Doc, heading: string): string {
  const index = blockTexts(doc).indexOf(heading);
  expect(index, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  return blockTexts(doc)[index + 1] ?? '';
}

/** Asserts every client holds the same document. */
async function expectConverged(clients: TestClient[]): Promise<void> {
  await waitUntil(() => {
    const [first, ...rest] = clients.map(({ doc }) => ({ sv: Y.encodeStateVector(doc), xml: bodyOf(doc).toString() }));
    for (const other of rest) {
      expect(other.sv).toEqual(first?.sv);
      expect(other.xml).toBe(first?.xml);
    }
  });
}

describe('convergence', () => {
  it('two clients converge on concurrent edits to the same paragraph', async () => {
    const { alice, bob } = await startOwnerRoom(resources);

    // Same turn, same place: neither has seen the other's edit when making its own.
    paragraphTextAfter(alice.doc, 'Summary of request').insert(0, 'Alice asks for release. ');
    paragraphTextAfter(bob.doc, 'Summary of request').insert(0, 'Bob cites the diabetes. ');
    alice.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Alice appended')]);
      bodyOf(alice.doc).push([paragraph]);
    });
    bodyOf(bob.doc).delete(0, 1); // Bob removes the "Header" heading concurrently

    await expectConverged([alice, bob]);
    const summary = textAfterHeading(alice.doc, 'Summary of request');
    expect(summary).toContain('Alice asks for release. ');
    expect(summary).toContain('Bob cites the diabetes. ');
    expect(blockTexts(alice.doc).at(-1)).toBe('Alice appended');
    expect(headingTexts(alice.doc)).toEqual(templateHeadings.slice(1));
  });

  it('edits made while one client is offline merge when it reconnects', async () => {
    const { alice, bob } = await startOwnerRoom(resources);

    bob.provider.disconnect();
    paragraphTextAfter(bob.doc, 'Limitations').insert(0, 'written offline');
    paragraphTextAfter(alice.doc, 'Relevant history').insert(0, 'written online');
    await waitUntil(() => expect(bob.provider.wsconnected).toBe(false));
    bob.provider.connect();

    await expectConverged([alice, bob]);
    expect(blockTexts(alice.doc)).toEqual(expect.arrayContaining(['written offline', 'written online']));
  });

  it('three clients making many random interleaved edits converge', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const clients = [0, 1, 2].map(() => resources.connect(server, letter.id, { session: owner }));
    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));

    const random = createRandom(2024);
    for (let round = 0; round < 20; round += 1) {
      // Several edits per turn from different clients, then let the network run.
      for (let i = 0; i < 5; i += 1) randomEdit(random.pick(clients).doc, random);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expectConverged(clients);
    // Equal state vectors include each client's own clock, so no client's edits were lost; and
    // every client did edit (the seed picks each of them), so this was a three-way merge.
    for (const { doc } of clients) {
      expect(Y.decodeStateVector(Y.encodeStateVector(clients[0]?.doc ?? doc)).get(doc.clientID) ?? 0).toBeGreaterThan(0);
    }
  });
});

describe('late joiners', () => {
  it('a client joining a fresh letter gets the seeded template', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const { doc, provider } = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(provider);
    expect(headingTexts(doc)).toEqual(templateHeadings);
  });

  it('a client joining later gets the template and every earlier edit', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const alice = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(alice.provider);
    paragraphTextAfter(alice.doc, 'Findings and diagnoses').insert(0, 'Type 1 diabetes, insulin dependent.');
    paragraphTextAfter(alice.doc, 'Recommendations').insert(0, '1. Release within 7 days.');

    const carol = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(carol.provider);
    await expectConverged([alice, carol]);
    expect(headingTexts(carol.doc)).toEqual(templateHeadings);
    expect(blockTexts(carol.doc)).toEqual(expect.arrayContaining(['Type 1 diabetes, insulin dependent.', '1. Release within 7 days.']));
  });
});
