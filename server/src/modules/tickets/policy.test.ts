import { describe, expect, it } from 'vitest';
import { missingEssentials, needsManagementApproval, ticketPolicySchema } from './policy.js';

const base = {
  contactPhone: null,
  contactEmail: null,
  orderNumber: null,
  productModel: null,
  serialNumber: null,
};

describe('missingEssentials', () => {
  it.each([
    ['consultation', {}, ['contact']],
    ['consultation', { contactPhone: '13800000000' }, []],
    ['consultation', { contactEmail: 'a@b.cn' }, []],
    ['refund', { contactPhone: '1' }, ['order']],
    ['order_question', { contactPhone: '1', orderNumber: 'JD1' }, []],
    ['repair', { contactPhone: '1' }, ['product']],
    ['repair', { contactPhone: '1', serialNumber: 'SN1' }, []],
    ['usage_question', { contactPhone: '1', productModel: 'KFR-35GW' }, []],
    ['return_exchange', {}, ['contact', 'order', 'product']],
    ['complaint', { contactEmail: 'x@y.z' }, []],
  ] as const)('%s with %j lacks %j', (type, fields, expected) => {
    expect(missingEssentials({ ...base, type, ...fields })).toEqual(expected);
  });
});

describe('needsManagementApproval', () => {
  const policy = ticketPolicySchema.parse({ majorCompensationThreshold: 2000 });
  it.each([
    [{ isBulk: false, compensationAmount: null }, false],
    [{ isBulk: false, compensationAmount: 2000 }, false],
    [{ isBulk: false, compensationAmount: 2000.01 }, true],
    [{ isBulk: true, compensationAmount: 0 }, true],
  ])('%j → %s', (plan, expected) => {
    expect(needsManagementApproval(plan, policy)).toBe(expected);
  });
});

describe('ticket policy defaults', () => {
  it('are the SPEC numbers', () => {
    expect(ticketPolicySchema.parse({})).toEqual({
      autoCloseDays: 7,
      reopenWindowDays: 14,
      majorCompensationThreshold: 2000,
      duplicateWindowDays: 30,
    });
  });
});
