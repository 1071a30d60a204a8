/** Version history over the real API, and letter bodies compared exactly (as Y.XmlFragment strings). */
import * as Y from 'yjs';
import type { DatabaseLocation } from '../../server/db/database';
import type { VersionDetail, VersionSummary } from '../../shared/versions';
import { withTestDatabase } from './database';
import type { HttpTarget, Session } from './http';
import { expectJson, requestJson } from './http';
import { bodyOf, readStoredRoom } from './ydoc';

/** `GET /api/letters/:id/versions` as `session` (asserting 200), newest first. */
export async function listVersions(server: HttpTarget, session: Session, letterId: string): Promise<VersionSummary[]> {
  return (await expectJson<{ versions: VersionSummary[] }>(requestJson(server, `/api/letters/${letterId}/versions`, { session }), 200)).versions;
}

/** `GET /api/letters/:id/versions/:versionId` as `session` (asserting 200). */
export async function getVersion(server: HttpTarget, session: Session, letterId: string, versionId: string): Promise<VersionDetail> {
  return (await expectJson<{ version: VersionDetail }>(requestJson(server, `/api/letters/${letterId}/versions/${versionId}`, { session }), 200)).version;
}

/** `POST /api/letters/:id/versions {name}` as `session`, returning the raw response. */
export function saveVersionRequest(server: HttpTarget, session: Session | null, letterId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/versions`, { method: 'POST', session, body });
}

/** Saves a named version as `session` (asserting 201). */
export async function saveVersion(server: HttpTarget, session: Session, letterId: string, name: string): Promise<VersionSummary> {
  return (await expectJson<{ version: VersionSummary }>(saveVersionRequest(server, session, letterId, { name }), 201)).version;
}

/** `POST /api/letters/:id/versions/:versionId/restore` as `session`, returning the raw response. */
export function restoreVersionRequest(server: HttpTarget, session: Session | null, letterId: string, versionId: string): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/versions/${versionId}/restore`, { method: 'POST', session });
}

/** Restores a version as `session` (asserting 200); returns the new 'restore' version. */
export async function restoreVersion(server: HttpTarget, session: Session, letterId: string, versionId: string): Promise<VersionSummary> {
  return (await expectJson<{ version: VersionSummary }>(restoreVersionRequest(server, session, letterId, versionId), 200)).version;
}

/** A version's document, decoded from its base64 state (the caller destroys it). */
export function versionDoc(version: VersionDetail): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(Buffer.from(version.state, 'base64')));
  return doc;
}

/** A body exactly: element names, attributes, text and formatting, as Y.XmlFragment prints it. */
export function bodyString(doc: Y.Doc): string {
  return bodyOf(doc).toString();
}

/** The body of a version as `bodyString` prints it. */
export async function versionBody(server: HttpTarget, session: Session, letterId: string, versionId: string): Promise<string> {
  const doc = versionDoc(await getVersion(server, session, letterId, versionId));
  try {
    return bodyString(doc);
  } finally {
    doc.destroy();
  }
}

/** The body of a room as stored in the server's database (read through a separate connection), as `bodyString` prints it. */
export async function storedBody(location: DatabaseLocation, room: string): Promise<string> {
  return withTestDatabase(location, async (reader) => {
    const stored = await readStoredRoom(reader, room);
    const body = bodyString(stored.doc);
    stored.doc.destroy();
    return body;
  });
}

/** The text of top-level block `index` of a body (created empty if the block has none yet), to edit as the editor would. */
export function blockText(doc: Y.Doc, index: number): Y.XmlText {
  const block = bodyOf(doc).get(index);
  if (!(block instanceof Y.XmlElement)) throw new Error(`block ${index} of the body is not an element`);
  const text = block.get(0);
  if (text instanceof Y.XmlText) return text;
  const created = new Y.XmlText();
  block.insert(0, [created]);
  return created;
}
