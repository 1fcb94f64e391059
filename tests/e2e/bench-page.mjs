// The page benchmark (`cargo xtask bench-page`): frame intervals on the idle page and through a
// rolling update of 1 000 tasks on 100 nodes, and the time to interactive. Not a test (its name
// does not end in .test.mjs, so `node --test tests/e2e/` leaves it out): it measures and prints,
// it does not judge, so a slow machine does not fail anything.
//
// By hand: `cargo xtask serve` in one terminal, then `node tests/e2e/bench-page.mjs`
// (SWARM_BASE_URL defaults to http://127.0.0.1:8080/).
//
// What it does, in order (the page's seed is printed; the swarm is built by typing, so a run is
// the same run every time):
//   1. Time to interactive, over a few fresh loads: from navigation start to the terminal's
//      input being on the page, and to a line typed into it being taken (the field clears).
//   2. Frame intervals on the idle page: the lab (three nodes, `web` converged), at 4x.
//   3. A swarm of 100 nodes and 1 000 tasks: `sim node add` pasted for 97 nodes, then
//      `docker service create -d --name big --replicas 1000 nginx:latest`; waits until all
//      1 000 run. Frame intervals on it, idle, at 4x.
//   4. `docker service update -d --update-parallelism 50 --image nginx:1.25 big` at 4x: frame
//      intervals from the line until the update completes.
// Frame intervals are the differences of requestAnimationFrame timestamps collected in the page;
// Chromium's own counters (CDP Performance.getMetrics) say where each window's time went.

import { BASE_URL, launchChromium } from './browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const TTI_RUNS = 5;
const IDLE_MS = 5_000;
const NODES = 100;
const LAB_NODES = 3;
const REPLICAS = 1_000;
const PARALLELISM = 50;
const SPEED = '4';
const UPDATE_MAX_MS = 180_000;
const WAIT_MS = 120_000;

const CREATE = `docker service create -d --name big --replicas ${REPLICAS} nginx:latest`;
const UPDATE = `docker service update -d --update-parallelism ${PARALLELISM} --image nginx:1.25 big`;

// Installed before the page's scripts: the moment the terminal's input is on the page.
function watchForInput() {
  const ready = () => document.querySelector('[data-testid="terminal-input"]');
  const observer = new MutationObserver(() => {
    if (window.__inputAt === undefined && ready()) {
      window.__inputAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function timeToInteractive(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(watchForInput);
    const page = await context.newPage();
    await page.goto(BASE_URL, { waitUntil: 'commit' });
    const input = page.locator('[data-testid="terminal-input"]');
    await input.waitFor();
    await input.fill('sim time');
    await input.press('Enter');
    const taken = await page.evaluate(() => {
      const field = document.querySelector('[data-testid="terminal-input"]');
      return field.value === '' ? performance.now() : null;
    });
    if (taken === null) throw new Error('the terminal did not take the line');
    return await page.evaluate((takenAt) => {
      const [nav] = performance.getEntriesByType('navigation');
      const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
      return {
        input: window.__inputAt,
        taken: takenAt,
        domContentLoaded: nav.domContentLoadedEventEnd,
        wasmFetched: wasm?.responseEnd,
      };
    }, taken);
  } finally {
    await context.close();
  }
}

// Starts collecting animation-frame timestamps and Chromium's counters.
async function startWindow(page, cdp) {
  await page.evaluate(() => {
    const frames = [];
    window.__frames = frames;
    window.__collecting = true;
    const tick = (t) => {
      frames.push(t);
      if (window.__collecting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return metrics(cdp);
}

// Resolves once the frames collected span `span` milliseconds (it waits on the page's own frames).
async function framesFor(page, span) {
  await page.waitForFunction((ms) => {
    const frames = window.__frames;
    return frames.length > 1 && frames[frames.length - 1] - frames[0] >= ms;
  }, span);
}

// Stops collecting; the frame intervals and where the time went.
async function stopWindow(page, cdp, before) {
  const [frames, elements] = await page.evaluate(() => {
    window.__collecting = false;
    return [window.__frames, document.getElementsByTagName('*').length];
  });
  const after = await metrics(cdp);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  const wallMs = frames.length > 1 ? frames[frames.length - 1] - frames[0] : 0;
  const spent = (name) => ((after[name] - before[name]) * 1000) / Math.max(wallMs, 1);
  return {
    frames: intervals.length,
    wallMs,
    ...summary(intervals),
    // Fractions of the wall time spent in each (CDP's cumulative durations, in seconds).
    script: spent('ScriptDuration'),
    style: spent('RecalcStyleDuration'),
    layout: spent('LayoutDuration'),
    task: spent('TaskDuration'),
    elements,
    heapMb: after.JSHeapUsedSize / 2 ** 20,
  };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

function summary(intervals) {
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

async function paste(page, text) {
  await page.locator('[data-testid="terminal-input"]').evaluate((field, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function type(page, line) {
  const input = page.locator('[data-testid="terminal-input"]');
  await input.fill(line);
  await input.press('Enter');
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
const pct = (v) => `${(100 * v).toFixed(0)} %`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function printWindow(label, w) {
  console.log(
    `${label.padEnd(22)} p50 ${ms(w.p50).padStart(9)}  p95 ${ms(w.p95).padStart(9)}  max ${ms(w.max).padStart(9)}` +
      `  (${w.frames} frames in ${(w.wallMs / 1000).toFixed(1)} s; busy ${pct(w.task)}: script ${pct(w.script)},` +
      ` style ${pct(w.style)}, layout ${pct(w.layout)}; ${w.elements} elements, JS heap ${w.heapMb.toFixed(0)} MB)`,
  );
}

const browser = await launchChromium();
try {
  console.log(`page: ${BASE_URL}  viewport ${VIEWPORT.width}x${VIEWPORT.height}, headless Chromium ${browser.version()}`);

  const loads = [];
  for (let i = 0; i < TTI_RUNS; i += 1) loads.push(await timeToInteractive(browser));
  const field = (name) => loads.map((l) => l[name]);
  console.log(
    `time to interactive (${TTI_RUNS} fresh loads, median / max): input on the page ${ms(median(field('input')))} / ${ms(Math.max(...field('input')))},` +
      ` line taken ${ms(median(field('taken')))} / ${ms(Math.max(...field('taken')))}` +
      ` (wasm fetched ${ms(median(field('wasmFetched')))}, DOMContentLoaded ${ms(median(field('domContentLoaded')))})`,
  );

  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err?.stack ?? err)));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(BASE_URL, { waitUntil: 'load' });
  const seed = await page.locator('[data-testid="seed"]').inputValue();
  await page.waitForFunction(() => document.querySelector('[data-testid="terminal"]')?.textContent.includes('verify: Service converged'));
  await page.locator('[data-testid="speed"]').selectOption(SPEED);
  console.log(`setup: seed ${seed}, the lab (${LAB_NODES} nodes, web x4) at ${SPEED}x`);

  let before = await startWindow(page, cdp);
  await framesFor(page, IDLE_MS);
  const idle = await stopWindow(page, cdp, before);

  const adds = Array.from({ length: NODES - LAB_NODES }, (_, i) => `sim node add node${String(i + LAB_NODES + 1).padStart(3, '0')}`);
  await paste(page, `${adds.join('\n')}\n`);
  const last = `node${NODES} (`;
  await page.waitForFunction((text) => document.querySelector('[data-testid="terminal"]')?.textContent.includes(text), last);
  const created = Date.now();
  await type(page, CREATE);
  await page.waitForFunction(
    (n) => document.querySelector('[data-service="big"] .replicas')?.getAttribute('data-running') === String(n),
    REPLICAS,
  );
  console.log(
    `setup: ${NODES - LAB_NODES} x \`sim node add node004..node${NODES}\` (pasted), then \`${CREATE}\`;` +
      ` all ${REPLICAS} running after ${((Date.now() - created) / 1000).toFixed(1)} s`,
  );

  before = await startWindow(page, cdp);
  await framesFor(page, IDLE_MS);
  const steady = await stopWindow(page, cdp, before);

  before = await startWindow(page, cdp);
  const started = Date.now();
  await type(page, UPDATE);
  await page.waitForFunction(
    () => document.querySelector('[data-service="big"] .update-status')?.getAttribute('data-update-state') === 'completed',
    null,
    { timeout: UPDATE_MAX_MS },
  );
  const update = await stopWindow(page, cdp, before);
  console.log(`setup: \`${UPDATE}\` at ${SPEED}x; completed after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  console.log('frame intervals (requestAnimationFrame):');
  printWindow('idle (the lab)', idle);
  printWindow('idle (100 nodes, 1k)', steady);
  printWindow('rolling update', update);
  console.log(
    `ratio p95(update) / p95(idle): ${(update.p95 / idle.p95).toFixed(2)} (target <= 1.25);` +
      ` against the idle 1k swarm: ${(update.p95 / steady.p95).toFixed(2)}`,
  );
  if (errors.length > 0) {
    console.error(`page errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
  await context.close();
} finally {
  await browser.close();
}
