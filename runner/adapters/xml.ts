/**
 * A small XML reader: elements, attributes and their line numbers, which is all
 * a harness report needs. Text content, comments, CDATA, processing
 * instructions and the doctype are skipped. Not a validating parser.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** 1-based line of the start tag. */
  line: number;
}

export class XmlSyntaxError extends Error {
  readonly offset: number;
  readonly expected: string;
  constructor(offset: number, expected: string) {
    super(`expected ${expected} at offset ${offset}`);
    this.offset = offset;
    this.expected = expected;
  }
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ATTRIBUTE = /\s*([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (!entity.startsWith('#')) return ENTITIES[entity] ?? whole;
    const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Parses a document and returns its root element; throws XmlSyntaxError at the first problem. */
export function parseXml(text: string): XmlElement {
  let at = 0;
  let line = 1;
  const advanceTo = (next: number): void => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < next; i = text.indexOf('\n', i + 1)) line++;
    at = next;
  };
  const skipPast = (terminator: string, what: string): void => {
    const end = text.indexOf(terminator, at);
    if (end === -1) throw new XmlSyntaxError(text.length, what);
    advanceTo(end + terminator.length);
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    if (lt === -1) {
      advanceTo(text.length);
      break;
    }
    advanceTo(lt);
    if (text.startsWith('<!--', at)) skipPast('-->', '"-->" closing a comment');
    else if (text.startsWith('<![CDATA[', at)) skipPast(']]>', '"]]>" closing a CDATA section');
    else if (text.startsWith('<?', at)) skipPast('?>', '"?>" closing a processing instruction');
    else if (text.startsWith('<!', at)) skipPast('>', '">" closing a declaration');
    else if (text.startsWith('</', at)) {
      NAME.lastIndex = at + 2;
      const name = NAME.exec(text)?.[0];
      const open = stack.pop();
      if (open === undefined || name !== open.name) throw new XmlSyntaxError(at, open === undefined ? 'no closing tag here' : `"</${open.name}>"`);
      advanceTo(at + 2 + name.length);
      const close = /\s*>/y;
      close.lastIndex = at;
      if (close.exec(text) === null) throw new XmlSyntaxError(at, '">" ending the closing tag');
      advanceTo(close.lastIndex);
    } else {
      NAME.lastIndex = at + 1;
      const name = NAME.exec(text)?.[0];
      if (name === undefined) throw new XmlSyntaxError(at + 1, 'an element name after "<"');
      const element: XmlElement = { name, attributes: {}, children: [], line };
      advanceTo(at + 1 + name.length);
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const attribute = ATTRIBUTE.exec(text);
        if (attribute === null) break;
        element.attributes[attribute[1] as string] = decodeEntities(attribute[2] ?? attribute[3] ?? '');
        advanceTo(ATTRIBUTE.lastIndex);
      }
      const end = /\s*(\/?)>/y;
      end.lastIndex = at;
      const ending = end.exec(text);
      if (ending === null) throw new XmlSyntaxError(at, `an attribute, ">" or "/>" in <${name}>`);
      advanceTo(end.lastIndex);
      const parent = stack.at(-1);
      if (parent !== undefined) parent.children.push(element);
      else if (root === undefined) root = element;
      else throw new XmlSyntaxError(at, 'a single root element');
      if (ending[1] !== '/') stack.push(element);
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) throw new XmlSyntaxError(text.length, `"</${unclosed.name}>"`);
  if (root === undefined) throw new XmlSyntaxError(text.length, 'an XML element');
  return root;
}
