import { isReadablePrimaryColour } from './hidden-prompt-checks';
import { PROMPT_CLASS_NAMES as C } from './prompt-class-names';

/**
 * The stylesheet a brand's prompt is shown with: the primary colour (checked to be #rrggbb on the
 * way in and again here) on the button, then the brand's own CSS as the sanitiser rebuilt it,
 * never as written. Empty when there is nothing to add.
 */
export function brandStylesheet(look: { primaryColor: string | null; servedCss: string | null }): string {
  // A colour saved before the label's contrast was checked is left out, as one that is not #rrggbb.
  const colour = look.primaryColor && /^#[0-9a-f]{6}$/i.test(look.primaryColor) && isReadablePrimaryColour(look.primaryColor) ? look.primaryColor : null;
  return [
    colour ? `.${C.wrapper} .${C.button}{background-color:${colour};border-color:${colour}}.${C.wrapper} .${C.header}{border-color:${colour}}` : '',
    look.servedCss ?? '',
  ]
    .filter(Boolean)
    .join('\n');
}
