import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';

let t: TestApp;
let admin: Session;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    SMTP_URL: smtp.url,
    AFTERCARE_MAIL_FROM: 'Aftercare 售后 <service@aftercare.test>',
    AFTERCARE_PUBLIC_URL: 'https://service.aftercare.test',
  });
  admin = await signInAdmin(t.app);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('e-mail to customers', () => {
  it('acknowledges a new ticket over SMTP and threads the reply after it', async () => {
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '净水器漏水',
        description: '净水器接头处漏水',
        type: 'repair',
        customer: { name: '杨帆', email: 'yangfan@example.com' },
        ownerId: admin.userId,
      })
    ).json();
    const [ack] = await smtp.waitForMessages(1);
    expect(ack!.subject).toBe(`【${ticket.number}】已收到您的反馈`);
    expect(ack!.to).toMatchObject({ text: 'yangfan@example.com' });
    expect(ack!.from?.text).toContain('service@aftercare.test');
    expect(ack!.text).toContain(ticket.number);
    expect(ack!.references).toBe(`<ticket-${ticket.id}@service.aftercare.test>`);

    await admin.request('POST', `/api/v1/tickets/${ticket.id}/replies`, {
      body: '请拍照发给我们看看接头位置。',
    });
    const messages = await smtp.waitForMessages(2);
    const reply = messages[1]!;
    expect(reply.subject).toBe(`【${ticket.number}】您的反馈有新回复`);
    expect(reply.text).toContain('请拍照发给我们看看接头位置。');
    expect(reply.inReplyTo).toBe(`<ticket-${ticket.id}@service.aftercare.test>`);
    const rows = await t.db.query<{ status: string }>(
      'SELECT status FROM notifications WHERE ticket_id = $1 AND channel = $2',
      [ticket.id, 'email'],
    );
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
  });

  it('sends nothing to a ticket without an e-mail address', async () => {
    const ticket = (
      await admin.request('POST', '/api/v1/tickets', {
        title: '电话咨询',
        type: 'consultation',
        customer: { name: 'x', phone: '13800000000' },
      })
    ).json();
    const rows = await t.db.query('SELECT 1 FROM notifications WHERE ticket_id = $1 AND channel = $2', [
      ticket.id,
      'email',
    ]);
    expect(rows).toHaveLength(0);
  });
});
