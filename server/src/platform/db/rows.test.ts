import { describe, expect, it } from 'vitest';
import { camelRow, SqlParams } from './rows.js';

describe('camelRow', () => {
  it('renames snake_case columns and keeps values', () => {
    const date = new Date();
    expect(camelRow({ id: 1, owner_user_id: 'u', first_response_at: date, tags: ['a'] })).toEqual({
      id: 1,
      ownerUserId: 'u',
      firstResponseAt: date,
      tags: ['a'],
    });
  });
});

describe('SqlParams', () => {
  it('numbers parameters in order', () => {
    const params = new SqlParams();
    expect([params.add('a'), params.add(2)]).toEqual(['$1', '$2']);
    expect(params.values).toEqual(['a', 2]);
  });
});
