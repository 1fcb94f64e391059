// Embedding, on www/embed-demo.html: the element, the iframe and the JS API; share links on
// the full page; axe-core on the demo page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { BASE_URL, sharedBrowser } from './browser.mjs';

const browser = sharedBrowser();
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function openDemo(width = 1280) {
  const context = await browser().newContext({ viewport: { width, height: 900 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
  await page.goto(new URL('embed-demo.html', BASE_URL).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.apiPlayground && window.callIframe);
  return { context, page, pageErrors };
}

/** Calls the iframe over postMessage from the demo page (an allowed origin). */
function callIframe(page, method, ...args) {
  return page.evaluate(([m, a]) => window.callIframe(m, ...a), [method, args]);
}

async function iframeReady(page) {
  // embed.html posts `ready` to its allowed origin once its playground is mounted.
  await page.waitForFunction(() => window.iframeReady === true);
}

test('the element starts from its poster, and two embeds stay independent', async () => {
  const { context, page, pageErrors } = await openDemo();
  const element = page.locator('swarm-playground#element-demo');
  const poster = element.getByRole('button', { name: /Start the Swarm Playground: Lesson: swarm tour/ });
  await poster.click();
  await page.evaluate(() => document.getElementById('element-demo').ready);
  // The lesson's panel and the page's terminal, inside the element's shadow root.
  await element.getByRole('textbox', { name: 'Terminal' }).waitFor();

  const api = await page.evaluate(() => window.apiPlayground.run('docker service create --name solo --replicas 2 nginx:latest'));
  assert.match(api, /verify: Service converged/);
  const [inElement, inApi] = await page.evaluate(() => [
    document.getElementById('element-demo').state().services.map((s) => s.name),
    window.apiPlayground.state().services.map((s) => s.name),
  ]);
  assert.ok(inApi.includes('solo'), `the API's swarm has ${inApi}`);
  assert.ok(!inElement.includes('solo'), `the element's swarm has ${inElement}`);
  const ls = await page.evaluate(() => document.getElementById('element-demo').run('docker node ls'));
  assert.match(ls, /HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS\s+ENGINE VERSION/);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('an element with src and autoplay starts at once from that file', async () => {
  const { context, page, pageErrors } = await openDemo();
  const hosts = await page.evaluate(async () => {
    const element = document.createElement('swarm-playground');
    element.setAttribute('src', `data:text/plain,${encodeURIComponent('node m1 --role manager\nnode w1\nnode w2\n')}`);
    element.setAttribute('autoplay', '');
    element.setAttribute('panels', 'board');
    element.setAttribute('aria-label', 'a three-node scenario');
    document.querySelector('main').append(element);
    await element.ready;
    return element.state().nodes.map((n) => n.hostname);
  });
  assert.deepEqual(hosts, ['m1', 'w1', 'w2']);
  const element = page.locator('swarm-playground[src]');
  await element.getByRole('region', { name: 'Nodes (a three-node scenario)' }).waitFor();
  assert.equal(await element.getByRole('textbox', { name: 'Terminal' }).count(), 0, 'only the board');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('the iframe answers its allowed origin and ignores any other', async () => {
  const { context, page, pageErrors } = await openDemo();
  await iframeReady(page);
  const answer = await callIframe(page, 'run', 'docker node ls');
  assert.match(answer.result, /HOSTNAME\s+STATUS\s+AVAILABILITY/);
  const before = (await callIframe(page, 'state')).result;
  const worker = before.nodes.find((n) => !n.leader && n.availability === 'active');
  assert.ok(worker, JSON.stringify(before.nodes));

  // A frame of another origin (localhost is not 127.0.0.1) posts a drain to the iframe.
  const other = new URL(BASE_URL);
  other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  await page.evaluate((src) => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.id = 'stranger';
    frame.title = 'another origin';
    frame.src = src;
    frame.onload = resolve;
    document.body.append(frame);
  }), new URL('favicon.svg', other).href);
  const stranger = page.frames().find((f) => f.url().startsWith(other.origin));
  assert.ok(stranger, 'the other-origin frame loaded');
  await stranger.evaluate((hostname) => {
    const target = window.parent.frames[0];
    target.postMessage({ swarmPlayground: 1, id: 'x', method: 'run', args: [`docker node update --availability drain ${hostname}`] }, '*');
    target.postMessage('not even an object', '*');
  }, worker.hostname);
  // Malformed calls from the allowed origin are ignored too; then a real one is answered.
  await page.evaluate(() => {
    const target = document.getElementById('iframe-demo').contentWindow;
    target.postMessage({ swarmPlayground: 1, id: {}, method: 'rewind', args: [60000] }, location.origin);
    target.postMessage({ swarmPlayground: 1, id: 9, method: 'destroy' }, location.origin);
  });
  const state = await callIframe(page, 'state');
  const after = state.result.nodes.find((n) => n.hostname === worker.hostname);
  assert.equal(after.availability, 'active', 'the stranger was ignored');
  assert.ok(state.result.time >= before.time, 'the malformed rewind was ignored');
  const again = await callIframe(page, 'run', 'docker node ls');
  assert.match(again.result, /HOSTNAME/, 'and destroy is not callable from outside');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('a share link reopened in a fresh page shows the same docker service ps', async () => {
  const { context, page } = await openDemo();
  const [ps, link] = await page.evaluate(async () => {
    const pg = window.apiPlayground;
    pg.pause();
    await pg.run('docker service create --name web --replicas 3 nginx:latest');
    await pg.run('docker service update --image nginx:1.25 web');
    pg.advance(1500);
    await pg.run('docker node update --availability drain worker2');
    pg.advance(4000);
    const ps = await pg.run('docker service ps web');
    return [ps, await pg.shareLink()];
  });
  assert.match(link, /#share=v1\.[A-Za-z0-9_-]+$/);
  assert.match(ps, /\\_ web\.1/);
  const fresh = await context.newPage();
  await fresh.goto(link, { waitUntil: 'load' });
  await fresh.waitForFunction(() => window.playground);
  const again = await fresh.evaluate(() => window.playground.run('docker service ps web'));
  assert.equal(again, ps);
  assert.equal(await fresh.locator('[data-testid="share-error"]').count(), 0);
  await context.close();
});

test('a corrupt share link says so over a default playground', async () => {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const oversized = `#share=v1.${'A'.repeat(300 * 1024)}`;
  for (const fragment of ['#share=v1.!!!', '#share=v1.AAAA', '#share=v7.abc', oversized]) {
    await page.goto(new URL(fragment, BASE_URL).href, { waitUntil: 'load' });
    await page.reload({ waitUntil: 'load' });
    const banner = page.locator('[data-testid="share-error"]');
    await banner.waitFor();
    const expected = fragment === oversized ? /cannot be opened: it is longer than 256 KiB/ : /This share link (is damaged|cannot be opened)/;
    assert.match(await banner.textContent(), expected);
    await page.getByRole('textbox', { name: 'Terminal' }).waitFor();
    const ls = await page.evaluate(() => window.playground.run('docker service ls'));
    assert.match(ls, /web\s+replicated\s+4\/4/);
  }
  await context.close();
});

test('the module and its wasm load from another origin', async () => {
  const { context, page, pageErrors } = await openDemo();
  const other = new URL(BASE_URL);
  other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const ls = await page.evaluate(async (moduleUrl) => {
    const { mount } = await import(moduleUrl);
    const host = document.createElement('div');
    document.body.append(host);
    const pg = await mount(host, { source: 'node m1 --role manager\nnode w1\n', autoplay: false });
    const out = await pg.run('docker node ls');
    pg.destroy();
    host.remove();
    return out;
  }, new URL('swarm-playground.js', other).href);
  assert.match(ls, /m1\s+Ready\s+Active\s+Leader/);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

for (const width of [1440, 375]) {
  test(`axe-core finds nothing on the embed demo at ${width} px`, async () => {
    const { context, page } = await openDemo(width);
    await page.locator('swarm-playground#element-demo').getByRole('button').click();
    await page.evaluate(() => document.getElementById('element-demo').ready);
    await iframeReady(page);
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => window.axe.run());
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(violations, []);
    await context.close();
  });
}
