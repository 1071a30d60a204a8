/** What every request carries through the app: who is asking, if anyone. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { User } from '../../shared/auth';
import type { Session } from '../auth/sessions';

/** The signed-in person of a request. */
export interface Auth {
  user: User;
  session: Session;
}

/** The Hono environment of the app. */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { auth: Auth | null; clientAddress: string | null };
}

/** The address at the other end of the socket (null in in-process tests). */
export function socketAddress(c: Context<AppEnv>): string | null {
  return c.env?.incoming?.socket?.remoteAddress ?? null;
}

/** The client's address: the socket's, or the one a trusted proxy forwarded (http/proxy.ts). */
export function clientAddress(c: Context<AppEnv>): string | null {
  return c.get('clientAddress') ?? socketAddress(c);
}
