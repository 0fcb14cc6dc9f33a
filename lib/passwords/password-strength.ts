// The password rule, one module for the server's judgement and the form's live hints: pure (no
// server imports), so the client component runs the very same function the server decides with.
// The estimator's dictionaries are loaded with dynamic imports only: a page or a process that never
// sets a password never loads them (about 9 MB of words, ~1 s to load and index on this machine).
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

// NIST SP 800-63B 5.1.1.2 / ASVS 5 6.2: at least 8 characters, at least 64 accepted (we take 1024,
// the bound of the hashing work), never truncated, no composition rules, and judged against
// dictionaries of common passwords, words and names and the account's own details.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;
// zxcvbn's 3: "safely unguessable: moderate protection from offline slow-hash scenario" (>= 10^8 guesses).
export const PASSWORD_MIN_SCORE = 3;

export type PasswordEstimator = Pick<ZxcvbnFactory, 'check'>;

export type TPasswordJudgement = {
  isAcceptable: boolean;
  /** zxcvbn's 0..4; null when the length alone decided (nothing was estimated). */
  score: 0 | 1 | 2 | 3 | 4 | null;
  /** The field's message when refused: the length rule, or the estimator's warning and suggestions. */
  problem: string | null;
  warning: string | null;
  suggestions: string[];
};

let estimator: Promise<PasswordEstimator> | null = null;

// How much of a password the estimator reads, and how many l33t substitutions it tries. Measured
// here (2 cores): with the library's defaults (256, 100) a 64-character soup of symbols took 2 s
// to judge and a 256-character one 8 s, on a form anyone signed in can post. With these, the worst
// we found is a few hundred ms, and "P@$$w0rd!" is still seen through. A password is guessable or
// not by its first 64 characters (NIST's own minimum maximum); what follows is accepted as typed.
const ESTIMATED_LENGTH = 64;
const L33T_MAX_SUBSTITUTIONS = 10;

/**
 * The estimator with the common and English dictionaries and keyboard graphs, built once per
 * process (or browser page) on first use. Levenshtein matching stays off: with these dictionaries
 * it made one judgement cost ~350 ms instead of ~15-45 ms, for matches the l33t and dictionary
 * matchers mostly find anyway.
 */
export function loadPasswordEstimator(): Promise<PasswordEstimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
      maxLength: ESTIMATED_LENGTH,
      l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
    });
  })();
  // A failed load (a chunk that did not arrive) is tried again next time, not remembered.
  estimator.catch(() => {
    estimator = null;
  });
  return estimator;
}

/**
 * The words a guesser who knows the account would try first: the address, its local part and
 * domain and their pieces, any names, the brand's name, slug and domains, and the product's.
 */
export function passwordUserInputs({
  email,
  names = [],
  brand = null,
}: {
  email: string;
  names?: ReadonlyArray<string | null | undefined>;
  brand?: { name: string; slug?: string; domains: readonly string[] } | null;
}): string[] {
  const inputs = new Set<string>(['gatehouse']);
  const add = (value: string | null | undefined) => {
    const word = value?.trim().toLowerCase();
    if (!word) return;
    inputs.add(word);
    // "john.smith" and "acme.example" are guessed piece by piece too; pieces under 3 letters are
    // too short to be worth a dictionary entry of their own.
    for (const piece of word.split(/[^\p{L}\p{N}]+/u)) if (piece.length >= 3) inputs.add(piece);
  };
  const at = email.lastIndexOf('@');
  add(email);
  if (at > 0) {
    add(email.slice(0, at));
    add(email.slice(at + 1));
  }
  for (const name of names) add(name);
  if (brand) {
    add(brand.name);
    add(brand.slug);
    for (const domain of brand.domains) add(domain);
  }
  return [...inputs];
}

/** The length rule alone: the message, or null when the length is within the bounds. */
export function passwordLengthProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

/**
 * Judges a new password: the length bounds first (so a 10 kB paste costs nothing), then the
 * estimator with the account's words. Any character is allowed; there are no composition rules.
 */
export function judgePassword(estimator: PasswordEstimator, password: string, userInputs: readonly string[]): TPasswordJudgement {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem) return { isAcceptable: false, score: null, problem: lengthProblem, warning: null, suggestions: [] };
  const { score, feedback } = estimator.check(password, [...userInputs]);
  const isAcceptable = score >= PASSWORD_MIN_SCORE;
  const warning = feedback.warning || null;
  const suggestions = feedback.suggestions.filter(Boolean);
  const advice = warning || suggestions.length > 0 ? [warning, ...suggestions].filter(Boolean).join(' ') : 'Add another word or two; uncommon words are best.';
  return { isAcceptable, score, problem: isAcceptable ? null : `This password is too easy to guess. ${advice}`, warning, suggestions };
}
