// The prompt's markup carries these stable class names; the README documents them for brand
// administrators. Every kept selector is scoped under the wrapper.
export const PROMPT_CLASS_NAMES = {
  wrapper: 'gh-prompt',
  header: 'gh-prompt-header',
  logo: 'gh-prompt-logo',
  title: 'gh-prompt-title',
  body: 'gh-prompt-body',
  field: 'gh-prompt-field',
  button: 'gh-prompt-button',
  footer: 'gh-prompt-footer',
} as const;
