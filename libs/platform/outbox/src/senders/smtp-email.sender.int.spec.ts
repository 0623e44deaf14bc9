import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { DeliveryError, PermanentDeliveryError, type OutgoingMessage } from '../message-sender.js';
import { mailDomainOf, SmtpEmailSender } from './smtp-email.sender.js';

interface ReceivedMail {
  from: string | undefined;
  to: string[];
  user: unknown;
  raw: string;
}

/** SMTP reply codes the test server gives by recipient: `bounce…` 550, `later…` 451. */
function refusal(address: string): (Error & { responseCode: number }) | undefined {
  const code = address.startsWith('bounce') ? 550 : address.startsWith('later') ? 451 : undefined;
  return code === undefined ? undefined : Object.assign(new Error(`${code} refused`), { responseCode: code });
}

const mail = (to: string): OutgoingMessage => ({
  id: randomUUID(),
  channel: 'email',
  recipientId: randomUUID(),
  to,
  subject: 'IYS giris kodunuz',
  text: 'Giris kodunuz: 551902',
  template: 'recipient-login.email',
  attempt: 1,
});

describe('SmtpEmailSender (a local smtp-server with AUTH)', () => {
  const received: ReceivedMail[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'iys' && auth.password === 's3cret') callback(null, { user: 'iys' });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, callback) {
        callback(refusal(address.address) ?? null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom;
          received.push({
            from: from ? from.address : undefined,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sender = (credentials = 'iys:s3cret') => new SmtpEmailSender({ url: `smtp://${credentials}@127.0.0.1:${port}`, from: 'İYS <noreply@iys.example>' });

  it('authenticates and sends the mail with Message-ID <row id@mail domain>, the same on every copy', async () => {
    const message = mail('alici@ornek.com.tr');
    const smtp = sender();
    await smtp.send(message);
    await smtp.send({ ...message, attempt: 2 }); // a retry after a lost answer: recognisably the same message
    smtp.close();

    const copies = received.filter((item) => item.raw.includes(message.id));
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      expect(copy).toMatchObject({ from: 'noreply@iys.example', to: ['alici@ornek.com.tr'], user: 'iys' });
      expect(copy.raw).toMatch(new RegExp(`^Message-ID: <${message.id}@iys\\.example>\\r?$`, 'm'));
      expect(copy.raw).toMatch(/^Subject: IYS giris kodunuz\r?$/m);
      expect(copy.raw).toMatch(/^To: alici@ornek\.com\.tr\r?$/m);
      expect(copy.raw).toContain('Giris kodunuz: 551902');
    }
  });

  it('takes a permanent refusal (550) as permanent, a temporary one (451) and bad credentials as worth retrying, without the server text', async () => {
    const failures = [];
    for (const [to, credentials] of [
      ['bounce@ornek.com.tr', 'iys:s3cret'],
      ['later@ornek.com.tr', 'iys:s3cret'],
      ['alici@ornek.com.tr', 'iys:wrong'],
    ] as const) {
      const smtp = sender(credentials);
      failures.push(await smtp.send(mail(to)).then(() => 'sent', (error: unknown) => error));
      smtp.close();
    }
    const [bounced, deferred, unauthorised] = failures as DeliveryError[];
    expect(bounced).toBeInstanceOf(PermanentDeliveryError);
    expect(bounced).toMatchObject({ code: 'EENVELOPE', status: 550 });
    expect(deferred).toBeInstanceOf(DeliveryError);
    expect(deferred).not.toBeInstanceOf(PermanentDeliveryError);
    expect(deferred).toMatchObject({ code: 'EENVELOPE', status: 451 });
    expect(unauthorised).not.toBeInstanceOf(PermanentDeliveryError);
    expect(unauthorised).toMatchObject({ name: 'DeliveryError', code: 'EAUTH', status: 535 });
    for (const failure of failures as Error[]) {
      expect(failure.message).not.toContain('ornek.com.tr');
      expect(failure.cause).toBeUndefined();
    }
  });

  it('names Message-IDs after the From address’s domain', () => {
    expect(mailDomainOf('İYS <noreply@IYS.example>')).toBe('iys.example');
    expect(mailDomainOf('noreply@mail.iys.gov.tr')).toBe('mail.iys.gov.tr');
    expect(mailDomainOf('no address')).toBeUndefined();
    expect(() => new SmtpEmailSender({ url: 'smtp://127.0.0.1:25', from: 'noreply' })).toThrow(/IYS_MAIL_FROM/);
  });
});
