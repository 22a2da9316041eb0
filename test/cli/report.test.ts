/**
 * `--report FILE.html` on build and plan: the page is checked in a real headless Chromium
 * (Debian's `chromium` package, driven by playwright-core), and a screenshot is saved.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { BIN } from './runCli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'explain', 'fixtures', 'app');
const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'dfsim-report-'));

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--report writes one self-contained page', () => {
  it('build --report: graph, orders, trees with provenance, and nothing fetched', () => {
    const out = join(dir, 'build.html');
    expect(run(['build', FIXTURE, '--report', out]).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    // No external resource of any kind: no src=, no link href, no http(s) URL but the SVG namespace.
    expect(html).not.toMatch(/\ssrc=|<link\b|@import/);
    expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('data-path="/app/main-1.0.js"');
    expect(html).toContain('from context:config/app.conf');
  });

  it('plan --report: the graph and both orders without a build', () => {
    const out = join(dir, 'plan.html');
    const r = run(['plan', FIXTURE, '--report', out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Plan only (no context read)');
    expect(html).toContain('build → docs → test → app');
    expect(html).not.toContain('class="tree"');
  });
});

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // CI installs it with: apt-get install -y chromium
  console.warn(`report.test.ts: ${CHROMIUM} is missing (apt-get install -y chromium), so the page is not checked in a browser`);
}

describe.skipIf(!hasChromium)('the report in headless Chromium', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    // A fresh profile each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('shows the stage graph, the trees and a path\'s provenance on click; saves a screenshot', async () => {
    const out = join(dir, 'build-browser.html');
    expect(run(['build', FIXTURE, '--report', out]).code).toBe(0);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href);

    // Every stage is a node of the graph, BuildKit's skipped ones drawn as skipped.
    const nodes = await page.locator('svg.graph .node').evaluateAll((all) => all.map((n) => n.getAttribute('data-node')));
    expect(nodes.sort()).toEqual(['app', 'build', 'docs', 'test']);
    expect(await page.locator('svg.graph .node.skipped').count()).toBe(2);
    expect(await page.locator('svg.graph .edge path').count()).toBe(2);
    await expect.poll(() => page.locator('table.order').innerText()).toContain('needed by "app" (COPY --from at line 17)');

    // Hover: a native tooltip; click: the provenance panel.
    const row = page.locator('#tree-final tr[data-path="/app/main-1.0.js"]');
    expect(await row.getAttribute('title')).toBe(
      [
        'stage app, line 17: COPY --from=build /out/ ${APP_HOME}/',
        'from stage build:/out/main-1.0.js',
        '← stage build, line 7: COPY --chown=1000:1000 src/main.js ./main-${VERSION}.js',
        'from context:src/main.js',
      ].join('\n'),
    );
    await page.screenshot({ path: join(dir, 'report-top.png'), fullPage: false });
    await row.click();
    const panel = page.locator('#prov');
    expect(await panel.isVisible()).toBe(true);
    expect(await panel.locator('.path').innerText()).toBe('/app/main-1.0.js');
    expect(await panel.locator('.what').innerText()).toContain('from context:src/main.js');

    // Clicking a stage node opens that stage's tree.
    await page.locator('svg.graph .node[data-node="build"]').click();
    expect(await page.locator('#stage-build').getAttribute('open')).not.toBeNull();
    await page.locator('#stage-build tr[data-path="/src/app.conf"]').click();
    expect(await panel.locator('.what').innerText()).toBe('stage build, line 5: COPY config/app.conf /src/app.conf\nfrom context:config/app.conf');

    // The filter hides the rows that do not match.
    await page.locator('input[data-table="tree-final"]').fill('app.conf');
    expect(await page.locator('#tree-final tr[data-path]:visible').count()).toBe(1);

    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    console.log(`report screenshots: ${join(dir, 'report-top.png')} ${join(dir, 'report.png')}`);
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
