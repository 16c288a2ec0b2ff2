import { describe, expect, it } from 'vitest';
import { destinationHash, maskDestination, parseDestination } from './destination.js';

describe('parseDestination', () => {
  it.each([
    ['Li.Na@Example.COM', { kind: 'email', value: 'li.na@example.com' }],
    ['  yangfan@163.com ', { kind: 'email', value: 'yangfan@163.com' }],
    ['13812345678', { kind: 'phone', value: '13812345678' }],
    ['+86 138-1234-5678', { kind: 'phone', value: '13812345678' }],
    ['0086 13812345678', { kind: 'phone', value: '13812345678' }],
    ['+44 7700 900123', { kind: 'phone', value: '+447700900123' }],
  ])('reads %s', (raw, expected) => {
    expect(parseDestination(raw)).toEqual(expected);
  });

  it.each([
    '',
    'not an address',
    'a@b',
    '@example.com',
    '010-12345678',
    '12812345678',
    '1381234567',
    '95588',
  ])('refuses %j', (raw) => {
    expect(parseDestination(raw)).toBeUndefined();
  });
});

describe('maskDestination', () => {
  it('shows enough to recognise the address, never all of it', () => {
    expect(maskDestination({ kind: 'email', value: 'zhangwei@163.com' })).toBe('z*******@163.com');
    expect(maskDestination({ kind: 'phone', value: '13812345678' })).toBe('138****5678');
  });
});

describe('destinationHash', () => {
  it('is stable per address and kind, and holds no part of the address', () => {
    const email = destinationHash({ kind: 'email', value: 'li@example.com' });
    expect(email).toBe(destinationHash({ kind: 'email', value: 'li@example.com' }));
    expect(email).not.toBe(destinationHash({ kind: 'email', value: 'lu@example.com' }));
    expect(email).toMatch(/^[0-9a-f]{64}$/);
  });
});
