/** Synced-room setups for sync tests: providers joined to a letter and caught up with the server. */
import type { Letter } from '../../shared/letters';
import type { TestUser } from './accounts';
import { createUser } from './accounts';
import type { Session } from './http';
import { createLetter } from './letters';
import type { ServerOptions, TestClient, TestResources, TestServer } from './resources';
import { waitForSynced } from './wait';

/** Connects one stock provider per session to a letter and resolves once both have synced. */
export async function connectSyncedPair(
  resources: TestResources,
  server: Pick<TestServer, 'syncUrl' | 'origin'>,
  letterId: string,
  first: Session,
  second: Session,
): Promise<[TestClient, TestClient]> {
  const clients: [TestClient, TestClient] = [resources.connect(server, letterId, { session: first }), resources.connect(server, letterId, { session: second })];
  await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));
  return clients;
}

/** A running server with an owner's letter open, and synced, in two of the owner's providers. */
export interface OwnerRoom {
  server: TestServer;
  owner: TestUser;
  letter: Letter;
  alice: TestClient;
  bob: TestClient;
}

/** Starts a server, signs up an owner, creates their letter and syncs two owner providers (alice, bob) on it. */
export async function startOwnerRoom(resources: TestResources, options: Partial<ServerOptions> = {}): Promise<OwnerRoom> {
  const server = await resources.startServer(options);
  const owner = await createUser(server);
  const letter = await createLetter(server, owner);
  const [alice, bob] = await connectSyncedPair(resources, server, letter.id, owner, owner);
  return { server, owner, letter, alice, bob };
}
