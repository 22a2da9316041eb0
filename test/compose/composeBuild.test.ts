import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBuild, ComposeError, emulateComposeService, imageFs } from '../../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_16 = join(ROOT, 'scenarios', 'images', 'node_16-bullseye.tar');
let dir: string;

/** A project dir holding the seed example as ./backend and a compose file. */
function project(name: string, compose: string, dotenv?: string): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  cpSync(join(ROOT, 'examples', 'multi-stage'), join(root, 'backend'), { recursive: true });
  writeFileSync(join(root, 'compose.yaml'), compose);
  if (dotenv !== undefined) writeFileSync(join(root, '.env'), dotenv);
  return join(root, 'compose.yaml');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-compose-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('composeBuild', () => {
  it('reads the long syntax: context, target, relative to the compose file', () => {
    const file = project('seed', 'services:\n  backend:\n    build:\n      context: ./backend\n      target: dev\n');
    expect(composeBuild({ file, service: 'backend', env: {} })).toEqual({
      project: 'seed',
      service: 'backend',
      context: join(dir, 'seed', 'backend'),
      dockerfilePath: join(dir, 'seed', 'backend', 'Dockerfile'),
      target: 'dev',
      buildArgs: {},
      labels: {},
      warnings: [],
    });
  });

  it('reads the short syntax, and a dockerfile relative to the context', () => {
    const file = project('short', 'services:\n  api:\n    build: ./backend\n  web:\n    build:\n      context: backend\n      dockerfile: ../Dockerfile.web\n');
    expect(composeBuild({ file, service: 'api', env: {} })).toMatchObject({ context: join(dir, 'short', 'backend'), dockerfilePath: join(dir, 'short', 'backend', 'Dockerfile') });
    expect(composeBuild({ file, service: 'web', env: {} }).dockerfilePath).toBe(join(dir, 'short', 'Dockerfile.web'));
  });

  it('interpolates from the shell environment over the .env file next to it, with defaults and $$', () => {
    const file = project(
      'interp',
      [
        'name: My_App',
        'services:',
        '  backend:',
        '    build:',
        '      context: ${CONTEXT:-./backend}',
        '      target: ${TARGET-dev}',
        '      args:',
        '        VERSION: ${VERSION}',
        '        FROM_DOTENV: ${DOTENV_ONLY}',
        '        PRICE: $$5',
        '        NUMBER: 3',
        '        FROM_ENV:',
        '        UNRESOLVED:',
        '      labels:',
        '        - com.example.commit=${COMMIT:-unknown}',
        '',
      ].join('\n'),
      'VERSION=from-dotenv\nDOTENV_ONLY=dotenv\nFROM_ENV=env-file\n',
    );
    const build = composeBuild({ file, service: 'backend', env: { VERSION: '2.0', MISSING: undefined } });
    expect(build).toMatchObject({
      project: 'my_app',
      target: 'dev',
      buildArgs: { VERSION: '2.0', FROM_DOTENV: 'dotenv', PRICE: '$5', NUMBER: '3', FROM_ENV: 'env-file' },
      labels: { 'com.example.commit': 'unknown' },
      warnings: [],
    });
  });

  it('reads args as a list, and warns about unset variables', () => {
    const file = project('list', 'services:\n  backend:\n    build:\n      context: backend\n      args:\n        - A=1\n        - B=${NOPE}\n        - HOME\n        - EMPTY=\n');
    expect(composeBuild({ file, service: 'backend', env: { HOME: '/home/me' } })).toMatchObject({
      buildArgs: { A: '1', B: '', HOME: '/home/me', EMPTY: '' },
      warnings: ['The "NOPE" variable is not set. Defaulting to a blank string.'],
    });
  });

  it('takes dockerfile_inline as the Dockerfile text', () => {
    const file = project('inline', 'services:\n  tool:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM scratch\n        COPY compose.yaml /\n');
    expect(composeBuild({ file, service: 'tool', env: {} })).toMatchObject({ context: join(dir, 'inline'), dockerfile: 'FROM scratch\nCOPY compose.yaml /\n' });
  });

  it.each([
    ['services:\n  db:\n    image: postgres:16\n', 'api', 'no such service: api (the compose file has db)'],
    ['services:\n  db:\n    image: postgres:16\n', 'db', 'service "db" has no build section (it uses image postgres:16)'],
    ['services:\n  a:\n    build:\n      context: .\n      dockerfiles: x\n', 'a', 'services.a.build Additional property dockerfiles is not allowed'],
    ['services:\n  a:\n    build: https://github.com/x/y.git#main\n', 'a', 'services.a.build.context https://github.com/x/y.git#main is a remote context, which dockerfile-sim cannot fetch'],
    ['services:\n  a:\n    build:\n      dockerfile: A\n      dockerfile_inline: FROM scratch\n', 'a', 'services.a.build: dockerfile and dockerfile_inline are mutually exclusive'],
    ['services:\n  a:\n    build:\n      context: ${CTX:?set CTX}\n', 'a', 'required variable CTX is missing a value: set CTX'],
    ['services:\n  a:\n    build:\n      context: ${CTX\n', 'a', 'invalid interpolation format for services.a.build.context.\nYou may need to escape any $ with another $.\n${CTX'],
  ])('refuses %j (service %s)', (compose, service, message) => {
    const file = project(`bad-${service}-${Math.random().toString(36).slice(2)}`, compose);
    expect(() => composeBuild({ file, service, env: {} })).toThrow(new ComposeError(message));
  });
});

describe('emulateComposeService', () => {
  it('builds the seed example\'s backend service at its dev target, with the labels Compose adds', async () => {
    const file = project('backend-dev', 'services:\n  backend:\n    build: {context: ./backend, target: dev}\n');
    const result = await emulateComposeService({ file, service: 'backend', env: {}, images: { 'node:16-bullseye': NODE_16 } });
    expect(result.status).toBe('success');
    expect(result.target).toBe('dev');
    expect(result.order).toEqual(['dev']);
    expect(result.stages.map((s) => s.status)).toEqual(['built', 'skipped']);
    expect(result.config).toMatchObject({
      Cmd: ['/bin/sh', '-c', 'npm start'],
      WorkingDir: '/app',
      Labels: { 'com.docker.compose.project': 'backend-dev', 'com.docker.compose.service': 'backend' },
    });
    expect(imageFs(result).readFileSync('/app/package.json', 'utf8')).toContain('"name"');
    // The example's .dockerignore still applies.
    expect(result.tree.some((e) => e.path.startsWith('/app/node_modules'))).toBe(false);
  });

  it('lets buildArgs, target and composeVersion override, like docker compose build --build-arg', async () => {
    const file = project(
      'override',
      // $$ keeps Compose from interpolating what is the Dockerfile's own variable.
      'services:\n  svc:\n    build:\n      context: .\n      target: first\n      dockerfile_inline: |\n        FROM scratch AS first\n        ARG WHO=nobody\n        LABEL who=$$WHO team=dockerfile\n        FROM first AS second\n      args: {WHO: compose}\n      labels: {team: compose}\n',
    );
    const result = await emulateComposeService({ file, service: 'svc', env: {}, buildArgs: { WHO: 'cli' }, target: 'second', composeVersion: '2.27.0', builder: 'classic' });
    expect(result.target).toBe('second');
    expect(result.warnings).toEqual([]);
    // Compose's labels win over the Dockerfile's LABEL, as docker build --label does.
    expect(result.config?.Labels).toEqual({
      who: 'cli',
      team: 'compose',
      'com.docker.compose.version': '2.27.0',
      'com.docker.compose.project': 'override',
      'com.docker.compose.service': 'svc',
    });
  });

  it('passes Compose\'s warnings on in the result', async () => {
    const file = project('warn', 'services:\n  svc:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM scratch\n        LABEL who=$WHO\n');
    const result = await emulateComposeService({ file, service: 'svc', env: {} });
    expect(result.warnings[0]).toEqual({ message: 'The "WHO" variable is not set. Defaulting to a blank string.' });
    expect(result.config?.Labels).toMatchObject({ who: '' });
  });
});
