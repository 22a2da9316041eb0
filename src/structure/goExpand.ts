/**
 * Go's `os.Expand`, which container-structure-test applies to a file existence test's path with
 * the image's environment: `$NAME`, `${NAME}` and the shell's one-character specials; an unset
 * name gives "", a malformed `${` is dropped, a lone `$` stays.
 */
export function goExpand(text: string, lookup: (name: string) => string): string {
  let out = '';
  let from = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] !== '$' || j + 1 >= text.length) continue;
    out += text.slice(from, j);
    const { name, width } = shellName(text.slice(j + 1));
    if (name === '' && width > 0) {
      // invalid syntax: the characters are eaten
    } else if (name === '') {
      out += '$';
    } else {
      out += lookup(name);
    }
    j += width;
    from = j + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const isSpecial = (c: string | undefined): boolean => c !== undefined && '*#$@!?-0123456789'.includes(c);
const isAlphaNum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

function shellName(s: string): { name: string; width: number } {
  if (s[0] === '{') {
    if (s.length > 2 && isSpecial(s[1]) && s[2] === '}') return { name: s[1]!, width: 3 };
    const close = s.indexOf('}', 1);
    if (close === 1) return { name: '', width: 2 };
    if (close < 0) return { name: '', width: 1 };
    return { name: s.slice(1, close), width: close + 1 };
  }
  if (isSpecial(s[0])) return { name: s[0]!, width: 1 };
  let i = 0;
  while (isAlphaNum(s[i])) i++;
  return { name: s.slice(0, i), width: i };
}
