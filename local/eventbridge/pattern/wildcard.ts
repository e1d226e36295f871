import { invalid } from './errors.ts';

const ASTERISK = 0x2a;
const BACKSLASH = 0x5c;

/**
 * Checks a `wildcard` operand as Event Ruler does: no two `*` in a row, and a backslash may only
 * escape `*` or another backslash. Positions count UTF-8 bytes of the operand in its JSON quotes,
 * as Event Ruler's messages do.
 */
const checkWildcard = (text: string): void => {
  const bytes = Buffer.from(`"${text}"`, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === ASTERISK && bytes[i + 1] === ASTERISK) {
      invalid(`Consecutive wildcard characters at pos ${i}`);
    }
    if (bytes[i] === BACKSLASH) {
      if (bytes[i + 1] !== ASTERISK && bytes[i + 1] !== BACKSLASH) {
        invalid(`Invalid escape character at pos ${i}`);
      }
      i++;
    }
  }
};

/** Compiles a checked wildcard operand to an anchored expression over the whole string. */
const wildcardExpression = (text: string): RegExp => {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '\\') {
      source += `\\${text[i + 1] ?? ''}`;
      i++;
    } else if (char === '*') {
      source += '[\\s\\S]*';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
};

export { checkWildcard, wildcardExpression };
