import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { iysClient } from '../support/iys-client.js';
import { startTestApp, TEST_ADMIN, type TestApp } from './app-harness.js';
import { applicationBody } from './service-provider-flow.js';

/**
 * A client generated from the OpenAPI document drives a whole first consent: onboarding, C1, C2
 * and C6. Paths, bodies and answers are typed by docs/openapi.json; a call the document does not
 * describe does not compile, and the harness checks every answer against it.
 */
describe('the client generated from the OpenAPI document', () => {
  let harness: TestApp;

  beforeAll(async () => {
    harness = await startTestApp();
  });
  afterAll(() => harness.close());

  it('onboards a provider and adds, reads and pulls a consent (A1 → C1 → C2 → C6)', async () => {
    const anonymous = await iysClient(harness.app);
    const adminToken = await anonymous.POST('/oauth2/token', { body: { grant_type: 'password', ...TEST_ADMIN } });
    expect(adminToken.response.status).toBe(200);
    const admin = await iysClient(harness.app, adminToken.data!.access_token);

    const submitted = await anonymous.POST('/applications', { body: applicationBody() as never });
    expect(submitted.response.status).toBe(201);
    const approved = await admin.POST('/admin/applications/{applicationId}/approve', { params: { path: { applicationId: submitted.data!.applicationId } }, body: {} });
    expect(approved.response.status).toBe(200);
    const { iysCode, brands } = approved.data!;
    const brandCode = brands.find((brand) => brand.master)!.brandCode;

    const credentials = { username: `typed-${iysCode}`, password: `secret-of-${iysCode}-typed` };
    const created = await admin.POST('/admin/users', { body: { ...credentials, role: 'provider', iysCode } });
    expect(created.data).toMatchObject({ username: credentials.username, role: 'provider', iysCode });
    const providerToken = await anonymous.POST('/oauth2/token', { body: { grant_type: 'password', ...credentials } });
    const provider = await iysClient(harness.app, providerToken.data!.accessToken);
    const path = { iysCode, brandCode };

    const consent = { recipient: '+905321239876', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 3600_000)) } as const;
    const added = await provider.POST('/sps/{iysCode}/brands/{brandCode}/consents', { params: { path }, body: consent });
    expect(added.response.status).toBe(200);
    expect(added.data!.transactionId).toEqual(expect.any(String));

    const status = await provider.POST('/sps/{iysCode}/brands/{brandCode}/consents/status', { params: { path }, body: { recipient: consent.recipient, recipientType: 'BIREYSEL', type: 'MESAJ' } });
    expect(status.data).toMatchObject({ status: 'ONAY', source: 'HS_WEB', transactionId: added.data!.transactionId });

    const refused = await provider.POST('/sps/{iysCode}/brands/{brandCode}/consents/status', { params: { path }, body: { recipient: '+905321230000', recipientType: 'BIREYSEL', type: 'MESAJ' } });
    expect(refused.response.status).toBe(404);
    expect(refused.error!.errors[0].code).toBe('H641');

    const feed = harness.app.get(ProjectionRegistry).all().find((projection) => projection.name === 'consent.changes')!;
    await harness.app.get(ProjectionRunner).waitUntilCaughtUp(feed, { timeoutMs: 15_000 });
    const changes = await provider.GET('/sps/{iysCode}/brands/{brandCode}/consents/changes', { params: { path } });
    expect(changes.response.status).toBe(200);
    expect(changes.data!.list.map((change) => change.transactionId)).toEqual([added.data!.transactionId]);
    const next = await provider.GET('/sps/{iysCode}/brands/{brandCode}/consents/changes', { params: { path, query: { source: 'HS', after: changes.data!.after, limit: 10 } } });
    expect(next.data!.list).toEqual([]);
  });
});
