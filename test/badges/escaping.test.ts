import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LABEL_LENGTH } from '../../src/badges/format.ts';
import { FakeBadgeData, subject } from './fake-data-source.ts';
import { assertWellFormedSvg, xmlProblem } from './xml-well-formed.ts';
import { badgeApp, badgeTitle, getText } from './helpers.ts';

const label = (text: string) => `/api/status.svg?label=${encodeURIComponent(text)}`;

describe('badge text escaping', () => {
  const app = badgeApp(new FakeBadgeData([subject('api')]));

  test('the well-formedness checker itself rejects broken XML', () => {
    assert.equal(xmlProblem('<svg><g></g></svg>'), null);
    assert.notEqual(xmlProblem('<svg><g></svg>'), null);
    assert.notEqual(xmlProblem('<svg><text><script>x</text></svg>'), null);
    assert.notEqual(xmlProblem('<svg a="1" a="2"/>'), null);
    assert.notEqual(xmlProblem('<svg>AT&T</svg>'), null);
    assert.notEqual(xmlProblem('<svg title="a"b"/>'), null);
    assert.notEqual(xmlProblem('<svg>\u0001</svg>'), null);
    assert.notEqual(xmlProblem('<svg/><svg/>'), null);
  });

  test('a <script> label is escaped and the SVG stays well-formed', async () => {
    const { body } = await getText(app, label('<script>alert(1)</script>'));
    assertWellFormedSvg(body);
    assert.ok(!body.includes('<script'));
    assert.ok(body.includes('&lt;script&gt;'));
    assert.equal(badgeTitle(body), '<script>alert(1)</script>: up');
  });

  test('quotes, apostrophes and ampersands cannot break out of attributes', async () => {
    const text = `a"b'c&d" onload="alert(1)`;
    const { body } = await getText(app, label(text));
    assertWellFormedSvg(body);
    assert.ok(!body.includes('onload="alert'));
    assert.equal(badgeTitle(body), `${text}: up`);
  });

  test('emoji survive intact', async () => {
    const { body } = await getText(app, label('🚀 deploy 👩‍💻'));
    assertWellFormedSvg(body);
    assert.equal(badgeTitle(body), '🚀 deploy 👩‍💻: up');
  });

  test('a 500-character label is cut to 64 characters ending in an ellipsis', async () => {
    const { body } = await getText(app, label('x'.repeat(500)));
    assertWellFormedSvg(body);
    const shown = badgeTitle(body).replace(/: up$/, '');
    assert.equal(Array.from(shown).length, MAX_LABEL_LENGTH);
    assert.ok(shown.endsWith('…'));
    assert.ok(!body.includes('x'.repeat(MAX_LABEL_LENGTH)));
  });

  test('truncation never splits an emoji into half a surrogate pair', async () => {
    const { body } = await getText(app, label('😀'.repeat(200)));
    assertWellFormedSvg(body);
    assert.equal(Array.from(badgeTitle(body).replace(/: up$/, '')).length, MAX_LABEL_LENGTH);
  });

  test('control characters and bidi overrides are removed so the XML stays valid', async () => {
    const { body } = await getText(app, label('a\u0001b\u0008c\u202Ed\nline'));
    assertWellFormedSvg(body);
    assert.equal(badgeTitle(body), 'abcd line: up');
  });

  test('an empty label gives a message-only badge', async () => {
    const { body } = await getText(app, '/api/status.svg?label=');
    assertWellFormedSvg(body);
    assert.equal(badgeTitle(body), 'up');
  });

  test('shields.json carries the cleaned, truncated label as JSON', async () => {
    const response = await app.request(`/api/shields.json?label=${encodeURIComponent('<b>"hi"</b>' + 'y'.repeat(300))}`);
    const json = (await response.json()) as { label: string };
    assert.ok(json.label.startsWith('<b>"hi"</b>'));
    assert.equal(Array.from(json.label).length, MAX_LABEL_LENGTH);
  });
});
