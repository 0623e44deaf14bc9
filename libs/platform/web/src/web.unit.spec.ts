import { describe, expect, it } from '@jest/globals';
import { barChart } from './chart.js';
import { attrs, html, unsafeRaw } from './html.js';
import { defineCatalogue, translator } from './i18n/catalogue.js';
import { DomainError } from '@iys/platform/building-blocks';
import { IysHttpException } from '@iys/platform/nest';
import { csrfTokenFor, csrfTokenMatches, safeLocalPath, serializeCookie } from './security.js';
import { orRefusal } from './web.errors.js';

describe('web foundation', () => {
  it('escapes every interpolated value unless it is already SafeHtml', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
    expect(html`<ul>${['a', '<b>'].map((item) => html`<li>${item}</li>`)}</ul>`.value).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
    expect(html`${unsafeRaw('<hr>')}${null}${undefined}${false}${0}`.value).toBe('<hr>0');
    expect(attrs({ disabled: true, value: '"x"', hidden: false }).value).toBe(' disabled value="&quot;x&quot;"');
    expect(() => attrs({ 'onclick="x"': 'y' })).toThrow('not an attribute name');
  });

  it('translates with variables and falls back to Turkish', () => {
    const catalogue = defineCatalogue({ hello: 'Merhaba {{name}}' }, { hello: 'Hello {{name}}' });
    expect(translator(catalogue, 'en')('hello', { name: 'Ayşe' })).toBe('Hello Ayşe');
    expect(translator(catalogue, 'tr')('hello', { name: 'Ayşe' })).toBe('Merhaba Ayşe');
  });

  it('binds the CSRF token to the cookie and the key, and sets cookies HttpOnly, SameSite=Strict, Secure behind TLS', () => {
    const key = Buffer.alloc(32, 1);
    const token = csrfTokenFor(key, 'secret-a');
    expect(csrfTokenMatches(key, 'secret-a', token)).toBe(true);
    expect(csrfTokenMatches(key, 'secret-b', token)).toBe(false);
    expect(csrfTokenMatches(Buffer.alloc(32, 2), 'secret-a', token)).toBe(false);
    expect(csrfTokenMatches(key, undefined, token)).toBe(false);
    expect(csrfTokenMatches(key, 'secret-a', '')).toBe(false);
    expect(serializeCookie('a', 'b c', { secure: true, maxAgeSeconds: 10 })).toBe('a=b%20c; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=10');
  });

  it('returns only to local paths', () => {
    expect(safeLocalPath('/addresses')).toBe('/addresses');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/a b', 42]) expect(safeLocalPath(bad)).toBe('/');
  });

  it('draws a bar chart as SVG with a title, bars and a table for screen readers, escaping labels', () => {
    const svg = barChart({ title: 'Son 7 gün', categories: ['<Pzt>', 'Sal'], series: [{ label: 'ONAY', values: [3, 7] }, { label: 'RET', values: [1, 0] }] }).value;
    expect(svg).toContain('role="img" aria-label="Son 7 gün"');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(4);
    expect(svg).toContain('&lt;Pzt&gt;');
    expect(svg).not.toContain('style=');
    expect(svg).toContain('<td>7</td>');
  });
});

describe('orRefusal: a refusal beside the form, anything else to the error page', () => {
  const shown = (refusal: { code: string; message: string }) => `${refusal.code}: ${refusal.message}`;

  it('answers with the action when it succeeds', async () => {
    await expect(orRefusal(async () => 'done', shown)).resolves.toBe('done');
  });

  it('draws a use case refusal and a 4xx İYS answer with their code and text', async () => {
    await expect(orRefusal(async () => { throw new DomainError('H774', 'Şikayet bulunamadı.'); }, shown)).resolves.toBe('H774: Şikayet bulunamadı.');
    await expect(orRefusal(async () => { throw new IysHttpException(422, [{ code: 'H822', message: 'Dosya boş.' }]); }, shown)).resolves.toBe('H822: Dosya boş.');
  });

  it('rethrows what is no refusal: a 5xx answer, a bug', async () => {
    const bug = new TypeError('x is undefined');
    await expect(orRefusal(async () => { throw bug; }, shown)).rejects.toBe(bug);
    await expect(orRefusal(async () => { throw new IysHttpException(503, [{ code: 'H999', message: 'down' }]); }, shown)).rejects.toBeInstanceOf(IysHttpException);
  });
});
