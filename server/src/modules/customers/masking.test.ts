import { describe, expect, it } from 'vitest';
import { normalizePhone } from './contact-details.js';
import {
  canSeePersonalData,
  maskAddress,
  maskEmail,
  maskName,
  maskPhone,
  presentContact,
  presentCustomer,
} from './masking.js';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李小龙', '李**'],
    ['John Smith', 'J*** S****'],
    ['Mary Ann  Lee', 'M*** A**  L**'],
    ['J Smith', '* S****'],
    ['阿卜杜拉·买买提', '阿***·买**'],
    ['Madonna', 'M******'],
    ['张', '*'],
    ['  王五 ', '王*'],
    ['𠮷野家', '𠮷**'],
    ['', ''],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('is null-safe', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName(undefined)).toBeNull();
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['010-12345678', '010-****5678'],
    ['0571-88886666', '0571-****6666'],
    ['0571 8888666', '0571 ***8666'],
    ['+8613812345678', '+86138****5678'],
    ['+86 138 1234 5678', '+86 138 **** 5678'],
    ['+86 13812345678', '+86 138****5678'],
    ['01012345678', '010****5678'],
    ['400-820-8820', '400-***-8820'],
    ['12345678', '****5678'],
    ['95588', '***88'],
    ['110', '***'],
    ['1234', '****'],
    ['n/a', '***'],
    ['', ''],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('is null-safe', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
  });

  it('never shows a whole number', () => {
    for (const phone of ['13812345678', '010-12345678', '95588', '12', '+8613812345678']) {
      expect(maskPhone(phone)).toContain('*');
    }
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhangwei@163.com', 'z*******@163.com'],
    ['a@example.com', '*@example.com'],
    ['Li.Na@Corp.example', 'L****@Corp.example'],
    ['not-an-email', 'n***********'],
    ['', ''],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('is null-safe', () => {
    expect(maskEmail(null)).toBeNull();
    expect(maskEmail(undefined)).toBeNull();
  });
});

describe('maskAddress', () => {
  it.each([
    ['北京市朝阳区建国路88号', '北京市朝阳区****'],
    ['浙江省杭州市西湖区文三路478号', '浙江省杭州市西湖区****'],
    ['广东省深圳市南山区科技园南区 3 栋', '广东省深圳市南山区****'],
    ['1 Main Street, Springfield', '1 M****'],
    ['区', '****'],
    ['', ''],
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  it('is null-safe', () => {
    expect(maskAddress(null)).toBeNull();
  });
});

describe('presentCustomer', () => {
  const customer = {
    id: 'c1',
    customerNumber: 'C000001',
    name: '张伟',
    phone: '13812345678',
    email: 'zhangwei@163.com',
    address: '北京市朝阳区建国路88号',
    region: '北京市',
    createdAt: new Date('2026-01-02T03:04:05Z'),
    updatedAt: new Date('2026-01-02T03:04:05Z'),
  };

  it('masks personal data for a reader without the permission', () => {
    expect(presentCustomer(customer, false)).toEqual({
      id: 'c1',
      customerNumber: 'C000001',
      name: '张*',
      phone: '138****5678',
      email: 'z*******@163.com',
      address: '北京市朝阳区****',
      region: '北京市',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
      masked: true,
    });
  });

  it('shows it to a reader with the permission', () => {
    expect(presentCustomer(customer, true)).toMatchObject({
      name: '张伟',
      phone: '13812345678',
      email: 'zhangwei@163.com',
      address: '北京市朝阳区建国路88号',
      masked: false,
    });
  });

  it('masks contacts the same way', () => {
    const contact = { id: 'k1', name: 'John Smith', phone: null, email: 'js@x.cn', createdAt: new Date(0) };
    expect(presentContact(contact, false)).toMatchObject({
      name: 'J*** S****',
      phone: null,
      email: 'j*@x.cn',
    });
    expect(presentContact(contact, true)).toMatchObject({ name: 'John Smith', email: 'js@x.cn' });
  });
});

describe('canSeePersonalData', () => {
  const principal = (permissions: string[], kind: 'session' | 'token' = 'session', scopes?: string[]) => ({
    kind,
    userId: 'u',
    username: 'u',
    displayName: 'u',
    locale: 'zh-CN' as const,
    roleKey: 'r',
    permissions: new Set(permissions),
    groupIds: [],
    ...(scopes ? { scopes: new Set(scopes) } : {}),
  });

  it('needs customers.pii, and for a token also the scope', () => {
    expect(canSeePersonalData(principal(['customers.read', 'customers.pii']))).toBe(true);
    expect(canSeePersonalData(principal(['customers.read']))).toBe(false);
    expect(canSeePersonalData(principal(['customers.pii'], 'token', ['customers.read']))).toBe(false);
    expect(canSeePersonalData(principal(['customers.pii'], 'token', ['customers.pii']))).toBe(true);
    expect(canSeePersonalData(null)).toBe(false);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['138 1234 5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['010-12345678', '01012345678'],
    ['(0571) 8888.6666', '057188886666'],
    ['+1 (415) 555-0100', '+14155550100'],
  ])('%s → %s', (phone, normalized) => {
    expect(normalizePhone(phone)).toBe(normalized);
  });
});
