import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FixedClock, type Principal } from '@iys/platform/building-blocks';
import {
  ConfirmTotpEnrolmentCommand,
  DisableTotpCommand,
  GetSecondFactorQuery,
  SetProviderTotpRequirementCommand,
  SignInToPanelCommand,
  StartTotpEnrolmentCommand,
  totpCode,
  totpStep,
  type PanelSignIn,
} from '@iys/identity-access';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

describe('the panel’s sign-in with a TOTP second factor; İYS’s token endpoint unchanged', () => {
  const clock = new FixedClock(new Date());
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let other: Awaited<ReturnType<typeof onboardProvider>>;
  let admin: string;
  const commands = () => harness.app.get(CommandBus);
  const queries = () => harness.app.get(QueryBus);
  const signIn = (username: string, password: string, code?: string) => commands().execute(new SignInToPanelCommand(username, password, code, '203.0.113.9'));
  const signedIn = async (username: string, password: string, code?: string) => {
    const result = await signIn(username, password, code);
    if (result.kind !== 'signed-in') throw new Error(`expected a session, got ${result.kind}`);
    return result;
  };
  const principalOf = (s: Extract<PanelSignIn, { kind: 'signed-in' }>): Principal => ({ userId: s.userId, role: s.role, iysCode: s.iysCode ?? undefined, sessionId: s.sessionId });
  const nextStep = () => clock.advance(30_000);
  let providerSecret = '';
  const codeNow = (secret: string) => totpCode(secret, totpStep(clock.now()));

  beforeAll(async () => {
    harness = await startTestApp({}, { clock });
    admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    other = await onboardProvider(harness.app, admin);
  });
  afterAll(() => harness.close());

  it('enrols, confirms with a first code, then asks for a fresh code at every sign-in; a replayed code is refused', async () => {
    const first = await signedIn(provider.username, provider.password);
    const me = principalOf(first);
    const { secret, otpauthUri } = await commands().execute(new StartTotpEnrolmentCommand(me));
    providerSecret = secret;
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(await queries().execute(new GetSecondFactorQuery(me))).toEqual({ status: 'pending', required: false });
    await expect(commands().execute(new ConfirmTotpEnrolmentCommand(me, '000000' === codeNow(secret) ? '111111' : '000000'))).rejects.toMatchObject({ code: 'H831' });
    await commands().execute(new ConfirmTotpEnrolmentCommand(me, codeNow(secret)));
    expect(await queries().execute(new GetSecondFactorQuery(me))).toEqual({ status: 'on', required: false });

    await expect(signIn(provider.username, provider.password)).rejects.toMatchObject({ code: 'H830' });
    await expect(signIn(provider.username, provider.password, codeNow(secret))).rejects.toMatchObject({ code: 'H831' }); // spent by the confirmation
    nextStep();
    const code = codeNow(secret);
    const session = await signedIn(provider.username, provider.password, code);
    expect(session).toMatchObject({ role: 'provider', iysCode: provider.iysCode });
    await expect(signIn(provider.username, provider.password, code)).rejects.toMatchObject({ code: 'H831' });
    await expect(signIn(provider.username, 'wrong password', code)).rejects.toMatchObject({ code: 'H251' });

    // The panel's session is an ordinary API session; İYS's token endpoint asks for nothing more.
    await request(harness.app.getHttpServer()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${session.accessToken}`).expect(200);
    await request(harness.app.getHttpServer()).post('/oauth2/token').send({ grant_type: 'password', username: provider.username, password: provider.password }).expect(200);
  });

  it('a provider requires it of all its users: one without it is given a secret at sign-in and gets in with its code', async () => {
    nextStep();
    const setter = principalOf(await signedIn(provider.username, provider.password, codeNow(providerSecret)));
    const colleague = { username: `colleague-${provider.iysCode}`, password: `colleague-secret-${provider.iysCode}` };
    await request(harness.app.getHttpServer()).post('/admin/users').set('authorization', `Bearer ${admin}`).send({ ...colleague, role: 'provider', iysCode: provider.iysCode }).expect(201);
    const colleagueSession = principalOf(await signedIn(colleague.username, colleague.password));

    // Turning it on needs one's own second factor first; another provider's user cannot touch it.
    await expect(commands().execute(new SetProviderTotpRequirementCommand(provider.iysCode, true, colleagueSession))).rejects.toMatchObject({ code: 'H836' });
    const stranger = principalOf(await signedIn(other.username, other.password));
    await expect(commands().execute(new SetProviderTotpRequirementCommand(provider.iysCode, true, stranger))).rejects.toMatchObject({ code: 'H363' });
    await commands().execute(new SetProviderTotpRequirementCommand(provider.iysCode, true, setter));

    const enrol = await signIn(colleague.username, colleague.password);
    expect(enrol.kind).toBe('enrol');
    const secret = (enrol as Extract<PanelSignIn, { kind: 'enrol' }>).secret;
    await expect(signIn(colleague.username, colleague.password, '12345')).rejects.toMatchObject({ code: 'H831' });
    const colleagueIn = await signedIn(colleague.username, colleague.password, codeNow(secret));
    expect(await queries().execute(new GetSecondFactorQuery(principalOf(colleagueIn)))).toEqual({ status: 'on', required: true });

    // Required: the user cannot turn it off; the registry administrator can (a lost phone).
    await expect(commands().execute(new DisableTotpCommand(colleagueIn.userId, principalOf(colleagueIn)))).rejects.toMatchObject({ code: 'H835' });
    const registryAdmin: Principal = { userId: randomUUID(), role: 'admin', sessionId: randomUUID() };
    await commands().execute(new DisableTotpCommand(colleagueIn.userId, registryAdmin));
    expect((await signIn(colleague.username, colleague.password)).kind).toBe('enrol');

    // Another provider is not affected.
    expect((await signIn(other.username, other.password)).kind).toBe('signed-in');
  });

});
