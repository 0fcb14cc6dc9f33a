import { describe, expect, it } from 'vitest';
import { BRAND_LOGO_MAX_BYTES, checkBrandLogo } from './check-brand-logo';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const svg = (body: string, attributes = '') =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${attributes}>${body}</svg>`);

function refusal(bytes: Uint8Array): string | null {
  try {
    checkBrandLogo({ bytes });
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('checkBrandLogo: type by magic bytes', () => {
  it('takes a PNG and a JPEG by their signatures, byte for byte', () => {
    expect(checkBrandLogo({ bytes: PNG })).toEqual({ logo: PNG, logoType: 'image/png' });
    expect(checkBrandLogo({ bytes: JPEG })).toEqual({ logo: JPEG, logoType: 'image/jpeg' });
  });

  it('refuses what is no image, whatever its name or declared type said', () => {
    expect(refusal(Buffer.from('GIF89a\u0001\u0000'))).toBe('BRAND_LOGO_NOT_IMAGE');
    expect(refusal(Buffer.from('%PDF-1.7 ...'))).toBe('BRAND_LOGO_NOT_IMAGE');
    expect(refusal(Buffer.from('<html><script>alert(1)</script></html>'))).toBe('BRAND_LOGO_NOT_IMAGE');
    expect(refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe('BRAND_LOGO_NOT_IMAGE');
    expect(refusal(Buffer.alloc(0))).toBe('BRAND_LOGO_NOT_IMAGE');
  });

  it('refuses anything over 200 kB, and takes exactly 200 kB', () => {
    const exact = Buffer.concat([PNG, Buffer.alloc(BRAND_LOGO_MAX_BYTES - PNG.length)]);
    expect(checkBrandLogo({ bytes: exact }).logoType).toBe('image/png');
    expect(refusal(Buffer.concat([exact, Buffer.from([0])]))).toBe('BRAND_LOGO_TOO_LARGE');
  });
});

describe('checkBrandLogo: SVG', () => {
  it('keeps a plain drawing (shapes, text, a gradient used through url(#id) and <use href="#id">)', () => {
    const logo = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient><symbol id="s"><circle r="2"/></symbol></defs>' +
        '<rect width="10" height="10" fill="url(#g)"/><use href="#s"/><text x="1" y="9" style="font-weight:bold">A</text>',
    );
    const { logo: stored, logoType } = checkBrandLogo({ bytes: logo });
    expect(logoType).toBe('image/svg+xml');
    expect(stored.toString()).toContain('fill="url(#g)"');
    expect(stored.toString()).toContain('<use href="#s"/>');
  });

  it('drops editors\u2019 metadata in other namespaces', () => {
    const logo = svg('<metadata><x/></metadata><ink:thing xmlns:ink="urn:ink"/><rect width="1" height="1" ink:label="a"/>', ' xmlns:ink="urn:ink"');
    const stored = checkBrandLogo({ bytes: logo }).logo.toString();
    expect(stored).not.toContain('metadata');
    expect(stored).not.toContain('ink:thing');
    expect(stored).not.toContain('ink:label');
  });

  const UNSAFE: Array<[string, Buffer]> = [
    ['a script element', svg('<script>alert(1)</script>')],
    ['a script in the XHTML namespace inside foreignObject', svg('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></body></foreignObject>')],
    ['an onload handler on the root', svg('<rect/>', ' onload="alert(1)"')],
    ['an onclick handler', svg('<rect onclick="alert(1)"/>')],
    ['an uppercase ONLOAD handler', svg('<rect ONLOAD="alert(1)"/>')],
    ['a javascript: link', svg('<a href="javascript:alert(1)"><rect/></a>')],
    ['an external image', svg('<image href="https://evil.test/x.png"/>')],
    ['an external xlink:href on use', svg('<use xlink:href="https://evil.test/sprite.svg#a"/>')],
    ['an animate that rewrites an href', svg('<animate attributeName="href" to="javascript:alert(1)"/>')],
    ['a set element', svg('<set attributeName="onmouseover" to="alert(1)"/>')],
    ['a filter with feImage', svg('<filter><feImage href="https://evil.test/"/></filter>')],
    ['an external url() in fill', svg('<rect fill="url(https://evil.test/#g)"/>')],
    ['a data: URL', svg('<use href="#a" fill="url(data:image/png;base64,AAAA)"/>')],
    ['@import in a <style>', svg('<style>@import url(https://evil.test/x.css);</style>')],
    ['url() in a <style> (CDATA)', svg('<style><![CDATA[rect{fill:url(https://evil.test/)}]]></style>')],
    ['an escape in a style attribute', svg('<rect style="fill:u\\72l(https://evil.test/)"/>')],
    ['an xml-stylesheet instruction', Buffer.from(`<?xml-stylesheet href="https://evil.test/x.css"?>${svg('<rect/>').toString()}`)],
    ['an iframe', svg('<iframe src="https://evil.test/"/>')],
  ];
  it.each(UNSAFE)('refuses %s', (_title, bytes) => {
    expect(refusal(bytes)).toBe('BRAND_LOGO_SVG_UNSAFE');
  });

  it('refuses a DOCTYPE (entities) in any form', () => {
    expect(refusal(Buffer.from(`<!DOCTYPE svg [<!ENTITY x "y">]>${svg('<text>&x;</text>').toString()}`))).not.toBeNull();
    expect(refusal(Buffer.from(`<!DOCTYPE svg>${svg('<rect/>').toString()}`))).not.toBeNull();
  });

  it('stores what it checked, re-serialised: an <svg> without xmlns comes out as a proper SVG', () => {
    expect(checkBrandLogo({ bytes: Buffer.from('<svg><rect/></svg>') }).logo.toString()).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
  });

  it('refuses broken XML and an XML document that is not an SVG', () => {
    expect(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'))).toBe('BRAND_LOGO_NOT_IMAGE');
    expect(refusal(Buffer.from('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'))).toBe('BRAND_LOGO_NOT_IMAGE');
  });
});
