import type { CssNode } from 'css-tree';
import { lookUp } from '@/lib/http/look-up';
import { NAMED_COLOURS } from './css-named-colours';

// Declarations that pass every allow-list yet hide the prompt by painting it away: transparent or
// background-coloured text, type too small to read, letters pushed onto each other, boxes too
// small to hold the field or the button, and shadows or outlines large enough to paint over the
// page. Each check reads the value's parsed nodes and fails closed: what it cannot judge (a
// calc(), an unknown unit) is refused, never guessed at. (SECURITY.md, Tenant-supplied look)

/** Text below this opacity is as good as invisible (the same floor as `opacity`). */
export const MIN_TEXT_ALPHA = 0.5;
/** Text and background closer than this contrast ratio read as one colour (WCAG's ratio; 1 is identical). */
export const MIN_TEXT_CONTRAST = 1.5;
export const MIN_FONT_SIZE_PX = 10;
/** Widths and heights of the prompt's boxes, so the field and the button stay big enough to see. */
export const MIN_BOX_SIZE_PX = 16;
export const MIN_BOX_SIZE_PERCENT = 50;
/** The padding the code field and the button keep. */
export const MIN_CONTROL_PADDING_PX = 2;
/** How far a shadow or an outline may reach beyond its element, and how wide a border may be. */
export const MAX_PAINT_REACH_PX = 8;
/** The most padding the code field and the button take from the box that shows what they hold. */
export const MAX_CONTROL_PADDING_PX = 32;
/** Opacities multiply down the page: the product of every one in the sheet stays at least this. */
export const MIN_COMBINED_OPACITY = 0.5;

// What the prompt paints when a brand says nothing (app/layout.tsx, components/text-field.tsx,
// components/submit-button.tsx): the page behind the wrapper, its text, the field and the button.
const PAGE_BACKGROUND: Rgba = { r: 248, g: 250, b: 252, a: 1 };
const PAGE_TEXT: Rgba = { r: 15, g: 23, b: 42, a: 1 };
const FIELD_BACKGROUND: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BUTTON_BACKGROUNDS: Rgba[] = [
  { r: 29, g: 78, b: 216, a: 1 },
  { r: 30, g: 64, b: 175, a: 1 },
];
const BUTTON_TEXT: Rgba = { r: 255, g: 255, b: 255, a: 1 };

// The page's root font size, which a brand cannot change (html is outside the prompt).
const ROOT_FONT_SIZE_PX = 16;
const CSS_WIDE_KEYWORDS: ReadonlySet<string> = new Set(['inherit', 'initial', 'unset', 'revert', 'revert-layer']);

export const HIDING_REASONS = {
  transparentText: 'Transparent or nearly transparent text would hide what the prompt says.',
  sameColour: 'Text in (nearly) the same colour as its background would be invisible.',
  currentColourBackground: 'A background in the text’s own colour (currentColor) would make the text invisible.',
  unjudgedColour: 'The text colour must be a plain colour (a name, #hex, rgb() or hsl()) so its visibility can be checked.',
  fontSize: `font-size must be at least ${MIN_FONT_SIZE_PX}px: in px, pt or rem, or a relative size (em, %) no smaller than its parent’s, since smaller ones compound.`,
  letterSpacing: 'letter-spacing must be zero or more: negative spacing piles the letters on top of each other.',
  boxSize: `Widths and heights must be at least ${MIN_BOX_SIZE_PX}px (or ${MIN_BOX_SIZE_PERCENT}%), in px, em, rem or %: a smaller box can hide the code field or the button.`,
  controlPadding: `The code field and the button keep at least ${MIN_CONTROL_PADDING_PX}px of padding, in px, em or rem.`,
  paintReach: `Shadows and outlines may reach at most ${MAX_PAINT_REACH_PX}px, in px: larger ones can paint over the page.`,
  borderWidth: `Borders may be at most ${MAX_PAINT_REACH_PX}px wide, in px: a wider one fills the field or the button and hides what it holds.`,
  controlPaddingMax: `The code field and the button take at most ${MAX_CONTROL_PADDING_PX}px of padding (or 2em), so what they hold stays in view.`,
  verticalAlign: 'vertical-align may only be a keyword (baseline, middle, top, …): a length can move the field or the button out of sight.',
  sameColourAround:
    'Text in (nearly) the same colour as the background it sits on would be invisible: set the text colour and the background in the same rule.',
  compoundedOpacity: `Opacity below 1 is accepted only on the prompt's named parts, and all of them together must stay at ${MIN_COMBINED_OPACITY} or more: opacities multiply, so boxes nested in one another would fade away.`,
} as const;

/**
 * What a selector's subject certainly is: the wrapper, the code field, the button, another named
 * part of the prompt, or anything else.
 */
export type PromptPart = 'wrapper' | 'field' | 'button' | 'part' | 'other';

type Rgba = { r: number; g: number; b: number; a: number };
type Colour = Rgba | 'currentcolor' | 'keyword' | null;

/** The refusal of one declaration for what it paints, judged alone; null when it may stay. */
export function hidingRefusal(property: string, parts: CssNode[], { mayStyleControl }: { mayStyleControl: boolean }): string | null {
  if (property === 'color') {
    const colour = colourOf(parts);
    if (colour === null) return HIDING_REASONS.unjudgedColour;
    return typeof colour === 'object' && colour.a < MIN_TEXT_ALPHA ? HIDING_REASONS.transparentText : null;
  }
  if (property === 'background-color') return colourOf(parts) === 'currentcolor' ? HIDING_REASONS.currentColourBackground : null;
  if (property === 'font-size') return isReadableFontSize(parts) ? null : HIDING_REASONS.fontSize;
  if (property === 'letter-spacing') return isNonNegativeSpacing(parts) ? null : HIDING_REASONS.letterSpacing;
  if (['width', 'height', 'max-width', 'max-height'].includes(property)) return isLargeEnoughBox(parts) ? null : HIDING_REASONS.boxSize;
  if (property === 'padding' || property.startsWith('padding-')) {
    if (!mayStyleControl) return null;
    if (!hasControlPadding(parts)) return HIDING_REASONS.controlPadding;
    return hasModestPadding(parts) ? null : HIDING_REASONS.controlPaddingMax;
  }
  if (property === 'border' || property === 'border-width' || /^border-(top|right|bottom|left)(-width)?$/.test(property)) {
    return staysClose(parts) ? null : HIDING_REASONS.borderWidth;
  }
  if (property === 'vertical-align') return parts.length === 1 && parts[0]?.type === 'Identifier' ? null : HIDING_REASONS.verticalAlign;
  if (['box-shadow', 'text-shadow', 'outline', 'outline-width', 'outline-offset'].includes(property)) {
    return staysClose(parts) ? null : HIDING_REASONS.paintReach;
  }
  return null;
}

/**
 * A rule's text and background colours, as the browser would apply them (the last declaration
 * wins, an !important one over any other): the refusal when the text would vanish into its own
 * background, else null. Colours set by different rules are not compared; each rule must be
 * readable on its own.
 */
export function sameColourRefusal(declarations: { property: string; important: boolean; parts: CssNode[] }[]): string | null {
  const text = colourInForce(declarations, 'color');
  const background = colourInForce(declarations, 'background-color');
  if (!text || !background) return null;
  const textColour = colourOf(text);
  const backgroundColour = colourOf(background);
  if (typeof textColour !== 'object' || typeof backgroundColour !== 'object' || !textColour || !backgroundColour) return null;
  return contrastRatio(textColour, backgroundColour) < MIN_TEXT_CONTRAST ? HIDING_REASONS.sameColour : null;
}

/** The value of `property` a rule applies: the last declaration, an !important one over any other. */
export function colourInForce(declarations: { property: string; important: boolean; parts: CssNode[] }[], property: string): CssNode[] | null {
  const set = declarations.filter((declaration) => declaration.property === property);
  return (set.filter((declaration) => declaration.important).at(-1) ?? set.at(-1))?.parts ?? null;
}

/**
 * A rule that sets only its text colour, or only its background, judged against what the other
 * side will be: the wrapper's colours wherever the sheet sets them (the page's where it sets none
 * unconditionally), or the field's and the button's own. Which declaration must go, or null.
 */
export function surroundingsRefusal({
  declarations,
  subject,
  wrapper,
  primaryColor,
}: {
  declarations: { property: string; important: boolean; parts: CssNode[] }[];
  subject: PromptPart;
  wrapper: { text: CssNode[][]; background: CssNode[][]; hasText: boolean; hasBackground: boolean };
  /** The brand's primary colour (#rrggbb), which paints the button (lib/brands/brand-stylesheet.ts). */
  primaryColor: string | null;
}): { property: 'color' | 'background-color'; reason: string } | null {
  const text = colourInForce(declarations, 'color');
  const background = colourInForce(declarations, 'background-color');
  // A see-through background of its own (transparent, rgba(…, 0.1)) leaves the text on whatever is behind.
  if (text && background && isOpaqueColour(background)) return null;
  if (!text && !background) return null;
  const plain = (values: CssNode[][]) => values.map(colourOf).filter((colour): colour is Rgba => typeof colour === 'object' && colour !== null);
  const aroundText = [...plain(wrapper.text), ...(wrapper.hasText ? [] : [PAGE_TEXT])];
  // A see-through background shows the ones behind it, which are in this list already.
  const aroundBackground = [...plain(wrapper.background).filter((colour) => colour.a >= 1), ...(wrapper.hasBackground ? [] : [PAGE_BACKGROUND])];
  const isHidden = (own: CssNode[], others: Rgba[]) => {
    const colour = colourOf(own);
    return typeof colour === 'object' && colour !== null && others.some((other) => contrastRatio(colour, other) < MIN_TEXT_CONTRAST);
  };
  if (text) {
    const behind = subject === 'field' ? [FIELD_BACKGROUND] : subject === 'button' ? buttonBackgrounds(primaryColor) : aroundBackground;
    return isHidden(text, behind) ? { property: 'color', reason: HIDING_REASONS.sameColourAround } : null;
  }
  const onTop = subject === 'button' ? [BUTTON_TEXT] : aroundText;
  return background && isHidden(background, onTop) ? { property: 'background-color', reason: HIDING_REASONS.sameColourAround } : null;
}

/** Whether a colour hides what is behind it: a plain colour with no transparency. */
export function isOpaqueColour(parts: CssNode[]): boolean {
  const colour = colourOf(parts);
  return typeof colour === 'object' && colour !== null && colour.a >= 1;
}

function buttonBackgrounds(primaryColor: string | null): Rgba[] {
  const primary = primaryColor && /^#[0-9a-f]{6}$/i.test(primaryColor) ? hexColour(primaryColor.slice(1)) : null;
  return primary ? [primary] : BUTTON_BACKGROUNDS;
}

/** Whether the button's white label stays readable on the brand's primary colour (#rrggbb). */
export function isReadablePrimaryColour(primaryColor: string): boolean {
  const primary = hexColour(primaryColor.replace(/^#/, ''));
  return primary !== null && contrastRatio(primary, BUTTON_TEXT) >= MIN_TEXT_CONTRAST;
}

function colourOf(parts: CssNode[]): Colour {
  const [only, ...rest] = parts;
  if (!only || rest.length > 0) return null;
  if (only.type === 'Identifier') {
    const name = only.name.toLowerCase();
    if (name === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
    if (name === 'currentcolor') return 'currentcolor';
    if (CSS_WIDE_KEYWORDS.has(name)) return 'keyword';
    const rgb = lookUp(NAMED_COLOURS, name);
    return rgb ? { r: rgb[0], g: rgb[1], b: rgb[2], a: 1 } : null;
  }
  if (only.type === 'Hash') return hexColour(only.value);
  if (only.type === 'Function') return functionColour(only.name.toLowerCase(), only.children.toArray());
  return null;
}

function hexColour(hex: string): Rgba | null {
  const digits = hex.length <= 4 ? [...hex].map((digit) => digit + digit) : hex.match(/../g);
  if (!digits || ![3, 4].includes(digits.length)) return null;
  const [r = NaN, g = NaN, b = NaN, a = 255] = digits.map((pair) => Number.parseInt(pair, 16));
  if ([r, g, b, a].some(Number.isNaN)) return null;
  return { r, g, b, a: a / 255 };
}

function functionColour(name: string, children: CssNode[]): Rgba | null {
  const numbers = children.filter((node) => node.type !== 'WhiteSpace' && node.type !== 'Operator');
  if (numbers.length < 3 || numbers.length > 4) return null;
  const alphaNode = numbers[3];
  const alpha = alphaNode === undefined ? 1 : alphaNode.type === 'Number' ? Number(alphaNode.value) : alphaNode.type === 'Percentage' ? Number(alphaNode.value) / 100 : NaN;
  if (Number.isNaN(alpha)) return null;
  if (name === 'rgb' || name === 'rgba') {
    const channels = numbers.slice(0, 3).map((node) => (node.type === 'Number' ? Number(node.value) : node.type === 'Percentage' ? Number(node.value) * 2.55 : NaN));
    if (channels.some(Number.isNaN)) return null;
    const [r = 0, g = 0, b = 0] = channels;
    return { r, g, b, a: alpha };
  }
  if (name === 'hsl' || name === 'hsla') {
    const [hue, saturation, lightness] = numbers;
    const degrees = hue?.type === 'Number' ? Number(hue.value) : hue?.type === 'Dimension' && hue.unit.toLowerCase() === 'deg' ? Number(hue.value) : NaN;
    const s = saturation?.type === 'Percentage' ? Number(saturation.value) / 100 : NaN;
    const l = lightness?.type === 'Percentage' ? Number(lightness.value) / 100 : NaN;
    if ([degrees, s, l].some(Number.isNaN)) return null;
    const [r, g, b] = hslToRgb(degrees, s, l);
    return { r, g, b, a: alpha };
  }
  return null;
}

function hslToRgb(degrees: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + ((degrees % 360) + 360) / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => 255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)));
  return [f(0), f(8), f(4)];
}

function contrastRatio(first: Rgba, second: Rgba): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance({ r, g, b }: Rgba): number {
  const linear = (channel: number) => {
    const c = Math.min(255, Math.max(0, channel)) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function isReadableFontSize(parts: CssNode[]): boolean {
  const [only, ...rest] = parts;
  if (!only || rest.length > 0) return false;
  if (only.type === 'Identifier') {
    return ['medium', 'small', 'x-small', 'large', 'x-large', 'xx-large', 'xxx-large', 'larger'].includes(only.name.toLowerCase()) || CSS_WIDE_KEYWORDS.has(only.name.toLowerCase());
  }
  if (only.type === 'Percentage') return Number(only.value) >= 100;
  if (only.type !== 'Dimension') return false;
  const value = Number(only.value);
  switch (only.unit.toLowerCase()) {
    case 'px':
      return value >= MIN_FONT_SIZE_PX;
    case 'pt':
      return (value * 4) / 3 >= MIN_FONT_SIZE_PX;
    case 'rem':
      return value * ROOT_FONT_SIZE_PX >= MIN_FONT_SIZE_PX;
    case 'em':
      return value >= 1;
    default:
      return false;
  }
}

function isNonNegativeSpacing(parts: CssNode[]): boolean {
  const [only, ...rest] = parts;
  if (!only || rest.length > 0) return false;
  if (only.type === 'Identifier') return only.name.toLowerCase() === 'normal' || CSS_WIDE_KEYWORDS.has(only.name.toLowerCase());
  return (only.type === 'Number' || only.type === 'Dimension') && Number(only.value) >= 0;
}

/**
 * A length in px at its smallest: em at the smallest font size this sanitiser lets through, rem
 * at the page's root size; null for any other unit or node (a percentage is judged by the caller).
 */
function smallestPx(node: CssNode): number | null {
  if (node.type === 'Number') return Number(node.value) === 0 ? 0 : null;
  if (node.type !== 'Dimension') return null;
  const value = Number(node.value);
  switch (node.unit.toLowerCase()) {
    case 'px':
      return value;
    case 'em':
      return value * MIN_FONT_SIZE_PX;
    case 'rem':
      return value * ROOT_FONT_SIZE_PX;
    default:
      return null;
  }
}

function isLargeEnoughBox(parts: CssNode[]): boolean {
  const [only, ...rest] = parts;
  if (!only || rest.length > 0) return false;
  if (only.type === 'Identifier') return ['auto', 'none', 'fit-content', 'max-content', 'min-content'].includes(only.name.toLowerCase()) || CSS_WIDE_KEYWORDS.has(only.name.toLowerCase());
  if (only.type === 'Percentage') return Number(only.value) >= MIN_BOX_SIZE_PERCENT;
  const px = smallestPx(only);
  return px !== null && px >= MIN_BOX_SIZE_PX;
}

function hasControlPadding(parts: CssNode[]): boolean {
  return parts.length > 0 && parts.every((part) => {
    if (part.type === 'Identifier') return CSS_WIDE_KEYWORDS.has(part.name.toLowerCase());
    const px = smallestPx(part);
    return px !== null && px >= MIN_CONTROL_PADDING_PX;
  });
}

function hasModestPadding(parts: CssNode[]): boolean {
  return parts.every((part) => {
    if (part.type === 'Identifier' || part.type === 'Number') return true;
    if (part.type !== 'Dimension') return false;
    const value = Number(part.value);
    const unit = part.unit.toLowerCase();
    return (unit === 'px' && value <= MAX_CONTROL_PADDING_PX) || ((unit === 'em' || unit === 'rem') && value <= 2);
  });
}

// Every length of a shadow (offsets, blur, spread), an outline (width, offset) or a border stays within
// reach: only px, since an em grows with a font size that has no ceiling.
function staysClose(parts: CssNode[]): boolean {
  return parts.every((part) => {
    if (part.type === 'Number') return Number(part.value) === 0;
    if (part.type === 'Dimension') return part.unit.toLowerCase() === 'px' && Math.abs(Number(part.value)) <= MAX_PAINT_REACH_PX;
    // Colours (names, #hex, rgb()), keywords (inset, solid, thin) and commas between shadows.
    return part.type === 'Identifier' || part.type === 'Hash' || part.type === 'Operator' || (part.type === 'Function' && part.name.toLowerCase() !== 'calc' && !['min', 'max', 'clamp'].includes(part.name.toLowerCase()));
  });
}
