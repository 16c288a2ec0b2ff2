import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

// Loading the dictionary takes a moment; it happens once, on first use.
let jieba: Jieba | undefined;
const segmenter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

const WORD = /[\p{L}\p{N}]/u;

/**
 * Splits text into search terms, lower-cased: Chinese by jieba. Documents use search mode (every
 * sub-word too: 洗衣机 → 洗衣, 洗衣机), queries the precise mode, so a query word is always in the document.
 */
export function searchTerms(text: string, mode: 'document' | 'query' = 'document'): string[] {
  if (!text) return [];
  const words = mode === 'document' ? segmenter().cutForSearch(text, true) : segmenter().cut(text, true);
  const terms = words.map((term) => term.trim().toLowerCase()).filter((term) => term && WORD.test(term));
  return [...new Set(terms)];
}

/** The document text stored in a `tsvector('simple')`: the terms, space separated. */
export function searchDocument(...parts: (string | null | undefined)[]): string {
  const terms = new Set<string>();
  for (const part of parts) {
    if (!part) continue;
    for (const term of searchTerms(part)) terms.add(term);
    // Identifiers (numbers, phones, e-mails, serials) are also searchable whole and by their pieces.
    for (const token of part.toLowerCase().split(/[\s,，。;；:：]+/)) {
      if (/^[a-z0-9@._+-]{3,}$/.test(token)) {
        terms.add(token);
        for (const piece of token.split(/[@._+-]/)) if (piece.length >= 2) terms.add(piece);
      }
    }
  }
  return [...terms].map(quoteLexeme).join(' ');
}

const quoteLexeme = (term: string) => `'${term.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;

/**
 * A `to_tsquery('simple', …)` expression for what a user typed: every term must match; Latin and digit
 * terms also match as prefixes, so "1381234" finds a phone number.
 */
export function searchQuery(input: string): string | null {
  const terms = searchTerms(input.slice(0, 200), 'query');
  if (terms.length === 0) return null;
  return terms
    .map((term) => (/^[a-z0-9]+$/.test(term) ? `${quoteLexeme(term)}:*` : quoteLexeme(term)))
    .join(' & ');
}
