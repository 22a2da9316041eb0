/**
 * The examples as users run them: the package packed with `npm pack`, installed from the tarball
 * next to the example's test runner, and the example's own `npm test`. Slow (two npm installs, in
 * parallel); skipped when npm cannot reach its registry.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL_TIMEOUT = 240_000;

interface Run {
  readonly code: number;
  readonly stdout: string;
  /** stdout then stderr. */
  readonly output: string;
}

/** Runs a command to its end; the exit code and stdout+stderr, never a throw for a non-zero exit. */
function run(command: string, args: readonly string[], cwd: string, timeout = INSTALL_TIMEOUT, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env = {
    ...process.env,
    ...extraEnv,
    // Plain text to assert on, and nothing an outer `npm test` or CI run would change.
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, output: `${stdout}${stderr}` });
    });
  });
}

/** The test runner each example installs; jest@30 runs on Node 20 (`^18.14 || ^20 || ^22 || >=24`). */
const EXAMPLES = {
  'vitest-project': { runner: 'vitest@4' },
  'jest-project': { runner: 'jest@30' },
} as const;
type Example = keyof typeof EXAMPLES;

/** A deliberately failing test in each example's style, and the matcher message it must print. */
const FAILING_TEST: Record<Example, string> = {
  'vitest-project': [
    "import { expect, it } from 'vitest';",
    "import { buildImage } from './image.js';",
    '',
    "it('has a server.js', async () => {",
    "  expect(await buildImage()).toHaveFile('/app/server.js');",
    '});',
    '',
  ].join('\n'),
  'jest-project': [
    "import { buildImage } from './image.js';",
    '',
    "test('has a server.js', async () => {",
    "  expect(await buildImage()).toHaveFile('/app/server.js');",
    '});',
    '',
  ].join('\n'),
};
const appSize = (await stat(join(ROOT, 'examples/vitest-project/src/index.js'))).size;
const FAILING_MESSAGE = [
  'expect(result).toHaveFile("/app/server.js")',
  'Expected: a file at /app/server.js',
  'Received: /app/server.js does not exist',
  '  /app/ holds:',
  `    -rw-r--r-- 1000:1000 ${appSize} /app/index.js`,
];

// `npm ping` is the registry's smallest request; a second try rides out a slow moment.
const ping = async (): Promise<Run> => run('npm', ['ping'], ROOT, 30_000, { npm_config_fetch_retries: '0' });
const registry = await ping().then((first) => (first.code === 0 ? first : ping()));
const online = registry.code === 0;
const offlineReason = registry.output.split('\n').find((l) => /error|ERR|timed out/i.test(l))?.trim() ?? `npm ping exited ${registry.code}`;

if (!online) {
  const why = `examples: skipped, npm cannot reach its registry (${offlineReason})`;
  console.warn(why);
  it.skip(why, () => {});
}

describe.skipIf(!online)('examples, installed from the packed package', () => {
  let work = '';
  const projects = new Map<Example, string>();

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(join(tmpdir(), 'dockerfile-sim-examples-'));
    const pack = await run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
    expect(pack.code, pack.output).toBe(0);
    const tarball = join(work, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    await Promise.all(
      (Object.keys(EXAMPLES) as Example[]).map(async (name) => {
        const dir = join(work, name);
        await cp(join(ROOT, 'examples', name), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
        // The example names the published package; here it comes from the tarball instead.
        const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { devDependencies?: object };
        delete manifest.devDependencies;
        await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', tarball, EXAMPLES[name].runner], dir);
        expect(install.code, install.output).toBe(0);
        projects.set(name, dir);
      }),
    );
  }, INSTALL_TIMEOUT);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe.each(Object.keys(EXAMPLES) as Example[])('%s', (name) => {
    it('passes its own test suite', async () => {
      const result = await run('npm', ['test'], projects.get(name)!, 60_000);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/passed/);
    }, 60_000);

    it('fails a wrong expectation with the matcher\'s message', async () => {
      const dir = projects.get(name)!;
      await writeFile(join(dir, 'test', 'failing.test.js'), FAILING_TEST[name]);
      try {
        const result = await run('npm', ['test', '--', 'test/failing.test.js'], dir, 60_000);
        expect(result.code, result.output).not.toBe(0);
        for (const line of FAILING_MESSAGE) expect(result.output).toContain(line);
      } finally {
        await rm(join(dir, 'test', 'failing.test.js'));
      }
    }, 60_000);
  });
});

/** `npm pack` ships dist/: build it when it is missing or older than any source. */
async function ensureBuilt(): Promise<void> {
  const mtime = (path: string): Promise<number> => stat(path).then((s) => s.mtimeMs, () => 0);
  const built = Math.min(...(await Promise.all(['index.js', 'matchers/vitest.js', 'matchers/jest.js'].map((f) => mtime(join(ROOT, 'dist', f))))));
  const sources = await readdir(join(ROOT, 'src'), { recursive: true });
  const newest = Math.max(...(await Promise.all(sources.map((f) => mtime(join(ROOT, 'src', f))))));
  if (built > newest) return;
  const started = Date.now();
  const build = await run('npm', ['run', 'build'], ROOT);
  if (build.code === 0) return;
  // tsc emits despite type errors, which `npm run build` and typecheck report on their own.
  const emitted = await mtime(join(ROOT, 'dist/matchers/index.js'));
  expect(emitted >= started, build.output).toBe(true);
  console.warn(`examples.test.ts: npm run build reported errors; testing what it emitted:\n${build.output.slice(0, 2000)}`);
}
