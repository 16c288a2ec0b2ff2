import { describe, expect, it } from 'vitest';
import { searchDocument, searchQuery, searchTerms } from './search.js';

describe('Chinese search terms', () => {
  it('segments a fault description into words', () => {
    expect(searchTerms('空调制冷效果异常')).toEqual(expect.arrayContaining(['空调', '制冷', '效果', '异常']));
  });

  it('finds 制冷 as a term of the document', () => {
    const query = searchQuery('制冷');
    expect(query).toBe("'制冷'");
    expect(searchDocument('空调制冷效果异常')).toContain("'制冷'");
  });

  it('keeps identifiers whole and in pieces, and matches digits as prefixes', () => {
    const document = searchDocument('电话 13812345678 邮箱 zhangwei@163.com 订单 JD2024-0501');
    expect(document).toContain("'13812345678'");
    expect(document).toContain("'zhangwei@163.com'");
    expect(document).toContain("'zhangwei'");
    expect(document).toContain("'jd2024-0501'");
    expect(searchQuery('1381234')).toBe("'1381234':*");
  });

  it('joins several terms with AND and ignores punctuation', () => {
    expect(searchQuery('洗衣机， 漏水！')).toBe("'洗衣机' & '漏水'");
    expect(searchQuery('，。！')).toBeNull();
  });

  it('never lets punctuation such as quotes into the query', () => {
    expect(searchQuery("o'brien")).toBe("'o':* & 'brien':*");
  });
});
