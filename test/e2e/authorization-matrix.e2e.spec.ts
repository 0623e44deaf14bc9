import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { CSRF_COOKIE, csrfTokenFor, FACES, WEB_SESSION_COOKIE, webRoutesOf, type FaceName, type WebRoute } from '@iys/platform/web';
import { startTestApp, type TestApp } from './app-harness.js';
import { addRetailer } from './dealer-flow.js';
import { signInRecipient } from './recipient-flow.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

type Caller = 'anonymous' | 'admin' | 'ownProvider' | 'otherProvider' | 'authority' | 'operator' | 'agent' | 'integrator' | 'authorisedIntegrator' | 'recipient' | 'retailer';
const CALLERS: Caller[] = ['anonymous', 'admin', 'ownProvider', 'otherProvider', 'authority', 'operator', 'agent', 'integrator', 'authorisedIntegrator', 'recipient', 'retailer'];
const PUBLIC_ROUTES = new Set([
  'POST /oauth2/token',
  // The 2020 token endpoints, kept for old clients.
  'POST /oauth/token',
  'POST /oauth/refresh',
  'POST /applications',
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'GET /reconciliation/snapshots/{day}',
  'GET /reconciliation/signing-key',
  // Who may message without consent is public.
  'GET /sender-exemptions',
  // A recipient proves an address to get a token; a notice's link is its own credential; the SMS
  // gateway signs its webhook (checked by the route, not by a token).
  'POST /recipients/auth/codes',
  'POST /recipients/auth/token',
  'POST /recipients/opt-out/{token}',
  'POST /recipients/sms/inbound',
]);
/** Routes that take a recipient token (or an agent's session for a caller), and nothing else. */
const isRecipientRoute = (route: Route) => route.path.startsWith('/recipients/me/') || `${route.method} ${route.path}` === 'POST /recipients/auth/revoke';
/** Ending the caller's own session: called last. */
const SESSION_ENDING = new Set(['POST /oauth2/revoke', 'POST /recipients/auth/revoke']);
const CONSENT_CHECKS = [/^\/sps\/\{iysCode\}\/brands\/\{brandCode\}\/consents\/status$/, /^\/sps\/\{iysCode\}\/brands\/\{brandCode\}\/consents\/\{recipientType\}\/status\/\{type\}$/];
/** Routes for every authenticated caller; logout is called last, as it ends the caller's session. */
const ANY_AUTHENTICATED = new Set(['POST /oauth2/revoke']);

interface Route {
  method: string;
  path: string;
}

/** Web pages anyone may open (sign-in pages, assets, the language switch, a notice's opt-out link). */
const PUBLIC_WEB_ROUTES = new Set([
  'GET /assets/{name}',
  'GET /lang/{locale}',
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-in/code',
  'GET /panel/sign-in',
  'POST /panel/sign-in',
  'GET /recipients/opt-out/{token}',
  'POST /opt-out/{token}',
  // The consoles' sign-in pages (docs/adr/0056).
  'GET /authority/sign-in',
  'POST /authority/sign-in',
  'GET /admin/sign-in',
  'POST /admin/sign-in',
]);
/** Who may open each face's pages (besides PUBLIC_WEB_ROUTES). A face's own exceptions go in webAllowed. */
const FACE_CALLERS: Record<FaceName, Caller[]> = {
  citizen: ['recipient'],
  panel: ['ownProvider'],
  authority: ['authority'],
  admin: ['admin'],
};
/** Web routes that end the caller's session: called only by callers they refuse (the browser specs sign out). */
const WEB_SESSION_ENDING = new Set(['POST /sign-out', 'POST /authority/sign-out', 'POST /admin/sign-out', 'POST /panel/sign-out']);
const PANEL_ROLES: Caller[] = ['ownProvider', 'otherProvider', 'integrator', 'authorisedIntegrator'];

/** The provider panel (docs/adr/0055): the places of /sps/{iysCode} keep their callers under /panel/{iysCode}. */
function panelAllowed(route: WebRoute, caller: Caller): boolean {
  const key = `${route.method} ${route.path}`;
  if (caller === 'anonymous' || caller === 'recipient') return false;
  // The signed-in user's own pages: a provider's users and integrators.
  if (route.path === '/panel' || route.path === '/panel/go' || route.path.startsWith('/panel/security') || route.path === '/panel/sign-out') return PANEL_ROLES.includes(caller);
  // Only the provider's own users require a second factor of all its users.
  if (key === 'POST /panel/{iysCode}/security/requirement') return caller === 'ownProvider';
  if (route.path.startsWith('/panel/{iysCode}')) {
    if (caller === 'ownProvider' || caller === 'authorisedIntegrator') return true;
    // As on /sps/{iysCode}: the authority and the administrator read; a lookup (C2) is a read sent as POST.
    const reads = route.method === 'GET' || route.path.endsWith('/consents/search');
    return reads && (caller === 'authority' || caller === 'admin');
  }
  throw new Error(`Unclassified web route ${key}: add it to the authorisation matrix`);
}

/** Who may call a web page, by its face (docs/adr/0054): the same guard as the API, fed by the session cookie. */
function webAllowed(route: WebRoute, caller: Caller): boolean {
  const key = `${route.method} ${route.path}`;
  if (PUBLIC_WEB_ROUTES.has(key)) return true;
  const face = ['panel', 'authority', 'admin'].find((name) => route.path === `/${name}` || route.path.startsWith(`/${name}/`)) ?? 'citizen';
  if (face !== route.face) throw new Error(`Web route ${key} is declared for the ${route.face} face but lives under another face's path`);
  if (route.face === 'panel') return panelAllowed(route, caller);
  // A console's sign-out: any signed-in API user, as POST /oauth2/revoke (docs/adr/0056).
  if (key === 'POST /authority/sign-out' || key === 'POST /admin/sign-out') return caller !== 'anonymous' && caller !== 'recipient';
  // The authority console's start page and number history: as /audit/* (authority and administrators).
  if (route.path === '/authority' || route.path.startsWith('/authority/history')) return caller === 'authority' || caller === 'admin';
  return FACE_CALLERS[route.face].includes(caller);
}

/**
 * Who may call what, by the route's place in the API. A new route that fits none of these places
 * fails the test until it is classified here: nothing reaches production unreviewed.
 */
function allowed(route: Route, caller: Caller): boolean {
  const key = `${route.method} ${route.path}`;
  if (PUBLIC_ROUTES.has(key)) return true;
  if (caller === 'anonymous') return false;
  if (isRecipientRoute(route)) return caller === 'recipient';
  if (caller === 'recipient') return false;
  if (ANY_AUTHENTICATED.has(key)) return true;
  if (route.path.startsWith('/call-centre/')) return caller === 'agent';
  // Reference data for retailer addresses: every API user, with a token as every İYS call.
  if (route.path.startsWith('/info/')) return true;
  // A retailer's own view of the consents it may use: retailers only.
  if (route.path.startsWith('/retailer/')) return caller === 'retailer';
  if (caller === 'retailer') return false;
  // Who may sign in for a retailer: the provider itself, or the administrator; no integrator.
  if (key === 'POST /sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}/users') return caller === 'ownProvider' || caller === 'admin';
  if (route.path.startsWith('/admin/')) return caller === 'admin';
  if (route.path.startsWith('/audit/')) return caller === 'authority' || caller === 'admin';
  // The operator gate: the gateway of that code (the matrix's operator is gateway 1) and the admin; the authority reads counters.
  if (route.path.startsWith('/operators/')) {
    return caller === 'operator' || caller === 'admin' || (caller === 'authority' && route.path.includes('/gate-stats/'));
  }
  // The complaint queue, decisions and statistics: the authority's own (scoped by province inside).
  if (route.path === '/complaints' || route.path.startsWith('/complaints/')) return caller === 'authority';
  // Only the provider itself grants or revokes integrators: no reader, no integrator.
  if (route.path.startsWith('/sps/{iysCode}/integrators/')) return caller === 'ownProvider';
  // Status checks are queries sent as POST: authorities, administrators and gateways may run them.
  if (CONSENT_CHECKS.some((pattern) => pattern.test(route.path))) {
    return ['ownProvider', 'authorisedIntegrator', 'authority', 'admin', 'operator'].includes(caller);
  }
  if (route.path.startsWith('/sps/{iysCode}') || route.path.startsWith('/v2/sps/{iysCode}')) {
    if (caller === 'ownProvider' || caller === 'authorisedIntegrator') return true;
    return route.method === 'GET' && (caller === 'authority' || caller === 'admin');
  }
  if (route.path.startsWith('/integrator/{integratorCode}')) {
    if (caller === 'integrator') return true;
    return route.method === 'GET' && (caller === 'authority' || caller === 'admin');
  }
  throw new Error(`Unclassified route ${key}: add it to the authorisation matrix`);
}

describe('authorisation matrix: every route × every role', () => {
  let harness: TestApp;
  let routes: Route[];
  let iysCode: number;
  let brandCode: number;
  let integratorCode: number;
  const tokens = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    harness = await startTestApp();
    const admin = (await adminToken(harness.app)).access;
    const own = await onboardProvider(harness.app, admin);
    const other = await onboardProvider(harness.app, admin);
    iysCode = own.iysCode;
    brandCode = own.brands[0].brandCode;
    tokens.set('anonymous', undefined);
    tokens.set('admin', admin);
    tokens.set('ownProvider', own.access);
    tokens.set('otherProvider', other.access);
    const server = harness.app.getHttpServer();
    const integrators: number[] = [];
    for (const title of ['Unauthorised Entegrasyon A.Ş.', 'Authorised Entegrasyon A.Ş.']) {
      integrators.push((await request(server).post('/admin/integrators').set('authorization', `Bearer ${admin}`).send({ title }).expect(201)).body.integratorCode);
    }
    integratorCode = integrators[0];
    await request(server)
      .put(`/sps/${iysCode}/integrators/${integrators[1]}`)
      .set('authorization', `Bearer ${own.access}`)
      .send({ types: ['MESAJ', 'ARAMA', 'EPOSTA'], agreementControl: true })
      .expect(200);
    const users: [Caller, Record<string, unknown>][] = [
      ['authority', { role: 'authority' }],
      ['operator', { role: 'operator', operatorCode: 1 }],
      ['agent', { role: 'agent' }],
      ['integrator', { role: 'integrator', integratorCode: integrators[0] }],
      ['authorisedIntegrator', { role: 'integrator', integratorCode: integrators[1] }],
    ];
    for (const [caller, fields] of users) {
      const username = `${caller}-user`;
      const password = `${caller}-long-password`;
      const created = await request(server).post('/admin/users').set('authorization', `Bearer ${admin}`).send({ username, password, ...fields }).expect(201);
      // The authority reads the whole ministry's complaints (the console's pages then open for it, not H783).
      if (caller === 'authority') await request(server).put(`/admin/complaint-scopes/${created.body.userId}`).set('authorization', `Bearer ${admin}`).send({ scope: 'MINISTRY' }).expect(200);
      tokens.set(caller, (await tokenFor(harness.app, username, password)).access);
    }
    tokens.set('recipient', await signInRecipient(harness.app, '+905339990001'));
    // A retailer of the provider's brand with its own user (role retailer).
    const retailerCode = await addRetailer(harness.app, own.access, `/sps/${iysCode}/brands/${brandCode}`);
    await request(server)
      .post(`/sps/${iysCode}/brands/${brandCode}/retailers/${retailerCode}/users`)
      .set('authorization', `Bearer ${own.access}`)
      .send({ username: 'retailer-user', password: 'retailer-long-password' })
      .expect(201);
    tokens.set('retailer', (await tokenFor(harness.app, 'retailer-user', 'retailer-long-password')).access);
    const document = await request(harness.app.getHttpServer()).get('/docs/openapi.json').expect(200);
    routes = Object.entries(document.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })))
      .sort((a, b) => Number(SESSION_ENDING.has(`${a.method} ${a.path}`)) - Number(SESSION_ENDING.has(`${b.method} ${b.path}`)));
  }, 180_000); // eleven callers signed in (a password hash each) on a shared machine
  afterAll(() => harness.close());

  it('covers the routes of every context that has any', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect(routes.some((r) => r.path.startsWith('/sps/{iysCode}'))).toBe(true);
    expect(routes.some((r) => r.path.startsWith('/recipients/me/'))).toBe(true);
    expect(routes.some((r) => r.path.startsWith('/call-centre/'))).toBe(true);
    expect(routes.some((r) => r.path.startsWith('/retailer/'))).toBe(true);
    // Complaints: the recipient's, the authority's, the provider's and the administrator's routes.
    expect(routes.filter((r) => r.path.startsWith('/recipients/me/complaints')).length).toBeGreaterThanOrEqual(7);
    expect(routes.filter((r) => r.path.startsWith('/complaints')).length).toBeGreaterThanOrEqual(8);
    expect(routes.filter((r) => r.path.startsWith('/sps/{iysCode}/complaints')).length).toBe(5);
    expect(routes.some((r) => r.path === '/admin/complaint-scopes/{userId}')).toBe(true);
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining([
      'POST /complaints/{complaintId}/closure',
      'GET /complaints/{complaintId}/evidence/verification',
      'GET /sps/{iysCode}/complaints/{complaintId}/defense/attachments/{attachmentId}',
    ]));
  });

  it('lets each caller open exactly the web pages it may, with the session cookie, never answering 500', async () => {
    const webRoutes = webRoutesOf(harness.app);
    expect(webRoutes.some((route) => route.face === 'citizen' && route.policy?.kind === 'recipient')).toBe(true);
    const secret = 'matrix-csrf-secret-0001';
    const csrf = csrfTokenFor(harness.app.get<Buffer>(TOKEN_SIGNING_KEY), secret);
    const outcomes: string[] = [];
    for (const route of webRoutes) {
      const url = route.path.replace('{locale}', 'en').replace('{name}', 'web.css').replace('{iysCode}', String(iysCode)).replace('{brandCode}', String(brandCode)).replace(/\{[^}]+\}/g, '1');
      for (const caller of CALLERS) {
        const expected = webAllowed(route, caller);
        if (expected && WEB_SESSION_ENDING.has(`${route.method} ${route.path}`)) continue;
        const call = request(harness.app.getHttpServer())[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url);
        const token = tokens.get(caller);
        call.set('cookie', [`${CSRF_COOKIE}=${secret}`, ...(token ? [`${WEB_SESSION_COOKIE}=${token}`] : [])].join('; '));
        // A bearer header is not a web session: only the cookie counts on web routes.
        if (route.method !== 'GET') call.type('form').send({ _csrf: csrf });
        const response = await call;
        const face = FACES[route.face];
        // As on the API, an integrator a provider did not authorise is told so with İYS's H245 (400).
        const refused =
          (response.status === 303 && response.headers.location === face.signInPath) ||
          (response.status === 403 && !response.text.includes('H800')) ||
          (response.status === 400 && response.text.includes('H245'));
        if (response.status >= 500 || expected === refused) {
          outcomes.push(`${route.method} ${route.path} as ${caller}: ${response.status} ${response.headers.location ?? ''} (${expected ? 'should pass' : 'should be refused'})`);
        }
      }
      // The API's bearer header opens no web page: a page that needs a session sends it to sign in.
      if (!PUBLIC_WEB_ROUTES.has(`${route.method} ${route.path}`) && route.method === 'GET') {
        const header = await request(harness.app.getHttpServer()).get(url).set('authorization', `Bearer ${tokens.get(FACE_CALLERS[route.face][0])}`);
        if (header.status !== 303) outcomes.push(`${route.method} ${route.path} with a bearer header: ${header.status} (should send to sign-in)`);
      }
    }
    expect(outcomes).toEqual([]);
  }, 120_000);

  it('lets each caller reach exactly what it may, never answers 500, and never crosses providers', async () => {
    const outcomes: string[] = [];
    for (const route of routes) {
      const url = route.path
        .replace('{iysCode}', String(iysCode))
        .replace('{integratorCode}', String(integratorCode))
        .replace('{brandCode}', String(brandCode))
        .replace('{applicationId}', '00000000-0000-4000-8000-000000000000')
        .replace(/\{[^}]+\}/g, '1');
      for (const caller of CALLERS) {
        const call = request(harness.app.getHttpServer())[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url);
        const token = tokens.get(caller);
        if (token) call.set('authorization', `Bearer ${token}`);
        if (route.method !== 'GET' && route.method !== 'DELETE') call.send({});
        const response = await call;
        const expected = allowed(route, caller);
        // An integrator acting for a provider that did not authorise it gets İYS's own H245 (400).
        // (On B3, H245 is the answer "that provider did not authorise you", not a refusal to answer.)
        // 401 means the perimeter's H351 only: a public webhook answers its own bad signature with 401 H669.
        const refused =
          (response.status === 401 && response.body.errors?.[0]?.code === 'H351') ||
          (response.status === 403 && ['H363', 'H351'].includes(response.body.errors?.[0]?.code)) ||
          (/^(\/v2)?\/sps\//.test(route.path) && response.body.errors?.[0]?.code === 'H245');
        if (response.status >= 500 || expected === refused) {
          outcomes.push(`${route.method} ${route.path} as ${caller}: ${response.status} (${expected ? 'should pass' : 'should be refused'})`);
        }
        // A token of the other world (an API user's on a recipient route, a recipient's elsewhere) is no token there: H351.
        const otherWorld = isRecipientRoute(route) !== (caller === 'recipient');
        if (!expected && caller !== 'anonymous' && PUBLIC_ROUTES.has(`${route.method} ${route.path}`) === false) {
          expect(otherWorld ? ['H351'] : ['H363', 'H245']).toContain(response.body.errors?.[0]?.code);
        }
        if (!expected && caller === 'anonymous') expect(response.body.errors?.[0]?.code).toBe('H351');
      }
    }
    expect(outcomes).toEqual([]);
  }, 300_000); // every route (with İYS's alias spellings) × eleven callers

  it('refuses forged, expired-looking and malformed tokens with H351', async () => {
    // The matrix ended every session through logout; sign in again.
    tokens.set('ownProvider', (await tokenFor(harness.app, `provider-${iysCode}`, `secret-of-${iysCode}-provider`)).access);
    const server = harness.app.getHttpServer();
    const own = tokens.get('ownProvider')!;
    const [header, payload] = own.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-token', `Basic ${own}`, own]) {
      const response = await request(server).get(`/sps/${iysCode}/brands`).set('authorization', authorization).expect(401);
      expect(response.body).toEqual({ errors: [{ code: 'H351', message: 'Eksik veya geçersiz jeton!' }] });
    }
  });
});

