/**
 * The built dashboard in a real browser: Debian's chromium driven by
 * playwright against the site served on loopback under a base path. One
 * build per file (a generated model: 40 metrics × 60 commits on 2 machines,
 * with notes); screenshots of every page in both themes go to
 * test-artifacts/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import type { SiteModel } from '../../results/report/model.ts';
import { buildSite, REPO_ROOT } from '../helpers/build-site.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { generateNoteFiles, generateSiteModel, KNOWN, regressionAt } from '../fixtures/site-model/generate.ts';

const CHROMIUM = '/usr/bin/chromium';
const BASE = '/pitwall-e2e/';
const COMMITS = 60;
const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts/screenshots');
const EVIL_NOTE = {
  name: 'evil.mdx',
  text: `---\ntitle: Probe note\nmetrics: ["parse/**"]\n---\nimport fs from 'node:fs'\n\nHello {1+1} <script>alert("mdx")</script> [link](javascript:alert(3))\n`,
};

const skip = existsSync(CHROMIUM) ? false : `chromium is not installed at ${CHROMIUM}`;

describe('dashboard in chromium', { skip }, () => {
  let work: string;
  let server: StaticServer;
  let browser: Browser;
  let model: SiteModel;
  let bimodalId = '';
  /** Problems any page reported: console errors, uncaught exceptions, dialogs (an XSS probe firing). */
  const problems: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'pitwall-e2e-'));
    model = generateSiteModel({ metrics: 40, commits: COMMITS, machines: 2, seed: 7 });
    // What "pitwall build" adds from main's history: the newest commit pending, one failed.
    const recent = model.commits.filter((c) => c.index !== null).slice(-12).reverse();
    model.queue = model.machines.map((m) => ({
      machine: m.name,
      length: 2,
      failed: 1,
      recent: recent.map((c, i) => ({ sha: c.sha, subject: c.subject, time: c.time, state: i === 0 ? 'pending' : i === 3 ? 'failed' : 'measured' })),
    }));
    // A file the build left out, quoting what it held: the site lists it as a problem to fix, as text.
    model.inputProblems = [{ file: 'notes/broken.mdx', line: 3, column: 8, message: 'the frontmatter is not valid YAML: <img src=x onerror=alert(4)>', hint: 'write the block as YAML', effect: 'skipped' }];
    // One quiet series whose runs alternate between two machine states, as the analysis would mark it.
    const quiet = model.series.find((s) => s.status === 'stable') as SiteModel['series'][number];
    Object.assign(quiet, { status: 'bimodal', bimodal: true, statusText: `bimodal (the values alternate between two levels; changes are judged on ranks): no change in ${quiet.count} commits` });
    bimodalId = quiet.id;
    const out = join(work, 'site');
    await buildSite({ model, outDir: out, base: BASE, notes: [...generateNoteFiles(model), EVIL_NOTE] });
    server = await serveStatic(out, BASE);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  async function open(path: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = (await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' }));
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    page.on('dialog', async (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const waitReady = (page: Page, view: string) => page.waitForFunction((v) => document.documentElement.dataset['ready'] === v, view);
  const seriesId = (machine: string, metric: string) => `${machine}/${KNOWN.suite}/${metric}`;
  const metricPath = (id: string, extra = '') => `metric/?id=${encodeURIComponent(id)}${extra}`;
  const regressionSha = () => model.commits[regressionAt(COMMITS)]?.sha as string;

  test('the overview narrows as one types, keeps the filter in the URL and after a reload', async () => {
    const page = await open('');
    await waitReady(page, 'overview');
    const all = await page.locator('#overview-rows tr').count();
    assert.equal(all, 80);
    await page.fill('#filter-q', 'small-json');
    await page.waitForFunction(() => document.querySelectorAll('#overview-rows tr').length === 2);
    assert.match(page.url(), /\?q=small-json$/);
    await page.reload();
    await waitReady(page, 'overview');
    assert.equal(await page.inputValue('#filter-q'), 'small-json');
    assert.equal(await page.locator('#overview-rows tr').count(), 2);
    await page.click('#status-chips [data-status="regressed"]');
    assert.match(page.url(), /status=regressed/);
    const statuses = await page.locator('#overview-rows .badge').allTextContents();
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'regressed'), statuses.join());
    // Each row says why, in the words the metric page uses.
    const reasons = await page.locator('#overview-rows .status-text').allTextContents();
    const expected = new Set(model.series.filter((s) => s.status === 'regressed').map((s) => s.statusText));
    assert.ok(reasons.length === statuses.length && reasons.every((r) => expected.has(r) && r.startsWith('regressed')), reasons.join('\n'));
    await page.context().close();
  });

  test('the metric chart draws its canvas and lists the known change point', async () => {
    const page = await open(metricPath(seriesId('linux-amd', KNOWN.metric)));
    await waitReady(page, 'metric');
    const painted = await page.$eval('#metric-chart', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) count++;
      return count;
    });
    assert.ok(painted > 5000, `only ${painted} pixels drawn`);
    const rows = await page.locator('#change-table tbody tr').allTextContents();
    assert.ok(rows.some((row) => row.includes(regressionSha().slice(0, 7)) && /\+(19|2\d)\.\d%/.test(row)), rows.join('\n'));
    const summary = model.series.find((s) => s.id === seriesId('linux-amd', KNOWN.metric));
    assert.equal(await page.locator('[data-status-text]').textContent(), summary?.statusText);
    await page.context().close();
  });

  test('a bimodal series says so on the overview, in its badge, its reason and a note under its chart', async () => {
    const overview = await open('?status=bimodal');
    await waitReady(overview, 'overview');
    assert.deepEqual(await overview.locator('#overview-rows .badge').allTextContents(), ['bimodal']);
    await overview.context().close();
    const page = await open(metricPath(bimodalId));
    await waitReady(page, 'metric');
    assert.equal(await page.locator('[data-slot="status"] .badge').textContent(), 'bimodal');
    const note = page.locator('[data-slot="chart-note"]');
    assert.ok(await note.isVisible());
    assert.match((await note.textContent()) ?? '', /^Bimodal: the values alternate between two levels/);
    await page.context().close();
  });

  test('wheel zoom narrows the x range and puts it in the URL; reset takes it out', async () => {
    const page = await open(metricPath(seriesId('linux-amd', KNOWN.metric)));
    await waitReady(page, 'metric');
    const box = await page.locator('#metric-chart').boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await page.waitForFunction(() => location.search.includes('from=') && location.search.includes('to='));
    const params = new URL(page.url()).searchParams;
    const from = model.commits.findIndex((c) => c.sha.startsWith(params.get('from') as string));
    const to = model.commits.findIndex((c) => c.sha.startsWith(params.get('to') as string));
    assert.ok(from > 0 && to < COMMITS - 1 && from < to, `range ${from}..${to}`);
    await page.click('[data-action="reset"]');
    await page.waitForFunction(() => !location.search.includes('from='));
    await page.context().close();
  });

  test('comparing the commits around the known regression flags it, most severe first', async () => {
    const at = regressionAt(COMMITS);
    const base = model.commits[at - 1]?.sha as string;
    const page = await open(`compare/?base=${base.slice(0, 10)}&head=${regressionSha().slice(0, 10)}`);
    await waitReady(page, 'compare');
    const verdicts = await page.locator('#compare-rows tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['verdict']));
    assert.equal(verdicts[0], 'regression');
    const firstOther = verdicts.findIndex((v) => v !== 'regression');
    assert.ok(verdicts.slice(firstOther).every((v) => v !== 'regression'), 'regressions come first');
    const regressed = await page.locator('#compare-rows tr[data-verdict="regression"] .name-cell a').allTextContents();
    assert.ok(regressed.includes(KNOWN.metric), regressed.join());
    assert.ok(await page.locator('#compare-scatter').isVisible());
    await page.context().close();
  });

  test('a failed run shows its log as text, and the run list filters by machine', async () => {
    const run = model.runs.find((r) => r.status === 'failed');
    assert.ok(run !== undefined);
    const page = await open(`runs/?id=${encodeURIComponent(run.id)}`);
    await waitReady(page, 'runs');
    await page.waitForFunction(() => !(document.getElementById('run-log')?.textContent ?? '').startsWith('Loading'));
    const log = (await page.textContent('#run-log')) ?? '';
    assert.match(log, /panicked at src\/render\.rs/);
    assert.ok(log.includes('<script>alert("log")</script>'), 'the log shows markup as text');
    assert.match((await page.textContent('#run-card')) ?? '', /Exit code\s*2/);
    await page.selectOption('#run-machine', 'linux-intel');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('machine') === 'linux-intel');
    const machines = await page.locator('#runs-rows tr td:nth-child(4)').allTextContents();
    assert.ok(machines.length > 0 && machines.every((m) => m === 'linux-intel'), machines.join());
    await page.context().close();
  });

  test('a run made before the machine changed shows the fingerprint it ran on, and the machines page says what changed', async () => {
    const old = model.runs.find((r) => r.machine === 'linux-amd' && r.fingerprintId === 'fp-0-0');
    assert.ok(old !== undefined);
    const page = await open(`runs/?id=${encodeURIComponent(old.id)}`);
    await waitReady(page, 'runs');
    const card = (await page.textContent('#run-card')) ?? '';
    assert.match(card, /Machine \(as it was for this run; it has changed since\)/);
    assert.match(card, /6\.8\.0-1017-azure/);
    assert.doesNotMatch(card, /6\.11\.0-1012-azure/);
    await page.context().close();

    const machines = await open('machines/');
    const amd = (await machines.textContent('[data-machine="linux-amd"]')) ?? '';
    assert.match(amd, /Earlier fingerprints/);
    assert.match(amd, /fp-0-0 → fp-0-1: kernel 6\.8\.0-1017-azure → 6\.11\.0-1012-azure/);
    await machines.context().close();
  });

  test('the regressions feed is well-formed Atom 1.0 with the required elements', async () => {
    const page = await open('regressions/');
    const result = await page.evaluate(async (base) => {
      const response = await fetch(`${base}regressions.atom`);
      const doc = new DOMParser().parseFromString(await response.text(), 'application/xml');
      const ns = 'http://www.w3.org/2005/Atom';
      const feed = doc.documentElement;
      const child = (parent: Element, name: string) => [...parent.children].find((c) => c.localName === name && c.namespaceURI === ns);
      const entries = [...feed.children].filter((c) => c.localName === 'entry');
      return {
        type: response.headers.get('content-type'),
        parserError: doc.getElementsByTagName('parsererror').length,
        root: `${feed.namespaceURI} ${feed.localName}`,
        feed: ['id', 'title', 'updated', 'author'].map((name) => child(feed, name)?.textContent?.trim() ?? ''),
        entries: entries.map((e) => ({ id: child(e, 'id')?.textContent ?? '', title: child(e, 'title')?.textContent ?? '', updated: child(e, 'updated')?.textContent ?? '', href: child(e, 'link')?.getAttribute('href') ?? '' })),
      };
    }, BASE);
    assert.match(result.type ?? '', /^application\/atom\+xml/);
    assert.equal(result.parserError, 0);
    assert.equal(result.root, 'http://www.w3.org/2005/Atom feed');
    assert.ok(result.feed.every((text) => text !== ''), JSON.stringify(result.feed));
    assert.ok(result.entries.length > 0);
    for (const entry of result.entries) {
      assert.match(entry.id, /^urn:uuid:/);
      assert.ok(entry.title !== '');
      assert.ok(!Number.isNaN(Date.parse(entry.updated)), entry.updated);
      assert.ok(entry.href.startsWith(`${BASE}metric/?id=`), entry.href);
    }
    await page.context().close();
  });

  test('names, subjects and notes from the results branch render as text and run nothing', async () => {
    const overview = await open(`?q=${encodeURIComponent('onerror')}`);
    await waitReady(overview, 'overview');
    const names = await overview.locator('#overview-rows .name-cell a').allTextContents();
    assert.ok(names.length >= 1 && names.every((n) => n === KNOWN.xssMetric), names.join());
    assert.equal(await overview.locator('img[src="x"]').count(), 0);
    await overview.context().close();

    const metric = await open(metricPath(seriesId('linux-amd', KNOWN.xssMetric)));
    await waitReady(metric, 'metric');
    assert.equal(await metric.textContent('h1'), KNOWN.xssMetric);
    await metric.context().close();

    const probe = model.commits.find((c) => c.subject === KNOWN.xssSubject);
    assert.ok(probe !== undefined);
    const commit = await open(`commit/?sha=${probe.sha.slice(0, 10)}`);
    await waitReady(commit, 'commit');
    assert.equal(await commit.textContent('h1'), KNOWN.xssSubject);
    await commit.context().close();

    const note = await open('notes/evil/');
    const article = (await note.textContent('article')) ?? '';
    assert.ok(article.includes('<script>alert("mdx")</script>'), article);
    assert.ok(article.includes('{1+1}'), article);
    assert.equal(await note.locator('article script').count(), 0);
    assert.equal(await note.locator('article a[href^="javascript"]').count(), 0);
    await note.context().close();
    assert.deepEqual(dialogs, []);
  });

  test('the queue page shows each machine\'s recent commits of main as measured, pending or failed', async () => {
    const page = await open('queue/');
    const machines = await page.locator('section.queue-machine').evaluateAll((els) => els.map((e) => e.getAttribute('data-machine')));
    assert.deepEqual(machines, model.machines.map((m) => m.name));
    const first = page.locator('section.queue-machine').first();
    assert.equal(await first.locator('tr[data-state]').count(), 12);
    assert.deepEqual(await first.locator('tr[data-state]').evaluateAll((rows) => rows.slice(0, 4).map((r) => r.getAttribute('data-state'))), ['pending', 'measured', 'measured', 'failed']);
    assert.match((await first.locator('.lede').textContent()) ?? '', /2 commits of main to measure, 1 of them failed/);
    await page.locator('nav a', { hasText: 'Queue' }).first().waitFor();
    await page.context().close();
  });

  test('files the build left out are listed on the notes page and flagged on the overview, as text', async () => {
    const notes = await open('notes/');
    const list = (await notes.textContent('.input-problems')) ?? '';
    assert.match(list, /1 problem to fix in files on the results branch/);
    assert.ok(list.includes('notes/broken.mdx:3:8: the frontmatter is not valid YAML: <img src=x onerror=alert(4)>; write the block as YAML.'), list);
    assert.equal(await notes.locator('.input-problems img').count(), 0);
    await notes.context().close();
    const overview = await open('');
    await waitReady(overview, 'overview');
    await overview.locator('.input-problems-link a').click();
    await overview.waitForURL(/\/notes\/$/);
    await overview.context().close();
    assert.deepEqual(dialogs, []);
  });

  test('the theme toggle switches to dark and remembers it', async () => {
    const page = await open('machines/');
    await page.click('#theme-toggle');
    assert.equal(await page.evaluate(() => document.documentElement.dataset['theme']), 'dark');
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset['theme']), 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(background, 'rgb(14, 17, 23)');
    await page.context().close();
  });

  test('every page loads without console errors, in light and dark (screenshots saved)', async () => {
    const failed = model.runs.find((r) => r.status === 'failed');
    const pages: [string, string, string | null][] = [
      ['overview', '', 'overview'],
      ['metric', metricPath(seriesId('linux-amd', KNOWN.metric), '&machines=linux-intel'), 'metric'],
      ['metric-zoomed', metricPath(seriesId('linux-amd', KNOWN.metric), `&highlight=${regressionSha().slice(0, 12)}&from=${model.commits[30]?.sha.slice(0, 12)}&to=${model.commits[50]?.sha.slice(0, 12)}`), 'metric'],
      ['regressions', 'regressions/', null],
      ['compare', 'compare/', 'compare'],
      ['commit', `commit/?sha=${regressionSha().slice(0, 12)}`, 'commit'],
      ['runs', 'runs/', 'runs'],
      ['run', `runs/?id=${encodeURIComponent(failed?.id ?? '')}`, 'runs'],
      ['machines', 'machines/', null],
      ['queue', 'queue/', null],
      ['notes', 'notes/', null],
      ['note', `notes/${KNOWN.noteSlug}/`, null],
    ];
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open('', { colorScheme });
      for (const [name, path, ready] of pages) {
        await page.goto(`${server.url}${path}`);
        if (ready !== null) await waitReady(page, ready);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: process.env['PITWALL_FULL_SCREENSHOTS'] === '1' });
      }
      await page.context().close();
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(dialogs, []);
  });
});
