const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const escapeXml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * An element's children in order: a repeated element is a repeated entry; an undefined value
 * leaves the element out.
 */
type XmlNode = [name: string, value: string | number | boolean | undefined | XmlNode][];

const render = (children: XmlNode): string =>
  children
    .map(([name, value]) => {
      if (value === undefined) return '';
      const inner = Array.isArray(value) ? render(value) : escapeXml(String(value));
      return `<${name}>${inner}</${name}>`;
    })
    .join('');

/** An S3 XML document with its declaration; the root element in S3's namespace if asked. */
const xmlDocument = (root: string, children: XmlNode, namespace = true): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespace ? ` xmlns="${S3_NAMESPACE}"` : ''}>${render(children)}</${root}>`;

/** An S3 XML document whose root element holds only text. */
const xmlText = (root: string, text: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${escapeXml(text)}</${root}>`;

export type { XmlNode };
export { escapeXml, xmlDocument, xmlText };
