/**
 * The dashboard at scale, with each figure printed beside its target:
 *   - build time for 2,000 commits × 500 metrics (1,000,000 points) and for
 *     5,000 metrics × 200 commits                              (≤ 30 s each)
 *   - bytes loaded by the heaviest page: HTML + scripts + data (≤ 1 MB)
 *   - in headless chromium: the 5,000-metric overview interactive (≤ 1.5 s),
 *     a 10,000-point metric drawn (≤ 400 ms from navigation), a zoom and a
 *     filter answered (≤ 100 ms each)
 * Run: node test/bench/site.bench.ts   (about two minutes; needs /usr/bin/chromium)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import type { SiteModel } from '../../results/report/model.ts';
import { buildSite } from '../helpers/build-site.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { generateSiteModel } from '../fixtures/site-model/generate.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
}

const figures: Figure[] = [];

function report(name: string, value: number, unit: string, target: number): void {
  figures.push({ name, value, unit, target });
  const shown = unit === 'MB' ? value.toFixed(2) : unit === 's' ? value.toFixed(1) : Math.round(value).toString();
  process.stdout.write(`site: ${name}: ${shown} ${unit} (target ≤ ${target} ${unit}) ${value <= target ? 'ok' : 'OVER'}\n`);
}

function note(text: string): void {
  process.stdout.write(`site:   ${text}\n`);
}

async function build(work: string, name: string, model: SiteModel): Promise<string> {
  const outDir = join(work, name);
  const points = model.details.reduce((sum, d) => sum + d.points.length, 0);
  const built = await buildSite({ model, outDir });
  report(`build, ${model.series.length} series × ${model.commits.length} commits (${points.toLocaleString('en-US')} points)`, built.buildMs / 1000, 's', 30);
  return outDir;
}

/** Bytes the page fetches until it says it is ready (HTML, scripts, styles, data). */
async function measureFirstLoad(browser: Browser, server: StaticServer, path: string, ready: string | null): Promise<{ bytes: number; html: number }> {
  const page = await browser.newPage();
  let bytes = 0;
  let html = 0;
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    pending.push(
      response
        .body()
        .then((body) => {
          bytes += body.length;
          if (response.request().resourceType() === 'document') html += body.length;
        })
        .catch(() => undefined),
    );
  });
  await page.goto(`${server.url}${path}`);
  if (ready !== null) await page.waitForFunction((v) => document.documentElement.dataset['ready'] === v, ready);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await page.close();
  return { bytes, html };
}

/** Milliseconds from navigation start to the first performance mark of that name. */
async function timeToMark(page: Page, path: string, mark: string, server: StaticServer): Promise<number> {
  await page.goto(`${server.url}${path}`);
  const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime ?? null, mark, { polling: 5 });
  return (await handle.jsonValue()) as number;
}

async function pageWeights(browser: Browser, server: StaticServer, model: SiteModel, label: string): Promise<void> {
  const first = model.series[0] as SiteModel['series'][number];
  const last = model.commits.filter((c) => c.index !== null).at(-1)?.sha ?? '';
  const pages: [string, string, string | null][] = [
    ['overview', '', 'overview'],
    ['metric', `metric/?id=${encodeURIComponent(first.id)}`, 'metric'],
    ['compare', 'compare/', 'compare'],
    ['commit', `commit/?sha=${last.slice(0, 12)}`, 'commit'],
    ['runs', 'runs/', 'runs'],
    ['regressions', 'regressions/', null],
    ['machines', 'machines/', null],
  ];
  let heaviest = { name: '', bytes: 0, html: 0 };
  for (const [name, path, ready] of pages) {
    const { bytes, html } = await measureFirstLoad(browser, server, path, ready);
    note(`${label} ${name}: ${(bytes / 1e6).toFixed(2)} MB on first load (HTML ${(html / 1e3).toFixed(0)} kB)`);
    if (bytes > heaviest.bytes) heaviest = { name, bytes, html };
  }
  report(`heaviest first load of the ${label} site (${heaviest.name}: HTML + scripts + data)`, heaviest.bytes / 1e6, 'MB', 1);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`site: skipped, chromium is not installed at ${CHROMIUM}\n`);
    return;
  }
  const work = await mkdtemp(join(tmpdir(), 'pitwall-site-bench-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const servers: StaticServer[] = [];
  try {
    const long = generateSiteModel({ metrics: 500, commits: 2000, machines: 1, seed: 1 });
    const longDir = await build(work, 'long', long);
    const wide = generateSiteModel({ metrics: 5000, commits: 200, machines: 1, seed: 2 });
    const wideDir = await build(work, 'wide', wide);
    const deep = generateSiteModel({ metrics: 4, commits: 10_000, machines: 1, seed: 3 });
    const deepDir = await build(work, 'deep', deep);

    const longServer = await serveStatic(longDir, '/');
    const wideServer = await serveStatic(wideDir, '/');
    const deepServer = await serveStatic(deepDir, '/');
    servers.push(longServer, wideServer, deepServer);
    await pageWeights(browser, longServer, long, '2,000-commit');
    await pageWeights(browser, wideServer, wide, '5,000-metric');

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Warm the browser's own caches (fonts, code) once, as a returning reader would have them.
    await timeToMark(page, '', 'pitwall:overview', wideServer);
    const overview = await timeToMark(page, '', 'pitwall:overview', wideServer);
    report('overview of 5,000 metrics interactive, from navigation', overview, 'ms', 1500);

    const filter = await page.evaluate(async () => {
      const input = document.getElementById('filter-q') as HTMLInputElement;
      const start = performance.now();
      input.value = 'large';
      input.dispatchEvent(new Event('input'));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - start;
    });
    report('filter answered (5,000 metrics, to the next painted frame)', filter, 'ms', 100);

    const deepId = deep.series[0]?.id as string;
    const points = deep.details[0]?.points.length ?? 0;
    await timeToMark(page, `metric/?id=${encodeURIComponent(deepId)}`, 'pitwall:render:metric-chart', deepServer);
    const drawn = await timeToMark(page, `metric/?id=${encodeURIComponent(deepId)}`, 'pitwall:render:metric-chart', deepServer);
    report(`metric with ${points.toLocaleString('en-US')} points drawn, from navigation`, drawn, 'ms', 400);

    const zoom = await page.evaluate(async () => {
      const canvas = document.getElementById('metric-chart') as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? 0;
      const renderedBefore = mark('pitwall:render:metric-chart');
      const bucketedBefore = mark('pitwall:metric-chart');
      const start = performance.now();
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true }));
      while (mark('pitwall:render:metric-chart') <= renderedBefore) await new Promise((resolve) => setTimeout(resolve, 1));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const answered = performance.now() - start;
      // After the gesture settles (the zoom plugin waits 250 ms) the visible range is re-bucketed at full detail.
      while (mark('pitwall:metric-chart') <= bucketedBefore) await new Promise((resolve) => setTimeout(resolve, 5));
      return { answered, refined: mark('pitwall:metric-chart') - start };
    });
    report('zoom answered (wheel to redrawn chart)', zoom.answered, 'ms', 100);
    note(`zoomed range re-bucketed at full detail ${Math.round(zoom.refined)} ms after the wheel (the zoom plugin waits 250 ms for the gesture to end)`);
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
    await rm(work, { recursive: true, force: true });
  }
  const over = figures.filter((f) => f.value > f.target);
  process.stdout.write(`site: ${figures.length - over.length} of ${figures.length} figures within target${over.length > 0 ? `; over: ${over.map((f) => f.name).join('; ')}` : ''}\n`);
}

if (import.meta.main) await main();
