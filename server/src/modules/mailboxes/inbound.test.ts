import { describe, expect, it } from 'vitest';
import {
  type AutomaticReason,
  attachmentContentType,
  automaticMailReason,
  decideIngest,
  fallbackMessageId,
  headerValuesOf,
  messageIdsIn,
  normalizeMessageId,
  originalSubject,
  ourMessageIdTarget,
  outgoingThreadHeaders,
  planFetch,
  replySubject,
  threadCandidates,
  ticketNumbersInSubject,
  trimQuotedHistory,
} from './inbound.js';

const headers = (lines: string[]) =>
  headerValuesOf(lines.map((line) => ({ key: line.slice(0, line.indexOf(':')), line })));

const reasonOf = (lines: string[], fromAddress: string | null = 'yangfan@example.com', own: string[] = []) =>
  automaticMailReason({ headers: headers(lines), fromAddress, ownAddresses: own });

describe('headerValuesOf', () => {
  it('unfolds continuation lines and keeps every value of a repeated header', () => {
    const values = headerValuesOf([
      { key: 'References', line: 'References: <a@x>\r\n\t<b@x>' },
      { key: 'Received', line: 'Received: one' },
      { key: 'received', line: 'Received: two' },
    ]);
    expect(values.get('references')).toEqual(['<a@x> <b@x>']);
    expect(values.get('received')).toEqual(['one', 'two']);
  });
});

describe('automaticMailReason', () => {
  const cases: [string, string[], string | null, AutomaticReason | null][] = [
    ['a person', ['Subject: 净水器漏水'], 'yangfan@example.com', null],
    ['Auto-Submitted: auto-replied', ['Auto-Submitted: auto-replied'], 'a@x.cn', 'auto_submitted'],
    [
      'Auto-Submitted: auto-generated',
      ['Auto-Submitted: auto-generated; owner-email=x'],
      'a@x.cn',
      'auto_submitted',
    ],
    ['Auto-Submitted: no', ['Auto-Submitted: no'], 'a@x.cn', null],
    ['Auto-Submitted: No (any case)', ['Auto-Submitted: No'], 'a@x.cn', null],
    ['Precedence: bulk', ['Precedence: bulk'], 'a@x.cn', 'precedence'],
    ['Precedence: junk', ['Precedence: junk'], 'a@x.cn', 'precedence'],
    ['Precedence: list', ['Precedence: List'], 'a@x.cn', 'precedence'],
    ['Precedence: auto_reply', ['Precedence: auto_reply'], 'a@x.cn', 'precedence'],
    ['Precedence: first-class', ['Precedence: first-class'], 'a@x.cn', null],
    ['X-Autoreply: yes', ['X-Autoreply: yes'], 'a@x.cn', 'x_autoreply'],
    ['X-Autoreply: no', ['X-Autoreply: no'], 'a@x.cn', null],
    ['X-Autorespond', ['X-Autorespond: 1'], 'a@x.cn', 'x_autorespond'],
    ['X-Auto-Response-Suppress: All', ['X-Auto-Response-Suppress: All'], 'a@x.cn', 'auto_response_suppress'],
    [
      'X-Auto-Response-Suppress: OOF',
      ['X-Auto-Response-Suppress: DR, OOF'],
      'a@x.cn',
      'auto_response_suppress',
    ],
    ['X-Auto-Response-Suppress: None', ['X-Auto-Response-Suppress: None'], 'a@x.cn', null],
    [
      'a delivery status report',
      ['Content-Type: multipart/report; report-type=delivery-status; boundary="b"'],
      'a@x.cn',
      'delivery_report',
    ],
    [
      'a read receipt',
      ['Content-Type: multipart/report; report-type=disposition-notification'],
      'a@x.cn',
      'delivery_report',
    ],
    ['an ordinary multipart', ['Content-Type: multipart/mixed; boundary="b"'], 'a@x.cn', null],
    ['X-Failed-Recipients', ['X-Failed-Recipients: someone@x.cn'], 'a@x.cn', 'failed_recipients'],
    ['an empty Return-Path', ['Return-Path: <>'], 'a@x.cn', 'empty_return_path'],
    ['an empty Return-Path with spaces', ['Return-Path: < >'], 'a@x.cn', 'empty_return_path'],
    ['a normal Return-Path', ['Return-Path: <a@x.cn>'], 'a@x.cn', null],
    ['from MAILER-DAEMON', [], 'MAILER-DAEMON@mx.example.com', 'bounce_sender'],
    ['from postmaster', [], 'postmaster@example.com', 'bounce_sender'],
    ['from noreply', [], 'noreply@shop.example.com', 'noreply_sender'],
    ['from no-reply', [], 'no-reply@shop.example.com', 'noreply_sender'],
    ['from do-not-reply', [], 'do-not-reply@shop.example.com', 'noreply_sender'],
    ['from donotreply+tag', [], 'donotreply+orders@shop.example.com', 'noreply_sender'],
    ['from a person named Noreen', [], 'noreen@example.com', null],
    ['without a sender', [], null, 'no_sender'],
  ];
  it.each(cases)('%s', (_name, lines, from, expected) => {
    expect(reasonOf(lines, from)).toBe(expected);
  });

  it('recognises our own address coming back, in any case', () => {
    expect(reasonOf([], 'Service@Aftercare.test', ['service@aftercare.test'])).toBe('own_address');
    expect(reasonOf([], 'customer@aftercare.test', ['service@aftercare.test'])).toBeNull();
  });

  it('reads the first reason in a fixed order when several apply', () => {
    expect(reasonOf(['Precedence: bulk', 'Auto-Submitted: auto-replied'], 'mailer-daemon@x')).toBe(
      'auto_submitted',
    );
  });
});

describe('message ids', () => {
  it('normalises a Message-ID header', () => {
    expect(normalizeMessageId(' <abc@mail.example.com> ')).toBe('<abc@mail.example.com>');
    expect(normalizeMessageId('abc@mail.example.com')).toBe('<abc@mail.example.com>');
    expect(normalizeMessageId('<a@x> (comment)')).toBe('<a@x>');
    expect(normalizeMessageId('')).toBeNull();
    expect(normalizeMessageId(undefined)).toBeNull();
    expect(normalizeMessageId('two words')).toBeNull();
  });

  it('lists every id of a References header in order', () => {
    expect(messageIdsIn('<a@x>\t<b@y> junk <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });

  it('hashes a message without Message-ID to the same id every time, and different mail differently', () => {
    const parts = { from: 'a@x.cn', to: 'service@x.cn', date: 'Mon, 2 Mar 2026', subject: 's', text: '正文' };
    const id = fallbackMessageId(parts);
    expect(id).toMatch(/^<[0-9a-f]{40}@no-message-id\.aftercare\.invalid>$/);
    expect(fallbackMessageId({ ...parts, text: '正文\n' })).toBe(id);
    expect(fallbackMessageId({ ...parts, text: '别的' })).not.toBe(id);
    expect(fallbackMessageId({ ...parts, from: 'b@x.cn' })).not.toBe(id);
  });

  it('orders thread candidates: In-Reply-To, then References newest first, without repeats', () => {
    expect(threadCandidates(['<c>'], ['<a>', '<b>', '<c>'])).toEqual(['<c>', '<b>', '<a>']);
    expect(threadCandidates([], [])).toEqual([]);
  });

  it('recognises the ids of our own outgoing mail', () => {
    const id = '1b4e28ba-2fa1-4d2b-8e5b-0c4a3c1e9f00';
    expect(ourMessageIdTarget(`<notification-${id}@service.example.com>`)).toEqual({
      kind: 'notification',
      id,
    });
    expect(ourMessageIdTarget(`<ticket-${id.toUpperCase()}@x>`)).toEqual({ kind: 'ticket', id });
    expect(ourMessageIdTarget(`<notification-${id}>`)).toBeNull();
    expect(ourMessageIdTarget('<notification-123@x>')).toBeNull();
  });
});

describe('subjects', () => {
  it.each([
    ['Re: 净水器漏水 [#202611-001]', ['202611-001']],
    ['回复：【202611-002】已收到您的反馈', ['202611-002']],
    ['Fwd: [#202611-1234] and 202611-001', ['202611-1234', '202611-001']],
    ['订单 20261100-001 的问题', []],
    ['电话 13800000000', []],
    ['202611-01 too short', []],
  ])('finds ticket numbers in %j', (subject, numbers) => {
    expect(ticketNumbersInSubject(subject)).toEqual(numbers);
  });

  it.each([
    ['Re: Re: 净水器漏水', '净水器漏水'],
    ['RE：回复: 转发：净水器漏水', '净水器漏水'],
    ['Fwd: 净水器漏水 [#202611-001]', '净水器漏水'],
    ['AW: Re[2]: Lieferung', 'Lieferung'],
    ['Reply needed', 'Reply needed'],
    ['  ', ''],
  ])('takes the original subject of %j', (subject, original) => {
    expect(originalSubject(subject)).toBe(original);
  });

  it('builds the reply subject once, however often it is replied to', () => {
    expect(replySubject('净水器漏水', '202611-001')).toBe('Re: 净水器漏水 [#202611-001]');
    expect(replySubject('Re: 净水器漏水 [#202611-001]', '202611-001')).toBe('Re: 净水器漏水 [#202611-001]');
    expect(replySubject('', '202611-001')).toBe('Re: [#202611-001]');
  });
});

describe('trimQuotedHistory', () => {
  it.each([
    [
      'an English client',
      '已经拍照了，见附件。\n\nOn Mon, 2 Mar 2026 at 10:00, Aftercare <s@x.cn> wrote:\n> 请拍照\n',
    ],
    [
      'a wrapped English header',
      '已经拍照了，见附件。\n\nOn Mon, 2 Mar 2026 at 10:00, Aftercare\n<s@x.cn> wrote:\n> 请拍照',
    ],
    ['a Chinese client', '已经拍照了，见附件。\n\n在 2026年3月2日 10:00，售后服务 <s@x.cn> 写道：\n> 请拍照'],
    [
      'QQ Mail',
      '已经拍照了，见附件。\n\n------------------ 原始邮件 ------------------\n发件人: "售后" <s@x.cn>\n',
    ],
    [
      'Outlook',
      '已经拍照了，见附件。\n\n________________________________\nFrom: Aftercare <s@x.cn>\nSent: Monday\nTo: me',
    ],
    [
      'an Outlook block without a rule',
      '已经拍照了，见附件。\n\nFrom: Aftercare <s@x.cn>\nSent: Monday\nSubject: x',
    ],
    ['Chinese Outlook', '已经拍照了，见附件。\n\n发件人: 售后服务\n发送时间: 2026年3月2日\n收件人: 我'],
    ['bare quotes at the end', '已经拍照了，见附件。\n> 请拍照\n>\n'],
  ])('cuts the history quoted by %s', (_name, text) => {
    expect(trimQuotedHistory(text)).toBe('已经拍照了，见附件。');
  });

  it('keeps a text without history, and a text that is only history, whole', () => {
    expect(trimQuotedHistory('第一行\nFrom now on I use the new address.\n第三行')).toBe(
      '第一行\nFrom now on I use the new address.\n第三行',
    );
    expect(trimQuotedHistory('> only a quote')).toBe('> only a quote');
  });
});

describe('planFetch', () => {
  it('resumes after the last UID while UIDVALIDITY is unchanged', () => {
    expect(planFetch({ uidValidity: 7, lastUid: 41 }, { uidValidity: 7, uidNext: 50 })).toEqual({
      mode: 'resume',
      afterUid: 41,
    });
  });
  it('takes the unseen mail of a new mailbox and resumes after what exists now', () => {
    expect(planFetch({ uidValidity: null, lastUid: 0 }, { uidValidity: 7, uidNext: 50 })).toEqual({
      mode: 'unseen',
      uidValidity: 7,
      resumeAfterUid: 49,
    });
  });
  it('starts over with the unseen mail when UIDVALIDITY changed (the UIDs mean other messages now)', () => {
    expect(planFetch({ uidValidity: 7, lastUid: 41 }, { uidValidity: 8, uidNext: 3 })).toEqual({
      mode: 'unseen',
      uidValidity: 8,
      resumeAfterUid: 2,
    });
    expect(planFetch({ uidValidity: 7, lastUid: 41 }, { uidValidity: 8, uidNext: 0 })).toMatchObject({
      resumeAfterUid: 0,
    });
  });
});

describe('decideIngest', () => {
  const ticket = 'a1b2c3d4-0000-4000-8000-000000000001';
  const other = 'a1b2c3d4-0000-4000-8000-000000000002';
  it.each([
    [
      'automatic mail, even when it names a ticket',
      { automatic: 'auto_submitted' as const, ticketByHeaders: ticket, ticketBySubject: null },
      { action: 'ignore', reason: 'auto_submitted' },
    ],
    [
      'a reply naming our message',
      { automatic: null, ticketByHeaders: ticket, ticketBySubject: null },
      { action: 'reply', ticketId: ticket, threadedBy: 'headers' },
    ],
    [
      'headers win over the subject',
      {
        automatic: null,
        ticketByHeaders: ticket,
        ticketBySubject: { ticketId: other, senderIsCustomer: true },
      },
      { action: 'reply', ticketId: ticket, threadedBy: 'headers' },
    ],
    [
      "a subject number from the ticket's customer",
      {
        automatic: null,
        ticketByHeaders: null,
        ticketBySubject: { ticketId: ticket, senderIsCustomer: true },
      },
      { action: 'reply', ticketId: ticket, threadedBy: 'subject' },
    ],
    [
      'a subject number from someone else',
      {
        automatic: null,
        ticketByHeaders: null,
        ticketBySubject: { ticketId: ticket, senderIsCustomer: false },
      },
      { action: 'create' },
    ],
    [
      'a new message',
      { automatic: null, ticketByHeaders: null, ticketBySubject: null },
      { action: 'create' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(decideIngest(input)).toEqual(expected);
  });
});

describe('outgoingThreadHeaders', () => {
  it("answers the customer's latest message and references the whole chain from the first", () => {
    expect(
      outgoingThreadHeaders([
        { messageId: '<c1@customer>', direction: 'inbound' },
        { messageId: '<n1@us>', direction: 'outbound' },
        { messageId: '<c2@customer>', direction: 'inbound' },
        { messageId: '<n2@us>', direction: 'outbound' },
      ]),
    ).toEqual({
      inReplyTo: '<c2@customer>',
      references: ['<c1@customer>', '<n1@us>', '<c2@customer>', '<n2@us>'],
    });
  });
  it('answers our previous message when the customer has not written by e-mail', () => {
    expect(outgoingThreadHeaders([{ messageId: '<n1@us>', direction: 'outbound' }])).toEqual({
      inReplyTo: '<n1@us>',
      references: ['<n1@us>'],
    });
    expect(outgoingThreadHeaders([])).toEqual({ inReplyTo: undefined, references: [] });
  });
  it('keeps the root and the newest ids of a long thread', () => {
    const chain = Array.from({ length: 30 }, (_, index) => ({
      messageId: `<m${index}@x>`,
      direction: 'outbound' as const,
    }));
    const { references } = outgoingThreadHeaders(chain, 5);
    expect(references).toEqual(['<m0@x>', '<m26@x>', '<m27@x>', '<m28@x>', '<m29@x>']);
  });
});

describe('attachmentContentType', () => {
  it.each([
    ['image/jpeg', '发票照片.jpg', 'image/jpeg'],
    ['IMAGE/PNG; name=a.png', 'a.png', 'image/png'],
    ['application/octet-stream', '发票照片.JPG', 'image/jpeg'],
    ['application/octet-stream', '说明书.pdf', 'application/pdf'],
    ['application/octet-stream', 'tool.exe', 'application/octet-stream'],
    ['', 'noextension', 'application/octet-stream'],
  ])('%s named %s is %s', (declared, fileName, expected) => {
    expect(attachmentContentType(declared, fileName)).toBe(expected);
  });
});
