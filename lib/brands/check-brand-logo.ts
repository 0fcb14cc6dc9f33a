import { DOMParser, onErrorStopParsing, XMLSerializer, type Element, type Node } from '@xmldom/xmldom';
import { AppError } from '@/lib/errors/app-error';

export { BRAND_LOGO_MAX_BYTES } from './brand-logo-limit';
import { BRAND_LOGO_MAX_BYTES } from './brand-logo-limit';

export type BrandLogoType = 'image/png' | 'image/jpeg' | 'image/svg+xml';
export type CheckedBrandLogo = { logo: Buffer; logoType: BrandLogoType };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

// What a logo is drawn with: shapes, text, gradients, clipping. Everything that runs script
// (script, event handlers, animate/set that can rewrite an href), embeds another document
// (foreignObject, iframe), or fetches (image, feImage, external use/href) is not on the list.
const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern',
]);
// Where an SVG could name another resource: only a fragment of the same file (#id) may be named.
const REFERENCE_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'action', 'formaction', 'xml:base']);
// CSS inside the file is only checked for what fetches or hides behind escapes, as the logo is
// never shown with the page's styles: in <img> it cannot fetch at all, opened directly its own CSP forbids it.
const FETCHING_CSS = /url\s*\(|@import|@font-face|image-set|\\|expression\s*\(/i;
const LOCAL_URL_ONLY = /url\s*\(\s*(?!['"]?#)/i;

/**
 * Checks an uploaded logo by its bytes, never by the type the browser declared: a PNG or JPEG
 * must start with its signature; an SVG must parse as XML with an <svg> root, and is rebuilt
 * from the parsed tree (so what is stored is what was checked, with no parser differences), with
 * editors' metadata in other namespaces dropped. An SVG that could run script, embed a document
 * or fetch anything is refused outright rather than quietly changed. (SECURITY.md,
 * "Tenant-supplied look")
 */
export function checkBrandLogo({ bytes }: { bytes: Uint8Array }): CheckedBrandLogo {
  const data = Buffer.from(bytes);
  if (data.length > BRAND_LOGO_MAX_BYTES) throw new AppError('BRAND_LOGO_TOO_LARGE');
  if (data.length >= PNG_SIGNATURE.length && data.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    return { logo: data, logoType: 'image/png' };
  }
  if (data.length > JPEG_SIGNATURE.length && data.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE)) {
    return { logo: data, logoType: 'image/jpeg' };
  }
  return { logo: Buffer.from(sanitizeSvg(data), 'utf8'), logoType: 'image/svg+xml' };
}

function sanitizeSvg(data: Buffer): string {
  const text = data.toString('utf8');
  // Not UTF-8 text (a GIF, a PDF, a renamed binary): not an image we take.
  if (text.includes('\uFFFD') || text.includes('\u0000')) throw new AppError('BRAND_LOGO_NOT_IMAGE');
  let document;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'image/svg+xml');
  } catch {
    throw new AppError('BRAND_LOGO_NOT_IMAGE');
  }
  const root = document.documentElement;
  if (!root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS) throw new AppError('BRAND_LOGO_NOT_IMAGE');
  for (let node = document.firstChild; node; node = node.nextSibling) {
    // A DOCTYPE can declare entities; a processing instruction can pull in a stylesheet.
    if (node.nodeType === node.DOCUMENT_TYPE_NODE || node.nodeType === node.PROCESSING_INSTRUCTION_NODE) {
      throw new AppError('BRAND_LOGO_SVG_UNSAFE', { internal: `top-level node ${node.nodeName}` });
    }
  }
  checkElement(root);
  return new XMLSerializer().serializeToString(root);
}

function checkElement(element: Element): void {
  const refuse = (what: string): never => {
    throw new AppError('BRAND_LOGO_SVG_UNSAFE', { internal: what });
  };
  if (!ALLOWED_ELEMENTS.has(element.localName ?? '')) refuse(`<${element.nodeName}>`);
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.localName?.toLowerCase() ?? '';
    const namespace = attribute.namespaceURI;
    if (name.startsWith('on')) refuse(`event handler ${attribute.name}`);
    const isOwn = namespace === null || namespace === XLINK_NS || attribute.name.startsWith('xmlns') || attribute.prefix === 'xml';
    if (!isOwn) {
      element.removeAttributeNode(attribute);
      continue;
    }
    if (REFERENCE_ATTRIBUTES.has(name) || REFERENCE_ATTRIBUTES.has(attribute.name)) {
      if (!attribute.value.trim().startsWith('#')) refuse(`reference ${attribute.name}="${attribute.value}"`);
    }
    if (LOCAL_URL_ONLY.test(attribute.value) || /javascript:|data:/i.test(attribute.value)) refuse(`${attribute.name}="${attribute.value}"`);
    if (name === 'style' && FETCHING_CSS.test(attribute.value)) refuse(`style="${attribute.value}"`);
  }
  for (const child of Array.from(element.childNodes) as Node[]) {
    if (child.nodeType === child.ELEMENT_NODE) {
      const childElement = child as Element;
      // Editors' metadata (Inkscape, Sodipodi, RDF) lives in other namespaces and draws nothing.
      if (childElement.namespaceURI !== SVG_NS || childElement.localName === 'metadata') {
        element.removeChild(child);
        continue;
      }
      checkElement(childElement);
    } else if (child.nodeType === child.PROCESSING_INSTRUCTION_NODE) {
      refuse(`processing instruction ${child.nodeName}`);
    } else if ((child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) && element.localName === 'style') {
      if (FETCHING_CSS.test(child.nodeValue ?? '')) refuse('a <style> that fetches');
    }
  }
}
