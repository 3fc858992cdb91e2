import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { signBadge } from '../../src/badges/signing.ts';
import { badgeUrls } from '../../src/badges/snippets.ts';
import { FakeBadgeData, subject } from './fake-data-source.ts';
import { badgeApp, badgeTitle, getText, HEX, SECRET } from './helpers.ts';

const SECRET_NAME = 'Payroll-Secret-Project-Zebra';

function privateData() {
  const data = new FakeBadgeData([
    subject('payroll', { public: false, name: SECRET_NAME, status: 'down', tags: ['hr'], certificateDaysRemaining: 3 }),
    subject('website', { public: true, status: 'up', tags: ['web'] }),
  ]);
  data.uptime.set('payroll:30d', 0.5);
  data.latency.set('payroll:95:24h', 900);
  return data;
}

/** Status, bytes and every header, for byte-for-byte comparison. */
async function snapshot(app: ReturnType<typeof badgeApp>, url: string) {
  const { response, body } = await getText(app, url);
  return { status: response.status, headers: [...response.headers.entries()], body };
}

const PATHS = ['status.svg', 'uptime.svg', 'latency.svg', 'cert.svg', 'shields.json', 'shields.json?metric=latency'];

describe('badge privacy', () => {
  test('a private integration without a signature answers exactly like an unknown slug', async () => {
    const app = badgeApp(privateData());
    for (const path of PATHS) {
      const hidden = await snapshot(app, `/payroll/${path}`);
      const missing = await snapshot(app, `/no-such-thing/${path}`);
      assert.equal(hidden.status, 200, path);
      assert.deepEqual(hidden, missing, path);
      assert.ok(hidden.body.includes('unknown'), path);
    }
  });

  test('a wrong or truncated signature, and a colour override, still give the same grey badge', async () => {
    const app = badgeApp(privateData());
    const good = signBadge(SECRET, 'payroll', 'status');
    const missing = await snapshot(app, '/no-such-thing/status.svg?color=red');
    for (const sig of ['AAAAAAAAAAAAAAAAAAAAAA', good.slice(0, -1), `${good}x`, signBadge('other-secret', 'payroll', 'status'), '']) {
      const bad = await snapshot(app, `/payroll/status.svg?color=red&sig=${encodeURIComponent(sig)}`);
      assert.deepEqual(bad, missing, `sig=${sig}`);
      assert.ok(bad.body.includes(HEX.lightgrey));
    }
  });

  test('the right signature opens a private integration, for its metric only', async () => {
    const app = badgeApp(privateData());
    const statusSig = signBadge(SECRET, 'payroll', 'status');
    const opened = await getText(app, `/payroll/status.svg?sig=${statusSig}`);
    assert.equal(badgeTitle(opened.body), 'status: down');
    assert.ok(opened.body.includes(HEX.red));
    const uptime = await getText(app, `/payroll/uptime.svg?sig=${signBadge(SECRET, 'payroll', 'uptime')}`);
    assert.equal(badgeTitle(uptime.body), 'uptime 30d: 50.0%');
    const json = await app.request(`/payroll/shields.json?metric=status&sig=${statusSig}`);
    assert.equal(((await json.json()) as { message: string }).message, 'down');
    // A status signature must not open the uptime badge, nor another slug.
    assert.equal(badgeTitle((await getText(app, `/payroll/uptime.svg?sig=${statusSig}`)).body), 'uptime 30d: unknown');
    assert.equal(badgeTitle((await getText(app, `/website/cert.svg?sig=${statusSig}`)).body), 'certificate: unknown');
  });

  test('making an integration private takes effect on the next request', async () => {
    const data = privateData();
    const app = badgeApp(data);
    assert.equal(badgeTitle((await getText(app, '/website/status.svg')).body), 'status: up');
    data.update('website', { public: false });
    assert.deepEqual(await snapshot(app, '/website/status.svg'), await snapshot(app, '/nobody/status.svg'));
  });

  test("a private integration's name never appears in any badge, signed or not", async () => {
    const app = badgeApp(privateData());
    const urls = PATHS.flatMap((path) => [`/payroll/${path}`, `/payroll/${path}${path.includes('?') ? '&' : '?'}sig=x`]);
    for (const metric of ['status', 'uptime', 'latency', 'cert'] as const) {
      const sig = signBadge(SECRET, 'payroll', metric);
      urls.push(metric === 'cert' ? `/payroll/cert.svg?sig=${sig}` : `/payroll/${metric}.svg?sig=${sig}`);
      urls.push(`/payroll/shields.json?metric=${metric}&sig=${sig}`);
    }
    urls.push('/all/status.svg', '/tag/hr/status.svg');
    for (const url of urls) {
      const { body } = await getText(app, url);
      assert.ok(!body.includes(SECRET_NAME) && !body.includes('Zebra'), url);
    }
  });

  test('aggregates count public integrations only; a private-only tag looks like no tag', async () => {
    const app = badgeApp(privateData());
    // payroll is down but private, so "all" shows the public website's status.
    assert.equal(badgeTitle((await getText(app, '/all/status.svg')).body), 'status: up');
    assert.deepEqual(await snapshot(app, '/tag/hr/status.svg'), await snapshot(app, '/tag/never-used/status.svg'));
    assert.deepEqual(await snapshot(app, '/tag/hr/status.svg'), await snapshot(app, '/no-such-thing/status.svg'));
  });

  test('badgeUrls gives signed, working URLs and snippets for a private integration', async () => {
    const app = badgeApp(privateData());
    const snippets = badgeUrls({ baseUrl: 'https://health.example.com/', slug: 'payroll', isPublic: false, secretKey: SECRET });
    assert.deepEqual(snippets.map((s) => s.metric), ['status', 'uptime', 'latency', 'cert']);
    const status = snippets[0];
    assert.ok(status);
    const sig = signBadge(SECRET, 'payroll', 'status');
    assert.equal(status.svgUrl, `https://health.example.com/badge/payroll/status.svg?sig=${sig}`);
    assert.equal(status.markdown, `![status](${status.svgUrl})`);
    assert.equal(status.html, `<img src="${status.svgUrl}" alt="status">`);
    assert.equal(status.shieldsUrl, `https://img.shields.io/endpoint?url=${encodeURIComponent(status.shieldsJsonUrl)}`);
    for (const snippet of snippets) {
      assert.ok(!snippet.markdown.includes(SECRET_NAME) && !snippet.html.includes(SECRET_NAME));
      const svgPath = new URL(snippet.svgUrl).pathname.replace(/^\/badge/, '') + new URL(snippet.svgUrl).search;
      const svg = await getText(app, svgPath);
      assert.ok(!badgeTitle(svg.body).endsWith(': unknown'), `${snippet.metric} should open: ${badgeTitle(svg.body)}`);
      const jsonUrl = new URL(snippet.shieldsJsonUrl);
      const json = (await (await app.request(jsonUrl.pathname.replace(/^\/badge/, '') + jsonUrl.search)).json()) as { message: string };
      assert.notEqual(json.message, 'unknown', snippet.metric);
    }
  });

  test('badgeUrls gives plain URLs for a public integration and escapes them for HTML', () => {
    const [status] = badgeUrls({ baseUrl: 'https://h.example', slug: 'web site', isPublic: true, secretKey: SECRET, mountPath: '/b' });
    assert.ok(status);
    assert.equal(status.svgUrl, 'https://h.example/b/web%20site/status.svg');
    assert.equal(status.shieldsJsonUrl, 'https://h.example/b/web%20site/shields.json?metric=status');
    const [, uptime] = badgeUrls({ baseUrl: 'https://h.example', slug: 'x', isPublic: false, secretKey: SECRET });
    assert.ok(uptime?.html.includes('&amp;sig=') === false && uptime.html.includes('?sig='));
    assert.ok(uptime.shieldsJsonUrl.includes('?metric=uptime&sig='));
  });
});
