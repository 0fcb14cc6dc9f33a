import {
  generate,
  List,
  parse,
  type Atrule,
  type Block,
  type CssNode,
  type Declaration,
  type Rule,
  type Selector,
  type StyleSheet,
  type Value,
} from 'css-tree';
import { AppError } from '@/lib/errors/app-error';
import { lookUp } from '@/lib/http/look-up';
import { colourInForce, hidingRefusal, isOpaqueColour, sameColourRefusal, surroundingsRefusal, type PromptPart, HIDING_REASONS, MIN_COMBINED_OPACITY } from './hidden-prompt-checks';
import { PROMPT_CLASS_NAMES } from './prompt-class-names';

// A reseller's stylesheet is shown on the page where people type their codes, so it is treated as
// hostile: parsed with a real CSS parser and rebuilt from allow-lists, never filtered by pattern
// (CSS escapes such as `@\69mport` or `u\72l(` walk straight past a regex). css-tree keeps escaped
// names as written, so an escaped name never equals an allowed one and is refused: fail closed.
// Nothing that fetches (url, @import, @font-face), reads (attribute selectors, :has) or fakes or
// hides the prompt (content, position: fixed, display: none, and what ./hidden-prompt-checks.ts
// judges: transparent or background-coloured text, tiny type or boxes, shadows that paint over
// the page) survives. (SECURITY.md, WSTG-CLNT-05)

export type DroppedCss = { what: string; reason: string };
export type SanitizedBrandCss = { css: string; dropped: DroppedCss[] };

export const BRAND_CSS_MAX_BYTES = 20 * 1024;

// The prompt's class names live in their own module so client components can import them
// without pulling in the CSS parser.
export { PROMPT_CLASS_NAMES };

const SIDES = ['top', 'right', 'bottom', 'left'] as const;
const CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

export const ALLOWED_PROPERTIES: ReadonlySet<string> = new Set([
  // colours
  'color',
  'background-color',
  'border-color',
  ...SIDES.map((side) => `border-${side}-color`),
  'outline-color',
  'opacity',
  // borders and focus rings (a brand must be able to keep a visible focus ring)
  'border',
  'border-width',
  'border-style',
  'border-radius',
  ...SIDES.flatMap((side) => [`border-${side}`, `border-${side}-width`, `border-${side}-style`]),
  ...CORNERS.map((corner) => `border-${corner}-radius`),
  'outline',
  'outline-width',
  'outline-style',
  'outline-offset',
  // type
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'line-height',
  'letter-spacing',
  'text-transform',
  'text-decoration',
  // sizes and spacing
  'width',
  'max-width',
  'min-width',
  'height',
  'max-height',
  'min-height',
  'margin',
  ...SIDES.map((side) => `margin-${side}`),
  'padding',
  ...SIDES.map((side) => `padding-${side}`),
  'gap',
  'row-gap',
  'column-gap',
  // layout
  'text-align',
  'vertical-align',
  'display',
  'justify-content',
  'align-items',
  'flex-direction',
  'flex-wrap',
  'position',
  'z-index',
  // effects
  'box-shadow',
  'text-shadow',
]);

// `none` is left out on purpose: it would let a brand hide the code field or the button.
export const ALLOWED_DISPLAY_VALUES: ReadonlySet<string> = new Set(['block', 'inline-block', 'flex', 'inline-flex', 'grid']);
// fixed, absolute and sticky lift an element out of the prompt and can lay a fake one over it.
export const ALLOWED_POSITION_VALUES: ReadonlySet<string> = new Set(['static', 'relative']);
export const Z_INDEX_RANGE = { min: -10, max: 10 } as const;
// Below this an element is as good as invisible, which is hiding UI by another name.
export const MIN_OPACITY = 0.5;

// Generic and system families only: a web font would have to be fetched.
export const ALLOWED_FONT_FAMILIES: ReadonlySet<string> = new Set(
  [
    'system-ui',
    'sans-serif',
    'serif',
    'monospace',
    'ui-sans-serif',
    'ui-serif',
    'ui-monospace',
    'Arial',
    'Helvetica',
    'Helvetica Neue',
    'Georgia',
    'Times New Roman',
    'Verdana',
    'Tahoma',
    'Trebuchet MS',
    'Segoe UI',
    'Roboto',
  ].map((family) => family.toLowerCase()),
);

// Colour and arithmetic only. Everything else is refused, which covers url(), image-set(),
// image(), element(), cross-fade(), expression(), var(), env() and attr() by construction.
export const ALLOWED_VALUE_FUNCTIONS: ReadonlySet<string> = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc', 'min', 'max', 'clamp']);

export const ALLOWED_PSEUDO_CLASSES: ReadonlySet<string> = new Set([
  'hover',
  'focus',
  'focus-visible',
  'active',
  'disabled',
  'first-child',
  'last-child',
]);
export const ALLOWED_PSEUDO_ELEMENTS: ReadonlySet<string> = new Set(['placeholder']);
export const ALLOWED_COMBINATORS: ReadonlySet<string> = new Set([' ', '>', '+', '~']);

export const ALLOWED_MEDIA_FEATURES: ReadonlySet<string> = new Set([
  'width',
  'min-width',
  'max-width',
  'height',
  'min-height',
  'max-height',
  'orientation',
  'prefers-color-scheme',
  'prefers-reduced-motion',
]);
const MEDIA_KEYWORD_VALUES: Readonly<Record<string, ReadonlySet<string>>> = {
  orientation: new Set(['portrait', 'landscape']),
  'prefers-color-scheme': new Set(['light', 'dark']),
  'prefers-reduced-motion': new Set(['reduce', 'no-preference']),
};
const MEDIA_LENGTH_UNITS: ReadonlySet<string> = new Set(['px', 'em', 'rem']);
const MEDIA_TYPES: ReadonlySet<string> = new Set(['all', 'screen', 'print']);

const REASONS = {
  unparseable: 'The parser could not read this part, so it was left out.',
  comment: 'Comments are not copied into the page.',
  escapedName: 'Escaped names are refused because they are a known way to sneak past filters; write the name plainly.',
  atImport: '@import would load a stylesheet from another site.',
  atFontFace: '@font-face would download fonts from another site, and unicode-range can reveal which characters are typed.',
  atNamespace: '@namespace is not needed for the prompt and changes how selectors match.',
  atOther: 'Only style rules and @media are accepted.',
  atInsideMedia: 'Only style rules are accepted inside @media.',
  nestedRule: 'Nested rules and at-rules inside a rule are not accepted; write each rule at the top level.',
  mediaCondition:
    'Only width, height, orientation, prefers-color-scheme and prefers-reduced-motion can be used in @media (lengths in px, em or rem).',
  attributeSelector: 'Attribute selectors could read what is typed into the code field.',
  logicalPseudo: ':has(), :not(), :is() and :where() can carry attribute selectors that read the code field.',
  beforeAfter: '::before and ::after can put fake text on the prompt.',
  outsidePrompt: 'Only the code prompt may be styled, not the page around it.',
  universal: 'Universal and namespaced selectors reach beyond the prompt’s own parts.',
  visited: ':visited can reveal which sites someone has been to.',
  pseudoClass: 'Only :hover, :focus, :focus-visible, :active, :disabled, :first-child and :last-child are accepted.',
  pseudoElement: 'Only ::placeholder is accepted.',
  combinator: 'Only the descendant, >, + and ~ combinators are accepted.',
  selectorPart: 'This kind of selector is not accepted.',
  customProperty: 'Custom properties (--name) are not accepted; write the value directly.',
  content: 'content can put fake text on the prompt.',
  script: 'behavior and -moz-binding load script in old browsers.',
  cursor: 'cursor can load an image from another site.',
  visibility: 'visibility could hide parts of the prompt.',
  filter: 'filter can load an SVG from another site.',
  image: 'This property can load an image from another site; use background-color for colour.',
  property: 'This property is not on the list the code prompt accepts.',
  url: 'Addresses (url) would make the browser fetch from another site.',
  imageFunction: 'Image functions would make the browser fetch from another site.',
  expression: 'expression() runs script in old browsers.',
  variable: 'var(), env() and attr() bring in values the sanitiser never saw.',
  valueFunction: 'Only rgb(), rgba(), hsl(), hsla(), calc(), min(), max() and clamp() are accepted in values.',
  valuePart: 'This value contains something the code prompt does not accept.',
  string: 'Quoted text is only accepted in font-family.',
  display: 'display may only be block, inline-block, flex, inline-flex or grid; other values could hide the prompt.',
  position: 'position may only be static or relative; fixed, absolute and sticky can lay a fake prompt over the real one.',
  zIndex: 'z-index must be a whole number from -10 to 10.',
  opacity: 'opacity below 0.5 could make part of the prompt invisible.',
  fontFamily: 'Only generic and system font families are accepted (for example system-ui, sans-serif, Arial, "Segoe UI").',
  negativeMargin: 'Margins must be plain lengths of zero or more: negative margins can slide one part of the prompt over another.',
} as const;

const PROPERTY_REASONS: Readonly<Record<string, string>> = {
  content: REASONS.content,
  behavior: REASONS.script,
  '-moz-binding': REASONS.script,
  cursor: REASONS.cursor,
  visibility: REASONS.visibility,
  filter: REASONS.filter,
  'backdrop-filter': REASONS.filter,
  background: REASONS.image,
  'background-image': REASONS.image,
  'list-style': REASONS.image,
  'list-style-image': REASONS.image,
  'border-image': REASONS.image,
  'border-image-source': REASONS.image,
  mask: REASONS.image,
  'mask-image': REASONS.image,
  '-webkit-mask': REASONS.image,
  '-webkit-mask-image': REASONS.image,
  src: REASONS.image,
};

const AT_RULE_REASONS: Readonly<Record<string, string>> = {
  import: REASONS.atImport,
  'font-face': REASONS.atFontFace,
  namespace: REASONS.atNamespace,
};

const SELECTOR_PSEUDO_REASONS: Readonly<Record<string, string>> = {
  has: REASONS.logicalPseudo,
  not: REASONS.logicalPseudo,
  is: REASONS.logicalPseudo,
  where: REASONS.logicalPseudo,
  matches: REASONS.logicalPseudo,
  '-webkit-any': REASONS.logicalPseudo,
  '-moz-any': REASONS.logicalPseudo,
  root: REASONS.outsidePrompt,
  visited: REASONS.visited,
};

const FETCHING_FUNCTIONS: ReadonlySet<string> = new Set([
  'url',
  'src',
  'image',
  'image-set',
  '-webkit-image-set',
  'element',
  '-moz-element',
  'cross-fade',
  '-webkit-cross-fade',
]);
const VARIABLE_FUNCTIONS: ReadonlySet<string> = new Set(['var', 'env', 'attr']);

// Plain CSS names only. A backslash (an escape) or anything outside this set is refused rather
// than decoded, so no spelling of `url` or `import` can be smuggled through a name.
const PLAIN_NAME = /^-?[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_UNIT = /^[A-Za-z]+$/;
const HEX_COLOUR = /^(?:[0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/;
const OPERATORS: ReadonlySet<string> = new Set([',', '/', '+', '-', '*']);
const WHAT_MAX_LENGTH = 80;

export function sanitizeBrandCss({ css, primaryColor = null }: { css: string; primaryColor?: string | null }): SanitizedBrandCss {
  if (new TextEncoder().encode(css).byteLength > BRAND_CSS_MAX_BYTES) {
    throw new AppError('BRAND_CSS_TOO_LARGE');
  }
  const dropped: DroppedCss[] = [];
  const drop = (what: string, reason: string) => dropped.push({ what: cut(what), reason });

  const sheet = parse(css, {
    positions: false,
    parseCustomProperty: false,
    onComment: (value) => drop(`/*${value}*/`, REASONS.comment),
  });

  const kept: Array<Rule | Atrule> = [];
  // The default parse context is a whole stylesheet; the check only narrows the type.
  const topLevel = sheet.type === 'StyleSheet' ? childrenOf(sheet) : [];
  for (const node of topLevel) {
    const rebuilt = rebuildTopLevel(node, drop);
    if (rebuilt) kept.push(rebuilt);
  }
  const rebuilt = keepAcrossRules(kept, drop, primaryColor).map((node) => generate(node));
  return { css: neutraliseMarkup(rebuilt.join('\n')), dropped };
}

type Drop = (what: string, reason: string) => void;

function rebuildTopLevel(node: CssNode, drop: Drop): Rule | Atrule | null {
  switch (node.type) {
    case 'Rule':
      return rebuildRule(node, drop);
    case 'Atrule':
      return rebuildAtrule(node, drop);
    case 'Comment':
      // Already reported by onComment.
      return null;
    case 'Raw':
      drop(node.value, REASONS.unparseable);
      return null;
    default:
      drop(generate(node), REASONS.unparseable);
      return null;
  }
}

function rebuildAtrule(atrule: Atrule, drop: Drop): Atrule | null {
  const what = describeAtrule(atrule);
  const name = atrule.name.toLowerCase();
  if (name !== 'media') {
    drop(what, atRuleReason(atrule.name));
    return null;
  }
  if (!atrule.prelude || atrule.prelude.type !== 'AtrulePrelude' || !isAllowedMediaPrelude(atrule.prelude.children)) {
    drop(what, REASONS.mediaCondition);
    return null;
  }
  const rules: Rule[] = [];
  for (const child of childrenOf(atrule.block)) {
    if (child.type === 'Rule') {
      const rule = rebuildRule(child, drop);
      if (rule) rules.push(rule);
    } else if (child.type === 'Atrule') {
      drop(describeAtrule(child), REASONS.atInsideMedia);
    } else if (child.type !== 'Comment') {
      drop(generate(child), REASONS.unparseable);
    }
  }
  if (rules.length === 0) return null;
  return {
    type: 'Atrule',
    name: 'media',
    prelude: { type: 'AtrulePrelude', children: atrule.prelude.children },
    block: { type: 'Block', children: listOf<CssNode>(rules) },
  };
}

function describeAtrule(atrule: Atrule): string {
  return `@${atrule.name}${atrule.prelude ? ` ${generate(atrule.prelude)}` : ''}`;
}

function atRuleReason(rawName: string): string {
  if (rawName.includes('\\')) return REASONS.escapedName;
  return lookUp(AT_RULE_REASONS, rawName.toLowerCase()) ?? REASONS.atOther;
}

function isAllowedMediaPrelude(children: List<CssNode>): boolean {
  const [queryList, ...rest] = children.toArray();
  if (!queryList || rest.length > 0 || queryList.type !== 'MediaQueryList') return false;
  return queryList.children.toArray().every(isAllowedMediaQuery);
}

function isAllowedMediaQuery(query: CssNode): boolean {
  if (query.type !== 'MediaQuery') return false;
  if (query.modifier !== null && !['not', 'only'].includes(query.modifier.toLowerCase())) return false;
  if (query.mediaType !== null && !MEDIA_TYPES.has(query.mediaType.toLowerCase())) return false;
  return query.condition === null || isAllowedMediaCondition(query.condition);
}

function isAllowedMediaCondition(node: CssNode): boolean {
  switch (node.type) {
    case 'Condition':
      return node.children.toArray().every(isAllowedMediaCondition);
    case 'Identifier':
      return ['and', 'or', 'not'].includes(node.name.toLowerCase());
    case 'Feature':
      return isAllowedMediaFeature(node.name, node.value);
    case 'FeatureRange':
      return (
        node.left.type === 'Identifier' &&
        ['width', 'height'].includes(node.left.name.toLowerCase()) &&
        isMediaLength(node.middle) &&
        node.right === null
      );
    default:
      return false;
  }
}

function isAllowedMediaFeature(rawName: string, value: CssNode | null): boolean {
  const name = rawName.toLowerCase();
  if (!ALLOWED_MEDIA_FEATURES.has(name) || value === null) return false;
  const keywords = lookUp(MEDIA_KEYWORD_VALUES, name);
  if (keywords) return value.type === 'Identifier' && keywords.has(value.name.toLowerCase());
  return isMediaLength(value);
}

function isMediaLength(value: CssNode): boolean {
  if (value.type === 'Number') return Number(value.value) === 0;
  return value.type === 'Dimension' && MEDIA_LENGTH_UNITS.has(value.unit.toLowerCase());
}

function rebuildRule(rule: Rule, drop: Drop): Rule | null {
  if (rule.prelude.type !== 'SelectorList') {
    drop(rule.prelude.value, REASONS.unparseable);
    return null;
  }
  const selectors: Selector[] = [];
  for (const selector of childrenOf(rule.prelude)) {
    if (selector.type !== 'Selector') continue;
    const reason = selectorRefusal(selector);
    if (reason) drop(generate(selector), reason);
    else selectors.push(scopeToPrompt(selector));
  }
  if (selectors.length === 0) return null;
  const declarations = rebuildDeclarations(rule.block, drop, { mayStyleControl: selectors.some(mayStyleControl) });
  if (declarations.length === 0) return null;
  return {
    type: 'Rule',
    prelude: { type: 'SelectorList', children: listOf<CssNode>(selectors) },
    block: { type: 'Block', children: listOf<CssNode>(declarations) },
  };
}

function selectorRefusal(selector: Selector): string | null {
  for (const part of selector.children) {
    const reason = selectorPartRefusal(part);
    if (reason) return reason;
  }
  return null;
}

function selectorPartRefusal(part: CssNode): string | null {
  switch (part.type) {
    case 'TypeSelector':
      return typeSelectorRefusal(part.name);
    case 'ClassSelector':
    case 'IdSelector':
      return PLAIN_NAME.test(part.name) ? null : REASONS.escapedName;
    case 'Combinator':
      return ALLOWED_COMBINATORS.has(part.name) ? null : REASONS.combinator;
    case 'AttributeSelector':
      return REASONS.attributeSelector;
    case 'PseudoClassSelector': {
      const name = part.name.toLowerCase();
      if (ALLOWED_PSEUDO_CLASSES.has(name) && part.children === null) return null;
      return lookUp(SELECTOR_PSEUDO_REASONS, name) ?? (part.name.includes('\\') ? REASONS.escapedName : REASONS.pseudoClass);
    }
    case 'PseudoElementSelector': {
      const name = part.name.toLowerCase();
      if (ALLOWED_PSEUDO_ELEMENTS.has(name) && part.children === null) return null;
      return name === 'before' || name === 'after' ? REASONS.beforeAfter : REASONS.pseudoElement;
    }
    default:
      return REASONS.selectorPart;
  }
}

function typeSelectorRefusal(name: string): string | null {
  if (name === '*' || name.includes('|')) return REASONS.universal;
  if (!PLAIN_NAME.test(name)) return REASONS.escapedName;
  if (['html', 'body', 'head'].includes(name.toLowerCase())) return REASONS.outsidePrompt;
  return null;
}

// A selector that already starts at the wrapper is kept as written, unless it then steps to a
// sibling (`.gh-prompt ~ x`), which would leave the prompt; that one is scoped like any other.
function scopeToPrompt(selector: Selector): Selector {
  const parts = selector.children.toArray();
  const first = parts[0];
  const firstCombinator = parts.find((part) => part.type === 'Combinator');
  const startsAtWrapper = first?.type === 'ClassSelector' && first.name === PROMPT_CLASS_NAMES.wrapper;
  const staysInside = !firstCombinator || (firstCombinator.type === 'Combinator' && [' ', '>'].includes(firstCombinator.name));
  if (startsAtWrapper && staysInside) return { type: 'Selector', children: listOf(parts) };
  return {
    type: 'Selector',
    children: listOf<CssNode>([
      { type: 'ClassSelector', name: PROMPT_CLASS_NAMES.wrapper },
      { type: 'Combinator', name: ' ' },
      ...parts,
    ]),
  };
}

// Whether the selector's subject (its last compound) may be the code field or the Verify button:
// named as one, or named by nothing that rules them out.
function mayStyleControl(selector: Selector): boolean {
  const parts = selector.children.toArray();
  const lastCombinator = parts.findLastIndex((part) => part.type === 'Combinator');
  const subject = parts.slice(lastCombinator + 1);
  const type = subject.find((part) => part.type === 'TypeSelector');
  if (type?.type === 'TypeSelector') return ['input', 'button', 'textarea', 'select'].includes(type.name.toLowerCase());
  const promptClasses: ReadonlySet<string> = new Set(Object.values(PROMPT_CLASS_NAMES));
  const classes = subject.flatMap((part) => (part.type === 'ClassSelector' && promptClasses.has(part.name) ? [part.name] : []));
  if (classes.length === 0) return true;
  return classes.includes(PROMPT_CLASS_NAMES.field) || classes.includes(PROMPT_CLASS_NAMES.button);
}

// What the selector's subject (its last compound) certainly is: the wrapper itself, the code field
// or the button (each one element of the prompt, with a known default look), another named part
// of the prompt (one element, so it cannot nest in itself), or anything else (a type or a
// pseudo-class alone, which may match boxes nested in one another).
function subjectOf(selector: Selector): PromptPart {
  const parts = selector.children.toArray();
  const lastCombinator = parts.findLastIndex((part) => part.type === 'Combinator');
  const subject = parts.slice(lastCombinator + 1);
  const classes = subject.flatMap((part) => (part.type === 'ClassSelector' ? [part.name] : []));
  const types = subject.flatMap((part) => (part.type === 'TypeSelector' ? [part.name.toLowerCase()] : []));
  if (parts.length === 1 && classes[0] === PROMPT_CLASS_NAMES.wrapper) return 'wrapper';
  if (classes.includes(PROMPT_CLASS_NAMES.button) || types.includes('button')) return 'button';
  if (classes.includes(PROMPT_CLASS_NAMES.field) || types.some((type) => ['input', 'textarea', 'select'].includes(type))) return 'field';
  const promptClasses: ReadonlySet<string> = new Set(Object.values(PROMPT_CLASS_NAMES));
  return classes.some((name) => promptClasses.has(name) && name !== PROMPT_CLASS_NAMES.wrapper) ? 'part' : 'other';
}

function selectorsOf(rule: Rule): Selector[] {
  return rule.prelude.type === 'SelectorList' ? childrenOf(rule.prelude).filter((node): node is Selector => node.type === 'Selector') : [];
}

type KeptDeclaration = { property: string; important: boolean; parts: CssNode[] };

function declarationsOf(rule: Rule): KeptDeclaration[] {
  return childrenOf(rule.block).flatMap((node) =>
    node.type === 'Declaration' ? [{ property: node.property, important: node.important === true, parts: significantParts(node.value as Value) }] : [],
  );
}

function withoutDeclarations(rule: Rule, property: string, reason: string, drop: Drop): Rule | null {
  const children = childrenOf(rule.block).filter((node: CssNode) => {
    if (node.type !== 'Declaration' || node.property !== property) return true;
    drop(`${node.property}: ${generate(node.value)}`, reason);
    return false;
  });
  return children.length === 0 ? null : { ...rule, block: { type: 'Block', children: listOf<CssNode>(children) } };
}

/**
 * What one rule cannot judge alone. Text is painted on whatever is behind it, which is set by other
 * rules or by the page: a text colour with no background of its own in its rule is judged against
 * the wrapper's backgrounds (or the page's, the field's, the button's), and a background with no
 * text colour against the text that will sit on it; a sheet that splits text and background into
 * two rules cannot hide text any more than one rule can. Opacity multiplies down the page: below 1
 * it is accepted only on named parts of the prompt (one element each) and only while the product
 * of every such opacity in the sheet stays visible.
 */
function keepAcrossRules(nodes: Array<Rule | Atrule>, drop: Drop, primaryColor: string | null): Array<Rule | Atrule> {
  const rules = nodes.flatMap((node) =>
    node.type === 'Rule'
      ? [{ rule: node, isConditional: false }]
      : childrenOf(node.block).flatMap((child) => (child.type === 'Rule' ? [{ rule: child, isConditional: true }] : [])),
  );
  const wrapper = { text: [] as CssNode[][], background: [] as CssNode[][], hasText: false, hasBackground: false };
  for (const { rule, isConditional } of rules) {
    const subjects = selectorsOf(rule).map(subjectOf);
    // The field and the button paint their own box: their colours are judged against it alone.
    if (subjects.every((subject) => subject === 'field' || subject === 'button')) continue;
    const declarations = declarationsOf(rule);
    const text = colourInForce(declarations, 'color');
    const background = colourInForce(declarations, 'background-color');
    // Any box of the prompt may hold any text: every colour set outside the controls is a
    // background some text may sit on, or a text some background may carry.
    if (text) wrapper.text.push(text);
    if (background) wrapper.background.push(background);
    if (isConditional || !subjects.every((subject) => subject === 'wrapper')) continue;
    if (text) wrapper.hasText = true;
    if (background && isOpaqueColour(background)) wrapper.hasBackground = true;
  }
  let opacity = 1;
  const judge = (rule: Rule): Rule | null => {
    const subjects = selectorsOf(rule).map(subjectOf);
    let kept: Rule | null = rule;
    const declarations = declarationsOf(rule);
    for (const subject of new Set(subjects)) {
      const reason = kept && surroundingsRefusal({ declarations, subject, wrapper, primaryColor });
      if (kept && reason) kept = withoutDeclarations(kept, reason.property, reason.reason, drop);
    }
    if (!kept) return null;
    for (const declaration of declarationsOf(kept).filter((item) => item.property === 'opacity')) {
      const [only] = declaration.parts;
      const value = only?.type === 'Percentage' ? Number(only.value) / 100 : Number(only?.type === 'Number' ? only.value : NaN);
      if (value >= 1) continue;
      const isOneElement = subjects.every((subject) => subject !== 'other');
      if (isOneElement && opacity * value >= MIN_COMBINED_OPACITY) {
        opacity *= value;
        continue;
      }
      return withoutDeclarations(kept, 'opacity', HIDING_REASONS.compoundedOpacity, drop);
    }
    return kept;
  };
  return nodes.flatMap((node): Array<Rule | Atrule> => {
    if (node.type === 'Rule') {
      const kept = judge(node);
      return kept ? [kept] : [];
    }
    const inner = childrenOf(node.block).flatMap((child): CssNode[] => {
      if (child.type !== 'Rule') return [child];
      const kept = judge(child);
      return kept ? [kept] : [];
    });
    return inner.length === 0 ? [] : [{ ...node, block: { type: 'Block', children: listOf<CssNode>(inner) } }];
  });
}

function rebuildDeclarations(block: Block, drop: Drop, { mayStyleControl }: { mayStyleControl: boolean }): Declaration[] {
  const kept = keptDeclarations(block, drop, { mayStyleControl });
  const textReason = sameColourRefusal(
    kept.map((declaration) => ({ property: declaration.property, important: declaration.important === true, parts: significantParts(declaration.value as Value) })),
  );
  if (!textReason) return kept;
  // The text colour goes, so the text falls back to the prompt's own, readable one.
  for (const declaration of kept) if (declaration.property === 'color') drop(`color: ${generate(declaration.value)}`, textReason);
  return kept.filter((declaration) => declaration.property !== 'color');
}

function keptDeclarations(block: Block, drop: Drop, { mayStyleControl }: { mayStyleControl: boolean }): Declaration[] {
  const kept: Declaration[] = [];
  for (const node of block.children) {
    if (node.type === 'Declaration') {
      const reason = declarationRefusal(node, { mayStyleControl });
      if (reason) drop(`${node.property}: ${generate(node.value)}`, reason);
      else kept.push(rebuildDeclaration(node));
    } else if (node.type === 'Rule' || node.type === 'Atrule') {
      drop(generate(node), REASONS.nestedRule);
    } else if (node.type === 'Raw') {
      drop(node.value, REASONS.unparseable);
    } else if (node.type !== 'Comment') {
      drop(generate(node), REASONS.unparseable);
    }
  }
  return kept;
}

function rebuildDeclaration(declaration: Declaration): Declaration {
  return {
    type: 'Declaration',
    // css-tree reports old `!ie`-style hacks as a string; only a real !important is kept.
    important: declaration.important === true,
    property: declaration.property.toLowerCase(),
    value: declaration.value,
  };
}

function declarationRefusal(declaration: Declaration, { mayStyleControl }: { mayStyleControl: boolean }): string | null {
  const property = declaration.property.toLowerCase();
  if (property.startsWith('--')) return REASONS.customProperty;
  if (!ALLOWED_PROPERTIES.has(property)) {
    return lookUp(PROPERTY_REASONS, property) ?? (property.includes('\\') ? REASONS.escapedName : REASONS.property);
  }
  if (declaration.value.type !== 'Value') return REASONS.unparseable;
  return (
    valueRefusal(property, declaration.value) ??
    propertyValueRefusal(property, declaration.value) ??
    hidingRefusal(property, significantParts(declaration.value), { mayStyleControl })
  );
}

function valueRefusal(property: string, value: Value): string | null {
  for (const node of value.children) {
    const reason = valueNodeRefusal(property, node);
    if (reason) return reason;
  }
  return null;
}

// Walks the value's tree and accepts only node types it knows to be inert; anything else,
// including whatever css-tree could not parse (Raw), refuses the whole declaration.
function valueNodeRefusal(property: string, node: CssNode): string | null {
  switch (node.type) {
    case 'Identifier':
      return PLAIN_NAME.test(node.name) ? null : REASONS.escapedName;
    case 'Number':
    case 'Percentage':
    case 'WhiteSpace':
      return null;
    case 'Dimension':
      return PLAIN_UNIT.test(node.unit) ? null : REASONS.escapedName;
    case 'Hash':
      return HEX_COLOUR.test(node.value) ? null : REASONS.valuePart;
    case 'Operator':
      return OPERATORS.has(node.value.trim()) ? null : REASONS.valuePart;
    case 'String':
      return property === 'font-family' ? null : REASONS.string;
    case 'Url':
      return REASONS.url;
    case 'Function':
      return functionRefusal(node.name) ?? childrenRefusal(property, node.children);
    case 'Parentheses':
      return childrenRefusal(property, node.children);
    case 'Raw':
      return REASONS.unparseable;
    default:
      return REASONS.valuePart;
  }
}

function childrenRefusal(property: string, children: List<CssNode>): string | null {
  for (const child of children) {
    const reason = valueNodeRefusal(property, child);
    if (reason) return reason;
  }
  return null;
}

function functionRefusal(rawName: string): string | null {
  const name = rawName.toLowerCase();
  if (ALLOWED_VALUE_FUNCTIONS.has(name)) return null;
  if (rawName.includes('\\')) return REASONS.escapedName;
  if (FETCHING_FUNCTIONS.has(name)) return name === 'url' || name === 'src' ? REASONS.url : REASONS.imageFunction;
  if (name === 'expression') return REASONS.expression;
  if (VARIABLE_FUNCTIONS.has(name)) return REASONS.variable;
  return REASONS.valueFunction;
}

function propertyValueRefusal(property: string, value: Value): string | null {
  const parts = significantParts(value);
  switch (property) {
    case 'display':
      return isSingleKeyword(parts, ALLOWED_DISPLAY_VALUES) ? null : REASONS.display;
    case 'position':
      return isSingleKeyword(parts, ALLOWED_POSITION_VALUES) ? null : REASONS.position;
    case 'z-index':
      return isZIndexInRange(parts) ? null : REASONS.zIndex;
    case 'opacity':
      return isVisibleOpacity(parts) ? null : REASONS.opacity;
    case 'font-family':
      return areAllowedFontFamilies(parts) ? null : REASONS.fontFamily;
    default:
      return property.startsWith('margin') && !arePlainNonNegativeLengths(parts) ? REASONS.negativeMargin : null;
  }
}

function significantParts(value: Value): CssNode[] {
  return value.children.toArray().filter((node) => node.type !== 'WhiteSpace');
}

function isSingleKeyword(parts: CssNode[], allowed: ReadonlySet<string>): boolean {
  const [only, ...rest] = parts;
  return rest.length === 0 && only?.type === 'Identifier' && allowed.has(only.name.toLowerCase());
}

function isZIndexInRange(parts: CssNode[]): boolean {
  const [only, ...rest] = parts;
  if (rest.length > 0 || only?.type !== 'Number' || !/^[+-]?\d+$/.test(only.value)) return false;
  const zIndex = Number(only.value);
  return zIndex >= Z_INDEX_RANGE.min && zIndex <= Z_INDEX_RANGE.max;
}

function isVisibleOpacity(parts: CssNode[]): boolean {
  const [only, ...rest] = parts;
  if (rest.length > 0 || !only) return false;
  if (only.type === 'Number') return Number(only.value) >= MIN_OPACITY;
  if (only.type === 'Percentage') return Number(only.value) >= MIN_OPACITY * 100;
  return false;
}

// A family is either one quoted string or a run of bare words ("Times New Roman" unquoted).
function areAllowedFontFamilies(parts: CssNode[]): boolean {
  const families: string[][] = [[]];
  for (const part of parts) {
    if (part.type === 'Operator' && part.value === ',') families.push([]);
    else if (part.type === 'Identifier' || part.type === 'String') families.at(-1)?.push(part.type === 'String' ? part.value : part.name);
    else return false;
  }
  return families.every((words) => words.length > 0 && ALLOWED_FONT_FAMILIES.has(words.join(' ').toLowerCase()));
}

// Functions are refused here too: calc(0px - 500px) is a negative margin in disguise.
function arePlainNonNegativeLengths(parts: CssNode[]): boolean {
  return parts.every((part) => {
    if (part.type === 'Identifier') return true;
    if (part.type === 'Dimension' || part.type === 'Number' || part.type === 'Percentage') return Number(part.value) >= 0;
    return false;
  });
}

// Every kept name and value is plain by construction, so no `<` should reach this point. The
// stylesheet is inlined in a <style> element, where `</style` would end it, so this stays as the
// last line of defence: `\3c ` is CSS's own escape for `<` and cannot close the element.
function neutraliseMarkup(css: string): string {
  return css.replaceAll('<', '\\3c ');
}

function childrenOf(node: StyleSheet | Block | { children: List<CssNode> } | null): CssNode[] {
  return node ? node.children.toArray() : [];
}

function listOf<T>(items: T[]): List<T> {
  return new List<T>().fromArray(items);
}

function cut(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > WHAT_MAX_LENGTH ? `${oneLine.slice(0, WHAT_MAX_LENGTH - 1)}…` : oneLine;
}
