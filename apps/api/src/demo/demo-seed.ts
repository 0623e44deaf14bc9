import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type pg from 'pg';
import { derivePurposeKey, formatIysDateTime, type Role } from '@iys/platform/building-blocks';
import { PG_POOL } from '@iys/platform/nest';
import {
  ApproveApplicationCommand,
  ListApplicationsQuery,
  ListBrandsQuery,
  RegisterIntegratorCommand,
  SubmitApplicationCommand,
  type ApplicationListItem,
  type BrandListItem,
} from '@iys/service-provider';
import { CreateApiUserCommand } from '@iys/identity-access';

/** The demo's fixed identity: the same application, integrator and users on every run. */
const DEMO_APPLICATION_ID = '1d0e5a00-0000-4000-8000-00000000de30';
const DEMO_TITLE = 'İYS Demo Ticaret A.Ş.';
const DEMO_INTEGRATOR_TITLE = 'İYS Demo Entegrasyon A.Ş.';
const CONSENT_TYPES = ['MESAJ', 'ARAMA', 'EPOSTA'] as const;

export interface DemoCredential {
  role: Role;
  username: string;
  password: string;
}

export interface DemoData {
  iysCode: number;
  brands: { brandCode: number; name: string; master: boolean }[];
  integratorCode: number;
  consents: { brandCode: number; recipient: string; type: string; added: boolean }[];
  credentials: DemoCredential[];
}

/**
 * Development data to try the API with: a provider with two brands, its API user, an integrator it
 * has authorised and that integrator's user, an authority user, and a few consents. Idempotent: each
 * step first looks for what an earlier run made, and passwords are derived from the data folder's
 * token-signing key, so a rerun prints the same credentials and adds nothing.
 *
 * Registry-side steps go through the command bus as the administrator's CLI does; the provider's own
 * steps (authorising the integrator, C1) through the HTTP API in-process, as a client would.
 */
export async function seedDemo(app: NestFastifyApplication, secret: Uint8Array): Promise<DemoData> {
  const commands = app.get(CommandBus);
  const queries = app.get(QueryBus);
  const pool = app.get<pg.Pool>(PG_POOL);
  const passwordOf = (username: string) => derivePurposeKey(secret, `demo-credentials:${username}`).toString('base64url').slice(0, 24);

  let application = await approvedDemoApplication(queries);
  if (!application) {
    await commands.execute(
      new SubmitApplicationCommand(DEMO_APPLICATION_ID, {
        title: DEMO_TITLE,
        mersis: '0015001526400496',
        taxNumber: '1234567890',
        address: 'Büyükdere Cad. No:1 Şişli İstanbul',
        signatory: { name: 'Demo Yetkili', nationalId: '10000000146', mobile: '+905321234567', email: 'yetkili@demo-ticaret.com.tr' },
        brands: [
          { name: 'İYS DEMO', approvedAddressCount: 10000 },
          { name: 'İYS DEMO EXPRESS', approvedAddressCount: 1000 },
        ],
      }),
    );
    await commands.execute(new ApproveApplicationCommand(DEMO_APPLICATION_ID, 'demo'));
    application = (await approvedDemoApplication(queries))!;
  }
  const iysCode = application.iysCode!;
  const brands = ((await queries.execute(new ListBrandsQuery(iysCode))) as BrandListItem[]).map(({ brandCode, name, master }) => ({ brandCode, name, master }));

  const existing = await pool.query<{ integrator_code: number }>('SELECT integrator_code FROM service_provider.integrators WHERE title = $1 ORDER BY integrator_code LIMIT 1', [DEMO_INTEGRATOR_TITLE]);
  const integratorCode = existing.rows[0]?.integrator_code ?? ((await commands.execute(new RegisterIntegratorCommand(DEMO_INTEGRATOR_TITLE, 'demo'))) as { integratorCode: number }).integratorCode;

  const credentials: DemoCredential[] = [
    { role: 'provider', username: 'demo-provider', password: passwordOf('demo-provider') },
    { role: 'integrator', username: 'demo-integrator', password: passwordOf('demo-integrator') },
    { role: 'authority', username: 'demo-authority', password: passwordOf('demo-authority') },
  ];
  for (const { role, username, password } of credentials) {
    try {
      await commands.execute(new CreateApiUserCommand(username, password, role, role === 'provider' ? iysCode : null, 'demo', role === 'integrator' ? integratorCode : null));
    } catch (error) {
      if ((error as { code?: string }).code !== 'H621') throw error; // H621: made by an earlier run
    }
  }

  const api = clientOf(app);
  const token = await api.token(credentials[0]!);
  await api.call('PUT', `/sps/${iysCode}/integrators/${integratorCode}`, token, { types: [...CONSENT_TYPES], agreementControl: false }, [200]);

  const consentDate = formatIysDateTime(new Date(Date.now() - 60_000));
  const wanted = [
    { brandCode: brands[0]!.brandCode, recipient: '+905550000001', type: 'MESAJ', status: 'ONAY' },
    { brandCode: brands[0]!.brandCode, recipient: '+905550000002', type: 'ARAMA', status: 'ONAY' },
    { brandCode: brands[0]!.brandCode, recipient: '+905550000003', type: 'MESAJ', status: 'ONAY' },
    { brandCode: brands[0]!.brandCode, recipient: 'demo.alici@example.com', type: 'EPOSTA', status: 'ONAY' },
    { brandCode: brands[1]!.brandCode, recipient: '+905550000001', type: 'MESAJ', status: 'ONAY' },
  ];
  const consents: DemoData['consents'] = [];
  // A first consent must be ONAY (H175); a RET is a later change, which C1 can show on any of these.
  for (const { brandCode, recipient, type, status } of wanted) {
    const brand = `/sps/${iysCode}/brands/${brandCode}`;
    const known = await api.call('POST', `${brand}/consents/status`, token, { recipient, recipientType: 'BIREYSEL', type }, [200, 404]);
    if (known === 404) await api.call('POST', `${brand}/consents`, token, { recipient, recipientType: 'BIREYSEL', type, status, source: 'HS_WEB', consentDate }, [200]);
    consents.push({ brandCode, recipient, type, added: known === 404 });
  }
  return { iysCode, brands, integratorCode, consents, credentials };
}

async function approvedDemoApplication(queries: QueryBus): Promise<ApplicationListItem | undefined> {
  const approved = (await queries.execute(new ListApplicationsQuery('approved'))) as ApplicationListItem[];
  return approved.find((item) => item.applicationId === DEMO_APPLICATION_ID);
}

/** The HTTP API in-process (no port): the demo calls it as a client would. */
function clientOf(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, token: string | undefined, payload: unknown, expected: number[]): Promise<number> => {
    const response = await fastify.inject({ method, url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!expected.includes(response.statusCode)) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    return response.statusCode;
  };
  return {
    call,
    async token({ username, password }: DemoCredential): Promise<string> {
      const response = await fastify.inject({ method: 'POST', url: '/oauth2/token', payload: { grant_type: 'password', username, password } });
      if (response.statusCode !== 200) {
        throw new Error(`${username} exists with another password (not made by npm run demo, or its data folder's keys changed): ${response.body}`);
      }
      return (response.json() as { access_token: string }).access_token;
    },
  };
}

/** What the demo prints: every credential and one line that works against `npm start`. */
export function describeDemo(data: DemoData, baseUrl: string): string[] {
  const provider = data.credentials.find((credential) => credential.role === 'provider')!;
  const added = data.consents.filter((consent) => consent.added).length;
  const tokenCall = `curl -s ${baseUrl}/oauth2/token -H 'content-type: application/json' -d '{"grant_type":"password","username":"${provider.username}","password":"${provider.password}"}'`;
  return [
    'İYS demo data (development only; a rerun changes nothing and prints the same)',
    `  provider    ${DEMO_TITLE}  iysCode ${data.iysCode}`,
    ...data.brands.map((brand) => `  brand       ${brand.brandCode}  ${brand.name}${brand.master ? ' (master)' : ''}`),
    `  integrator  ${DEMO_INTEGRATOR_TITLE}  integratorCode ${data.integratorCode}, authorised for ${CONSENT_TYPES.join(', ')}`,
    `  consents    ${data.consents.length} (${added} added by this run)`,
    '',
    'Credentials (POST /oauth2/token with grant_type=password):',
    ...data.credentials.map((credential) => `  ${credential.role.padEnd(11)} ${credential.username.padEnd(16)} ${credential.password}`),
    '',
    'Try it with `npm start` running (lists the provider\'s brands, B1):',
    `curl -s ${baseUrl}/sps/${data.iysCode}/brands -H "authorization: Bearer $(${tokenCall} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')"`,
  ];
}
