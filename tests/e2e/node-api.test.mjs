// The playground headless in Node: `Playground.create` from the built site's module, with no
// DOM and no server, as an author's CI plays a lesson.

import { test } from 'node:test';
import assert from 'node:assert/strict';

const DIST = process.env.SWARM_DIST_DIR
  ? new URL(`file://${process.env.SWARM_DIST_DIR.replace(/\/?$/, '/')}`)
  : new URL('../../www/dist/', import.meta.url);
const { Playground, sharePayload } = await import(new URL('swarm-playground.js', DIST).href);

test('run() plays a line to its end and answers in docker\'s words', async () => {
  const pg = await Playground.create({ seed: 3 });
  const commands = [];
  pg.on('command', (c) => commands.push(c));
  const ls = await pg.run('docker service ls');
  // The opening command ends first, as in a script: `ls` sees the service converged.
  assert.match(ls, /^ID\s+NAME\s+MODE\s+REPLICAS\s+IMAGE\s+PORTS\n/);
  assert.match(ls, /web\s+replicated\s+4\/4\s+nginx:latest/);
  const state = pg.state();
  assert.equal(state.services.length, 1);
  const running = state.tasks.filter((t) => t.state === 'running' && t.desiredState === 'running');
  assert.equal(running.length, 4);
  for (const task of running) {
    assert.match(task.name, /^web\.[1-4]$/);
    assert.equal(task.image, 'nginx:latest');
    assert.ok(['manager1', 'worker1', 'worker2'].includes(task.node), task.node);
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(commands.some((c) => c.line === 'docker service ls' && c.exitCode === 0), JSON.stringify(commands));
  const bad = await pg.run('docker service scale nope=2');
  assert.match(bad, /nope/);
  pg.destroy();
  assert.throws(() => pg.state(), /destroyed/);
});

test('time moves only when asked, and rewinds', async () => {
  const pg = await Playground.create({ source: 'node m1 --role manager\nnode w1\n' });
  assert.deepEqual(pg.state().nodes.map((n) => n.hostname), ['m1', 'w1']);
  assert.equal(pg.state().time, 0);
  await pg.run('docker service create -d --name api --replicas 2 nginx:1.25');
  const before = pg.state().time;
  pg.advance(30_000);
  assert.equal(pg.state().time, before + 30_000);
  assert.equal(pg.state().tasks.filter((t) => t.state === 'running').length, 2);
  pg.rewind(30_000);
  assert.equal(pg.state().time, before);
  // Events in words, as the page's event log tells them, for what happens from now on.
  const events = [];
  pg.on('event', (e) => events.push(e));
  pg.advance(1);
  await pg.run('sim node kill w1');
  pg.advance(30_000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(events.some((e) => e.node === 'w1' && /w1/.test(e.text) && /down/.test(e.text)), JSON.stringify(events.slice(0, 5)));
  assert.ok(events.every((e, i) => i === 0 || e.time >= events[i - 1].time), 'in time order');
  assert.throws(() => pg.advance(-1), /invalid duration/);
  pg.reset(5);
  assert.equal(pg.state().services.length, 0, 'a reset starts the scenario again');
  assert.throws(() => pg.reset(1.5), /invalid seed 1.5/);
  assert.throws(() => pg.reset(2 ** 60), /invalid seed/);
  pg.destroy();
});

test('two playgrounds share nothing', async () => {
  const a = await Playground.create({ source: 'node m1 --role manager\n' });
  const b = await Playground.create({ source: 'node m1 --role manager\n' });
  await a.run('docker service create -d --name only-in-a nginx');
  assert.equal(a.state().services.length, 1);
  assert.equal(b.state().services.length, 0);
  a.destroy();
  b.destroy();
});

test('a built-in lesson played headless meets every checkpoint', async () => {
  const { readFile } = await import('node:fs/promises');
  const lesson = JSON.parse(await readFile(new URL('../../crates/shell/lessons/drain-and-failover.json', import.meta.url), 'utf8'));
  const pg = await Playground.create({ lesson: 'drain-and-failover' });
  const met = [];
  pg.on('checkpoint', (c) => met.push(c));
  assert.equal(pg.lesson().title, lesson.title);
  assert.ok(pg.lesson().steps.every((s) => !s.done));
  for (const step of lesson.steps) {
    for (const command of step.commands) await pg.run(command);
  }
  await new Promise((resolve) => setImmediate(resolve));
  const progress = pg.lesson();
  assert.deepEqual(progress.steps.map((s) => s.title), lesson.steps.map((s) => s.title));
  assert.ok(progress.steps.every((s) => s.done), JSON.stringify(progress));
  const all = lesson.steps.reduce((n, s) => n + s.checkpoints.length, 0);
  assert.equal(met.length, all);
  assert.match(pg.exportScript(), /docker node update --availability drain/);
  pg.destroy();
});

test('src reads a lesson file relative to the working directory', async () => {
  const { relative } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const file = fileURLToPath(new URL('../../crates/shell/lessons/swarm-tour.json', import.meta.url));
  const pg = await Playground.create({ src: relative(process.cwd(), file) });
  assert.equal(pg.lesson().steps.length, JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')).steps.length);
  assert.match(await pg.run('docker node ls'), /default\s+Ready\s+Active\s+Leader/);
  pg.destroy();
  await assert.rejects(Playground.create({ src: 'no/such/lesson.json' }), /ENOENT/);
});

test('bad options are refused with a clear error', async () => {
  await assert.rejects(Playground.create({ lesson: 'nope' }), /no such lesson: nope/);
  await assert.rejects(Playground.create({ speed: 3 }), /invalid speed 3/);
  await assert.rejects(Playground.create({ colour: 'red' }), /unknown option "colour"/);
  await assert.rejects(Playground.create({ source: '{"version": 1}' }), /missing field/);
});

test('a built-in lesson comes from its file beside the module, and a share link of it reopens', async () => {
  // The wasm carries no lesson files: the module reads lessons/NAME.json and hands it over.
  const pg = await Playground.create({ lesson: 'drain-and-failover', seed: 5 });
  assert.match(pg.lesson().title, /\S/);
  await pg.run('docker node ls');
  const link = await pg.shareLink('https://example.org/playground/');
  const payload = await sharePayload(new URL(link).hash);
  assert.match(payload, /"source":\{"lesson":"drain-and-failover"\}/);
  const again = await Playground.create({ share: payload });
  assert.deepEqual(again.lesson(), pg.lesson());
  assert.deepEqual(again.state(), pg.state());
  // A name no lesson has is refused without looking for a file.
  await assert.rejects(Playground.create({ lesson: 'x'.repeat(65) }), /no such lesson/);
});
