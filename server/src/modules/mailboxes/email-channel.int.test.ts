import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { type Credentials, startTestImapServer, type TestImapServer } from '../../test/imap-server.js';
import { waitFor } from '../../test/outbox.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import { fetchMailbox } from './fetch.service.js';

/** The e-mail channel end to end: a real IMAP server (Dovecot), a real SMTP server, the real app and database. */

const service: Credentials = { username: 'service', password: 'service-imap-password' };
const sales: Credentials = { username: 'sales', password: 'sales-imap-password' };
const customer = { name: '杨帆', address: 'yangfan@example.com' };

let t: TestApp;
let admin: Session;
let imap: TestImapServer;
let smtp: TestSmtpServer;
let dataDir: string;
let serviceMailbox: string;
let salesMailbox: string;

beforeAll(async () => {
  imap = await startTestImapServer();
  imap.addUser(service.username, service.password);
  imap.addUser(sales.username, sales.password);
  smtp = await startTestSmtpServer();
  dataDir = mkdtempSync(join(tmpdir(), 'aftercare-mail-'));
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    SMTP_URL: smtp.url,
    AFTERCARE_MAIL_FROM: 'Aftercare 售后 <service@aftercare.test>',
    AFTERCARE_PUBLIC_URL: 'https://service.aftercare.test',
    AFTERCARE_DATA_DIR: dataDir,
  });
  admin = await signInAdmin(t.app);
  const create = async (name: string, account: Credentials, address: string, folder = 'INBOX') => {
    const response = await admin.request('POST', '/api/v1/mailboxes', {
      name,
      host: imap.host,
      port: imap.port,
      security: 'none',
      username: account.username,
      password: account.password,
      folder,
      address,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  };
  serviceMailbox = await create('售后邮箱', service, 'service@aftercare.test');
  salesMailbox = await create('销售邮箱', sales, 'sales@aftercare.test');
});

afterAll(async () => {
  await t?.close();
  await imap?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date('2026-03-02T01:30:00Z'), ...options }).compile().build();
}

const messageOutcome = (messageId: string) =>
  t.db.query<{ outcome: string; reason: string | null; ticket_id: string | null; html_body: string | null }>(
    `SELECT outcome, reason, ticket_id, html_body FROM mail_messages WHERE message_id = $1`,
    [messageId],
  );

const position = async (mailboxId: string) =>
  (await t.db.query<{ last_uid: number }>('SELECT last_uid FROM mailboxes WHERE id = $1', [mailboxId]))[0]!
    .last_uid;

/** Delivers a message into a mailbox, fetches, and waits until the mailbox has taken it. */
async function deliver(account: Credentials, mailboxId: string, raw: Buffer | string): Promise<number> {
  const uid = await imap.append(account, raw);
  await fetchMailbox(t.context, mailboxId);
  // Another fetch (IDLE announcement, the minute's poll) may hold the mailbox; it goes round again.
  await waitFor(async () => (await position(mailboxId)) >= uid, { what: `UID ${uid} taken` });
  return uid;
}

async function ticketDetail(idOrNumber: string) {
  const response = await admin.request('GET', `/api/v1/tickets/${idOrNumber}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    ticket: {
      id: string;
      number: string;
      title: string;
      description: string;
      channel: string;
      status: string;
      sourceReference: string | null;
      contact: { email: string | null };
    };
    timeline: { kind: string; body: string; isPublic: boolean; data: Record<string, unknown> }[];
    attachments: { id: string; fileName: string; contentType: string; sizeBytes: number }[];
  };
}

const emailTicketCount = async () =>
  (
    await t.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM tickets WHERE channel = 'email'`)
  )[0]!.count;

const emailOutboxCount = async () =>
  (
    await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM notifications WHERE channel = 'email'`,
    )
  )[0]!.count;

/** Waits until every queued e-mail has been handed to the SMTP server. */
const outboxDrained = () =>
  waitFor(
    async () =>
      (await t.db.query(`SELECT 1 FROM notifications WHERE channel = 'email' AND status = 'pending'`))
        .length === 0,
    { what: 'the outbox drained' },
  );

const referencesOf = (mail: ParsedMail) =>
  mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];

const mailsTo = (address: string) =>
  smtp.messages.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));

let ticket: { id: string; number: string };
let acknowledgement: ParsedMail;
const firstMessageId = '<first-7f3a@mail.example.com>';

describe('a customer writes in', () => {
  it('opens an e-mail ticket and acknowledges it on the real SMTP server with the number in the subject', async () => {
    const uid = await deliver(
      service,
      serviceMailbox,
      await compose({
        from: `${customer.name} <${customer.address}>`,
        to: 'service@aftercare.test',
        subject: '净水器漏水',
        messageId: firstMessageId,
        text: '您好，净水器接头处一直漏水，型号 RO-500。',
      }),
    );
    const [taken] = await messageOutcome(firstMessageId);
    expect(taken).toMatchObject({ outcome: 'ticket_created' });
    const detail = await ticketDetail(taken!.ticket_id!);
    ticket = { id: detail.ticket.id, number: detail.ticket.number };
    expect(detail.ticket).toMatchObject({
      title: '净水器漏水',
      description: '您好，净水器接头处一直漏水，型号 RO-500。',
      channel: 'email',
      sourceReference: firstMessageId,
      contact: { email: customer.address },
    });

    const ack = await waitFor(async () => mailsTo(customer.address)[0], { what: 'the acknowledgement' });
    acknowledgement = ack;
    expect(ack.subject).toBe(`Re: 净水器漏水 [#${ticket.number}]`);
    expect(ack.inReplyTo).toBe(firstMessageId);
    expect(referencesOf(ack)).toEqual([firstMessageId]);
    expect(ack.replyTo?.text).toBe('service@aftercare.test');
    expect(ack.text).toContain(ticket.number);

    expect(await imap.flagsOf(service, uid)).toContain('\\Seen');
  });

  it('adds a reply that names the ticket number in its subject to that ticket, without the quoted history', async () => {
    const before = await emailTicketCount();
    const messageId = '<reply-subject@mail.example.com>';
    await deliver(
      service,
      serviceMailbox,
      await compose({
        from: `${customer.name} <${customer.address}>`,
        to: 'service@aftercare.test',
        subject: `回复：Re: 净水器漏水 [#${ticket.number}]`,
        messageId,
        text: `已经拍照了，漏水在进水口。\n\n在 2026年3月2日 10:00，Aftercare 售后 <service@aftercare.test> 写道：\n> 已收到您的反馈`,
      }),
    );
    expect((await messageOutcome(messageId))[0]).toMatchObject({
      outcome: 'reply_added',
      reason: 'subject',
      ticket_id: ticket.id,
    });
    expect(await emailTicketCount()).toBe(before);
    const replies = (await ticketDetail(ticket.id)).timeline.filter(
      (entry) => entry.kind === 'customer_reply',
    );
    expect(replies.map((entry) => entry.body)).toEqual(['已经拍照了，漏水在进水口。']);
    expect(replies[0]!.data).toMatchObject({ via: 'email' });
  });

  it('threads a reply by In-Reply-To alone, whatever its subject and sender', async () => {
    const messageId = '<reply-header@mail.example.com>';
    await deliver(
      service,
      serviceMailbox,
      await compose({
        from: '杨帆的同事 <colleague@example.com>',
        to: 'service@aftercare.test',
        subject: '补充一下安装地址',
        messageId,
        inReplyTo: acknowledgement.messageId,
        text: '安装地址是上海市浦东新区。',
      }),
    );
    expect((await messageOutcome(messageId))[0]).toMatchObject({
      outcome: 'reply_added',
      reason: 'headers',
      ticket_id: ticket.id,
    });
    const replies = (await ticketDetail(ticket.id)).timeline.filter(
      (entry) => entry.kind === 'customer_reply',
    );
    expect(replies.at(-1)!.body).toBe('安装地址是上海市浦东新区。');
  });

  it('does not let a stranger join a ticket just by writing its number in the subject', async () => {
    const messageId = '<stranger@mail.example.org>';
    await deliver(
      service,
      serviceMailbox,
      await compose({
        from: 'stranger@example.org',
        to: 'service@aftercare.test',
        subject: `Re: [#${ticket.number}] 我也有问题`,
        messageId,
        text: '我的热水器也坏了。',
      }),
    );
    const [taken] = await messageOutcome(messageId);
    expect(taken!.outcome).toBe('ticket_created');
    expect(taken!.ticket_id).not.toBe(ticket.id);
  });

  it("sends a staff reply threaded under the customer's latest message, referencing the chain from the first", async () => {
    const sent = mailsTo(customer.address).length;
    const reply = await admin.request('POST', `/api/v1/tickets/${ticket.id}/replies`, {
      body: '师傅明天上午上门检查。',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const mail = await waitFor(async () => mailsTo(customer.address)[sent], { what: 'the staff reply' });
    expect(mail.subject).toBe(`Re: 净水器漏水 [#${ticket.number}]`);
    expect(mail.text).toContain('师傅明天上午上门检查。');
    expect(mail.inReplyTo).toBe('<reply-header@mail.example.com>');
    expect(referencesOf(mail)).toEqual([
      firstMessageId,
      acknowledgement.messageId,
      '<reply-subject@mail.example.com>',
      '<reply-header@mail.example.com>',
    ]);
    expect(mail.messageId).toMatch(/^<notification-[0-9a-f-]{36}@service\.aftercare\.test>$/);
  });
});

describe('mail about tickets from other channels', () => {
  it('keeps their subjects, and threads an e-mail answer to them by the id of our message', async () => {
    const created = await admin.request('POST', '/api/v1/tickets', {
      title: '电话报修：洗衣机漏水',
      type: 'repair',
      channel: 'phone',
      customer: { name: '周杰', email: 'zhoujie@example.com' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const phoneTicket = created.json() as { id: string; number: string };
    const ack = await waitFor(async () => mailsTo('zhoujie@example.com')[0], { what: 'the acknowledgement' });
    expect(ack.subject).toBe(`【${phoneTicket.number}】已收到您的反馈`);
    expect(ack.inReplyTo).toBe(`<ticket-${phoneTicket.id}@service.aftercare.test>`);

    const messageId = '<phone-answer@mail.example.com>';
    await deliver(
      service,
      serviceMailbox,
      await compose({
        from: 'zhoujie@example.com',
        to: 'service@aftercare.test',
        subject: 'Re: 收到',
        messageId,
        inReplyTo: ack.messageId,
        text: '好的，我明天在家。',
      }),
    );
    expect((await messageOutcome(messageId))[0]).toMatchObject({
      outcome: 'reply_added',
      reason: 'headers',
      ticket_id: phoneTicket.id,
    });
  });
});

describe('the same message twice', () => {
  it('becomes one ticket when appended twice and delivered to a second mailbox too', async () => {
    const messageId = '<dup-4411@mail.example.com>';
    const raw = await compose({
      from: '王磊 <wanglei@example.com>',
      to: 'service@aftercare.test, sales@aftercare.test',
      subject: '空调不制冷',
      messageId,
      text: '空调开机半小时仍然不制冷。',
    });
    const before = await emailTicketCount();
    await imap.append(service, raw);
    await imap.append(service, raw);
    const salesUid = await imap.append(sales, raw);
    // Both mailboxes at once: on PostgreSQL these run side by side on separate connections.
    await Promise.all([fetchMailbox(t.context, serviceMailbox), fetchMailbox(t.context, salesMailbox)]);
    await waitFor(async () => (await position(salesMailbox)) >= salesUid, { what: 'the sales copy taken' });
    await waitFor(async () => (await messageOutcome(messageId))[0]?.outcome === 'ticket_created', {
      what: 'the ticket',
    });
    expect(await emailTicketCount()).toBe(before + 1);
    const [taken] = await messageOutcome(messageId);
    const acks = await t.db.query(
      `SELECT 1 FROM notifications WHERE ticket_id = $1 AND template = 'ticketAcknowledged'`,
      [taken!.ticket_id],
    );
    expect(acks).toHaveLength(1);
  });

  it('adds one reply when the same reply arrives twice', async () => {
    const raw = await compose({
      from: `${customer.name} <${customer.address}>`,
      to: 'service@aftercare.test',
      subject: `Re: 净水器漏水 [#${ticket.number}]`,
      messageId: '<twice-reply@mail.example.com>',
      inReplyTo: firstMessageId,
      text: '请尽快安排。',
    });
    await deliver(service, serviceMailbox, raw);
    await deliver(service, serviceMailbox, raw);
    const replies = (await ticketDetail(ticket.id)).timeline.filter((entry) => entry.body === '请尽快安排。');
    expect(replies).toHaveLength(1);
  });
});

describe('automatic mail', () => {
  it('records an auto-reply and a bounce as ignored: no ticket, no reply, no mail sent', async () => {
    await outboxDrained();
    const ticketsBefore = await emailTicketCount();
    const timelineBefore = (await ticketDetail(ticket.id)).timeline.length;
    const outboxBefore = await emailOutboxCount();
    const sentBefore = smtp.messages.length;
    const autoReply = await compose({
      from: `${customer.name} <${customer.address}>`,
      to: 'service@aftercare.test',
      subject: `自动回复: Re: 净水器漏水 [#${ticket.number}]`,
      messageId: '<ooo-1@mail.example.com>',
      inReplyTo: acknowledgement.messageId,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      text: '我正在休假，3月10日回来。',
    });
    const bounce = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
      'To: service@aftercare.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.example.com>',
      'Date: Mon, 2 Mar 2026 10:00:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'This is the mail system. Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.com',
      '',
      'Final-Recipient: rfc822; nobody@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--b1--',
      '',
    ].join('\r\n');
    await deliver(service, serviceMailbox, autoReply);
    await deliver(service, serviceMailbox, bounce);

    expect((await messageOutcome('<ooo-1@mail.example.com>'))[0]).toMatchObject({
      outcome: 'ignored',
      reason: 'auto_submitted',
      ticket_id: null,
    });
    expect((await messageOutcome('<bounce-1@mx.example.com>'))[0]).toMatchObject({
      outcome: 'ignored',
      reason: 'delivery_report',
    });
    expect(await emailTicketCount()).toBe(ticketsBefore);
    expect((await ticketDetail(ticket.id)).timeline).toHaveLength(timelineBefore);
    expect(await emailOutboxCount()).toBe(outboxBefore);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages).toHaveLength(sentBefore);
  });
});

describe('content', () => {
  it('keeps attachments under their Chinese names (RFC 2231 and RFC 2047) and notes a refused one', async () => {
    const photo = Buffer.from('ffd8ffe000104a46494600010101004800480000ffd9', 'hex');
    const messageId = '<attachments-1@mail.example.com>';
    await deliver(
      service,
      serviceMailbox,
      await compose({
        from: '李娜 <lina@example.com>',
        to: 'service@aftercare.test',
        subject: '发票和照片',
        messageId,
        text: '发票照片见附件。',
        attachments: [
          { filename: '发票照片.jpg', content: photo, contentType: 'image/jpeg' },
          { filename: '安装程序.exe', content: Buffer.from('MZ'), contentType: 'application/x-msdownload' },
        ],
      }),
    );
    const gbk = [
      'From: lina@example.com',
      'To: service@aftercare.test',
      'Subject: =?GB2312?B?udjT2s6s0N4=?=',
      'Message-ID: <attachments-2@mail.example.com>',
      'Date: Mon, 2 Mar 2026 10:00:00 +0800',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="gb"',
      '',
      '--gb',
      'Content-Type: text/plain; charset=GB2312',
      'Content-Transfer-Encoding: base64',
      '',
      'xPq6w6OsuL28/srHzqzQ3rWloaM=',
      '--gb',
      'Content-Type: application/octet-stream; name="=?GB2312?B?zqzQ3rWlLnBkZg==?="',
      'Content-Disposition: attachment; filename="=?GB2312?B?zqzQ3rWlLnBkZg==?="',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      '--gb--',
      '',
    ].join('\r\n');
    await deliver(service, serviceMailbox, gbk);

    const first = await ticketDetail((await messageOutcome(messageId))[0]!.ticket_id!);
    expect(
      first.attachments.map(({ fileName, contentType, sizeBytes }) => ({ fileName, contentType, sizeBytes })),
    ).toEqual([{ fileName: '发票照片.jpg', contentType: 'image/jpeg', sizeBytes: photo.length }]);
    const download = await admin.request('GET', `/api/v1/attachments/${first.attachments[0]!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(photo)).toBe(true);
    const note = first.timeline.find((entry) => entry.kind === 'internal_note');
    expect(note?.isPublic).toBe(false);
    expect(note?.body).toContain('安装程序.exe');

    const second = await ticketDetail(
      (await messageOutcome('<attachments-2@mail.example.com>'))[0]!.ticket_id!,
    );
    expect(second.ticket.title).toBe('关于维修');
    expect(second.ticket.description).toBe('您好，附件是维修单。');
    expect(second.attachments.map((file) => [file.fileName, file.contentType])).toEqual([
      ['维修单.pdf', 'application/pdf'],
    ]);
  });

  it('sanitises HTML mail and shows its text', async () => {
    const messageId = '<html-1@mail.example.com>';
    await deliver(
      service,
      serviceMailbox,
      await compose({
        from: '赵敏 <zhaomin@example.com>',
        to: 'service@aftercare.test',
        subject: '遥控器失灵',
        messageId,
        html: '<html><head><style>p{color:red}</style></head><body><p onclick="steal()">遥控器按键<b>失灵</b>。</p><script>alert("x")</script><img src="https://tracker.example.com/o.gif"></body></html>',
      }),
    );
    const [taken] = await messageOutcome(messageId);
    expect(taken!.html_body).toBe('<p>遥控器按键<b>失灵</b>。</p>');
    const detail = await ticketDetail(taken!.ticket_id!);
    expect(detail.ticket.description).toBe('遥控器按键失灵。');
    expect(JSON.stringify(detail)).not.toContain('alert');
  });
});

describe('reliability', () => {
  it('leaves a mail unseen and untaken when storing it fails, and takes it on the next fetch', async () => {
    // A real fault inside the transaction: the database refuses this one ticket.
    await t.db.exec(`
      CREATE FUNCTION refuse_test_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.title = '触发故障' THEN RAISE EXCEPTION 'refused for the test'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_test_ticket BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION refuse_test_ticket();`);
    const messageId = '<fault-1@mail.example.com>';
    const raw = await compose({
      from: 'fault@example.com',
      to: 'service@aftercare.test',
      subject: '触发故障',
      messageId,
      text: '请处理。',
    });
    const uid = await imap.append(service, raw);
    const lastUid = await position(serviceMailbox);
    const result = await fetchMailbox(t.context, serviceMailbox);
    if (result.status === 'fetched') expect(result.error).toContain('refused for the test');
    await waitFor(
      async () =>
        (
          await t.db.query<{ last_error: string | null }>('SELECT last_error FROM mailboxes WHERE id = $1', [
            serviceMailbox,
          ])
        )[0]?.last_error,
      { what: 'the error recorded' },
    );
    expect(await messageOutcome(messageId)).toEqual([]);
    expect(await position(serviceMailbox)).toBe(lastUid);
    expect(await imap.flagsOf(service, uid)).not.toContain('\\Seen');

    await t.db.exec('DROP TRIGGER refuse_test_ticket ON tickets; DROP FUNCTION refuse_test_ticket();');
    await fetchMailbox(t.context, serviceMailbox);
    await waitFor(async () => (await messageOutcome(messageId))[0]?.outcome === 'ticket_created', {
      what: 'the retried mail taken',
    });
    await waitFor(async () => (await imap.flagsOf(service, uid)).has('\\Seen'), { what: 'marked seen' });
    const mailbox = await admin.request('GET', `/api/v1/mailboxes/${serviceMailbox}`);
    expect(mailbox.json()).toMatchObject({ status: { lastError: null } });
  });

  it('takes new mail without waiting for the poll: the worker listens with IMAP IDLE', async () => {
    const messageId = '<idle-1@mail.example.com>';
    // The worker's listener is connected, and the minute's poll will not come for this mailbox.
    await waitFor(async () => imap.openSessions(sales.username) > 0, {
      what: 'the IDLE connection',
      timeoutMs: 25_000,
    });
    await t.db.query(`UPDATE mailboxes SET poll_queued_at = '2100-01-01' WHERE id = $1`, [salesMailbox]);
    // Let the fetch the listener queues when it connects (for mail that came before) run first.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await imap.append(
      sales,
      await compose({
        from: 'idle@example.com',
        to: 'sales@aftercare.test',
        subject: '想订购一批滤芯',
        messageId,
        text: '请报价。',
      }),
    );
    const taken = await waitFor(async () => (await messageOutcome(messageId))[0], {
      what: 'the mail taken by the IDLE watcher',
      timeoutMs: 15_000,
    });
    expect(taken.outcome).toBe('ticket_created');
  }, 60_000);

  it('starts over with the unseen mail when the folder is recreated (UIDVALIDITY changes)', async () => {
    await imap.session(service, (client) => client.mailboxCreate('Support'));
    const response = await admin.request('PATCH', `/api/v1/mailboxes/${serviceMailbox}`, {
      folder: 'Support',
    });
    expect(response.statusCode, response.body).toBe(200);
    const raw = (n: number) =>
      compose({
        from: 'folder@example.com',
        to: 'service@aftercare.test',
        subject: `文件夹测试 ${n}`,
        messageId: `<folder-${n}@mail.example.com>`,
        text: '测试',
      });
    await imap.append(service, await raw(1), { folder: 'Support' });
    await imap.append(service, await raw(2), { folder: 'Support' });
    await fetchMailbox(t.context, serviceMailbox);
    await waitFor(async () => (await position(serviceMailbox)) >= 2, { what: 'both taken' });

    await imap.session(service, async (client) => {
      await client.mailboxDelete('Support');
      await client.mailboxCreate('Support');
    });
    // UID 1 again, below the position we had: only a changed UIDVALIDITY tells us it is new mail.
    const uid = await imap.append(service, await raw(3), { folder: 'Support' });
    expect(uid).toBe(1);
    await fetchMailbox(t.context, serviceMailbox);
    await waitFor(
      async () => (await messageOutcome('<folder-3@mail.example.com>'))[0]?.outcome === 'ticket_created',
      {
        what: 'the mail in the recreated folder',
      },
    );
  });
});
