/**
 * Dependency direction (STYLE.md, "Ours" 1): shared/ imports only npm packages and other shared/
 * modules; server/ never imports client/. The checker reads every real source file, and is itself
 * tested on synthetic sources so a broken checker cannot pass silently.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Every module specifier a source file mentions: imports, re-exports, import(), require(), import type. */
function moduleSpecifiers(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return [...info.importedFiles, ...info.referencedFiles].map((ref) => ref.fileName);
}

/** The top-level folder of the repository a specifier points into, or null for an npm package. */
function targetFolder(importer: string, specifier: string): string | null {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const target = path.relative(repoRoot, path.resolve(path.dirname(importer), specifier));
    if (target.startsWith('..')) return '(outside the repository)';
    return target.split(path.sep)[0] ?? '';
  }
  // A bare specifier naming one of our folders (an alias or baseUrl import) is still a folder import.
  const [first] = specifier.split('/');
  return first === 'client' || first === 'server' || first === 'shared' ? first : null;
}

/** The dependency rule violations in one file (path absolute, inside the repository). */
function findViolations(file: string, source: string): Violation[] {
  const folder = path.relative(repoRoot, file).split(path.sep)[0];
  const violations: Violation[] = [];
  for (const specifier of moduleSpecifiers(source)) {
    const target = targetFolder(file, specifier);
    if (target === null) continue;
    if (folder === 'shared' && target !== 'shared') {
      violations.push({ file, specifier, rule: 'shared/ imports only npm packages and shared/' });
    }
    if (folder === 'server' && target === 'client') {
      violations.push({ file, specifier, rule: 'server/ never imports client/' });
    }
  }
  return violations;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)))
    .filter((entry) => !entry.parentPath.split(path.sep).includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function scan(folder: string): Promise<{ files: string[]; violations: Violation[] }> {
  const files = await sourceFiles(path.join(repoRoot, folder));
  const violations: Violation[] = [];
  for (const file of files) violations.push(...findViolations(file, await readFile(file, 'utf8')));
  return { files, violations };
}

const at = (folder: string, file: string): string => path.join(repoRoot, folder, file);

describe('dependency direction checker', () => {
  it.each([
    ["import { x } from '../server/collab/room';", 'a server import'],
    ["import { App } from '../client/App';", 'a client import'],
    ["import type { Room } from '../server/collab/room';", 'a type-only server import'],
    ["export * from '../client/state';", 'a re-export from client'],
    ["const room = await import('../server/collab/room');", 'a dynamic import'],
    ["const cfg = require('../server/config');", 'a require call'],
    ["import pkg from '../package.json';", 'a relative path leaving shared/'],
    ["import { y } from '../../elsewhere/thing';", 'a path leaving the repository'],
    ["import { z } from 'server/collab/room';", 'a bare folder import'],
  ])('flags %s in shared/ (%s)', (source) => {
    const violations = findViolations(at('shared', 'protocol.ts'), source);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.rule).toBe('shared/ imports only npm packages and shared/');
  });

  it('flags server/ importing client/, directly or through a bare folder path', () => {
    const source = ["import { App } from '../../client/App';", "import type { S } from 'client/state';"].join('\n');
    const violations = findViolations(at('server', 'collab/room.ts'), source);
    expect(violations.map((v) => v.specifier)).toEqual(['../../client/App', 'client/state']);
    expect(violations.every((v) => v.rule === 'server/ never imports client/')).toBe(true);
  });

  it('allows npm packages and imports within the rules', () => {
    const sharedSource = ["import { z } from 'zod';", "import { LetterLimits } from './limits';", "import * as Y from 'yjs';"].join('\n');
    expect(findViolations(at('shared', 'letters.ts'), sharedSource)).toEqual([]);
    const serverSource = ["import { Hono } from 'hono';", "import { CloseReason } from '../../shared/protocol';", "import { x } from './room';"].join('\n');
    expect(findViolations(at('server', 'collab/upgrade.ts'), serverSource)).toEqual([]);
  });

  it('does not mistake an npm package whose name contains "server" for server/', () => {
    expect(findViolations(at('shared', 'x.ts'), "import { serve } from '@hono/node-server';")).toEqual([]);
  });
});

describe('the real sources', () => {
  it('shared/ imports nothing from client/, server/ or outside shared/', async () => {
    const { files, violations } = await scan('shared');
    expect(files.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('server/ imports nothing from client/', async () => {
    const { files, violations } = await scan('server');
    expect(files.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });
});
