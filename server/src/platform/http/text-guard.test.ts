import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { rejectUnstorableText, unstorableTextAt } from './text-guard.js';

describe('unstorableTextAt', () => {
  it('names the first value or key holding a NUL or a lone surrogate', () => {
    expect(unstorableTextAt({ title: 'a\u0000b' }, 'body')).toBe('body.title');
    expect(unstorableTextAt({ tags: ['ok', '\uD800'] }, 'body')).toBe('body.tags.1');
    expect(unstorableTextAt({ filters: { 'a\u0000': 1 } }, 'body')).toBe('body.filters.a\\u0000');
    expect(unstorableTextAt('\uDC00x', 'query')).toBe('query');
  });

  it('accepts ordinary text, paired surrogates and deep nesting', () => {
    expect(
      unstorableTextAt({ title: '投影仪无信号 𠮷 😀', n: 1, ok: true, none: null }, 'body'),
    ).toBeUndefined();
    let deep: unknown = 'end';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(unstorableTextAt(deep, 'body')).toBeUndefined();
  });
});

describe('rejectUnstorableText', () => {
  it('refuses with a validation problem naming the field', () => {
    const request = { params: {}, query: { q: 'x\u0000' }, body: undefined, headers: {} };
    expect(() => rejectUnstorableText(request)).toThrow(AppError);
    try {
      rejectUnstorableText(request);
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).details.field).toBe('query.q');
      expect((error as AppError).detailIn('en')).toContain('cannot be stored');
    }
  });
});
