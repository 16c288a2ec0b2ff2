import { describe, expect, it } from 'vitest';
import { PreparedStatements } from './prepared-statements.js';

const text = 'SELECT id FROM tickets WHERE id = $1';

describe('prepared statements', () => {
  it('names a text from its third run on, with the same name every time', () => {
    const statements = new PreparedStatements(true);
    expect(statements.configure(text, ['a'])).toEqual({ text, values: ['a'] });
    expect(statements.configure(text, ['b']).name).toBeUndefined();
    const third = statements.configure(text, ['c']);
    expect(third.name).toMatch(/^s[0-9a-f]{24}$/);
    expect(third.values).toEqual(['c']);
    expect(statements.configure(text, ['d']).name).toBe(third.name);
    expect(new PreparedStatements(true).configure(text, ['e']).name).toBeUndefined();
    expect(statements.preparedCount).toBe(1);
  });

  it('gives different texts different names', () => {
    const statements = new PreparedStatements(true);
    const names = ['SELECT 1 WHERE $1::int = 1', 'SELECT 2 WHERE $1::int = 1'].map((other) => {
      for (let run = 0; run < 2; run++) statements.configure(other, [1]);
      return statements.configure(other, [1]).name;
    });
    expect(names[0]).toBeDefined();
    expect(names[1]).toBeDefined();
    expect(names[0]).not.toBe(names[1]);
  });

  it('never names a parameterless script that may hold several statements', () => {
    const statements = new PreparedStatements(true);
    const script = 'BEGIN; SELECT 1; COMMIT';
    for (let run = 0; run < 5; run++) expect(statements.configure(script).name).toBeUndefined();
    for (let run = 0; run < 2; run++) statements.configure('SELECT value FROM reference_data_version');
    expect(statements.configure('SELECT value FROM reference_data_version').name).toBeDefined();
  });

  it('names nothing when switched off', () => {
    const statements = new PreparedStatements(false);
    for (let run = 0; run < 5; run++) expect(statements.configure(text, [run]).name).toBeUndefined();
    expect(statements.preparedCount).toBe(0);
  });

  it('stops naming new texts at its bound, and keeps the names it gave', () => {
    const statements = new PreparedStatements(true);
    const nameOf = (index: number) => {
      const numbered = `SELECT ${index} WHERE $1::int = 1`;
      for (let run = 0; run < 2; run++) statements.configure(numbered, [1]);
      return statements.configure(numbered, [1]).name;
    };
    const first = nameOf(0);
    for (let index = 1; index < 256; index++) expect(nameOf(index)).toBeDefined();
    expect(nameOf(256)).toBeUndefined();
    expect(statements.preparedCount).toBe(256);
    expect(statements.configure('SELECT 0 WHERE $1::int = 1', [1]).name).toBe(first);
  });
});
