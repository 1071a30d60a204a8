/**
 * Ids in a route's path, checked at the edge. Every id the server makes is a UUID, so anything
 * else names nothing: it answers 404 like an unknown id, before any query sees it (PostgreSQL
 * refuses some text outright, a NUL for one, where SQLite would just find no row).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { notFound } from './errors';

const IdSchema = z.uuid();

/** The path parameter `name` if it is a well-formed id; otherwise 404 with `notFoundMessage`. */
export function idParam(c: Context, name: string, notFoundMessage: string): string {
  const value = c.req.param(name) ?? '';
  if (!IdSchema.safeParse(value).success) throw notFound(notFoundMessage);
  return value;
}
