import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { multipart, PortalBrowser } from '../../test/portal.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';

let t: TestApp;
let admin: Session;
let smtp: TestSmtpServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aftercare-portal-mail-'));
  smtp = await startTestSmtpServer();
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    AFTERCARE_DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    AFTERCARE_MAIL_FROM: 'Aftercare 售后 <service@aftercare.test>',
    AFTERCARE_PUBLIC_URL: 'https://service.aftercare.test/',
  });
  admin = await signInAdmin(t.app);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const mailTo = async (address: string, count = 1) => {
  const started = Date.now();
  for (;;) {
    const mails = smtp.messages.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));
    if (mails.length >= count) return mails;
    if (Date.now() - started > 20_000) throw new Error(`expected ${count} e-mails to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('e-mail from the portal', () => {
  it('acknowledges a portal request over SMTP with the link to follow it, and links replies too', async () => {
    const browser = new PortalBrowser(t.app);
    const submitted = await browser.send(
      '/api/v1/portal/tickets',
      multipart({
        type: 'consultation',
        description: '请问滤芯多久更换一次？',
        contactName: '马丽',
        contactEmail: 'mali@example.com',
      }),
    );
    expect(submitted.statusCode).toBe(201);
    const { number } = submitted.json();
    const link = `https://service.aftercare.test/portal/t/${number}`;
    const [ack] = await mailTo('mali@example.com');
    expect(ack!.subject).toBe(`【${number}】已收到您的反馈`);
    expect(ack!.text).toContain(link);

    const staff = (await admin.request('GET', `/api/v1/tickets/${number}`)).json().ticket;
    await admin.request('POST', `/api/v1/tickets/${staff.id}/replies`, { body: '建议每 6 个月更换一次。' });
    const [, reply] = await mailTo('mali@example.com', 2);
    expect(reply!.text).toContain('建议每 6 个月更换一次。');
    expect(reply!.text).toContain(link);
  });

  it('mails the one-time code to the address alone, in the reader’s language, and the code signs in', async () => {
    const browser = new PortalBrowser(t.app, { language: 'en' });
    const asked = await browser.request('POST', '/api/v1/portal/codes', { destination: 'MaLi@example.com' });
    expect(asked.statusCode).toBe(202);
    const mails = await mailTo('mali@example.com', 3);
    const codeMail = mails.find((mail) => mail.subject === 'Your verification code')!;
    expect(codeMail).toBeDefined();
    expect(codeMail.to).toMatchObject({ text: 'mali@example.com' });
    const code = /\b(\d{6})\b/.exec(codeMail.text ?? '')![1]!;
    expect(codeMail.text).toContain('10 minutes');
    const signedIn = await browser.request('POST', '/api/v1/portal/sessions', {
      destination: 'mali@example.com',
      code,
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().scope).toBe('account');
    const rows = await t.db.query<{ ticket_id: string | null; status: string }>(
      `SELECT ticket_id, status FROM notifications WHERE template = 'portalCode'`,
    );
    expect(rows).toEqual([{ ticket_id: null, status: 'sent' }]);
  });
});
