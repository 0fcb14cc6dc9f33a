'use client';

import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { TextField } from '@/components/text-field';
import {
  judgePassword,
  loadPasswordEstimator,
  passwordLengthProblem,
  type PasswordEstimator,
  type TPasswordJudgement,
} from '@/lib/passwords/password-strength';

type NewPasswordFieldProps = {
  label: string;
  name: string;
  id: string;
  /** The account's own words (readPasswordUserInputs), judged as the server will judge them. */
  userInputs: readonly string[];
  /** The server's messages for this field; with JavaScript off they are the only answer. */
  errors?: string[];
  hint?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'type' | 'defaultValue' | 'value'>;

const STRENGTH_WORDS = ['very weak', 'weak', 'not strong enough yet', 'strong enough', 'strong'] as const;
// Long enough that a judgement (tens of ms) does not run on every keystroke of a fast typist.
const PAUSE_MS = 200;

/**
 * A new-password input that says, as the user types, what the server will decide: the same
 * estimator, dictionaries and account words (lib/passwords/password-strength.ts). The dictionaries
 * are fetched when the field is first focused, so pages without this field never carry them.
 * The input stays uncontrolled (its value is never mirrored into the page), has no maxLength (a
 * cut paste would leave the user not knowing their password), and the advice sits in a polite live
 * region the input is described by. Without JavaScript it is a plain input with the hint, and the
 * server's message after posting is the answer.
 */
export function NewPasswordField({ label, name, id, userInputs, errors, hint, className, onFocus, onInput, ...input }: NewPasswordFieldProps) {
  const [judgement, setJudgement] = useState<TPasswordJudgement | null>(null);
  const estimator = useRef<PasswordEstimator | null>(null);
  const typed = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const pending = timer;
    return () => {
      if (pending.current) clearTimeout(pending.current);
    };
  }, []);

  const adviceId = `${id}-advice`;

  const judge = () => {
    const password = typed.current;
    if (password === '') return setJudgement(null);
    const lengthProblem = passwordLengthProblem(password);
    if (lengthProblem || !estimator.current) {
      // Until the dictionaries arrive, only the length can be said.
      return setJudgement({ isAcceptable: false, score: null, problem: lengthProblem, warning: null, suggestions: [] });
    }
    setJudgement(judgePassword(estimator.current, password, userInputs));
  };

  const load = () => {
    if (estimator.current) return;
    loadPasswordEstimator().then(
      (loaded) => {
        estimator.current = loaded;
        judge();
      },
      // No advice then; the server still decides.
      () => {},
    );
  };

  return (
    <TextField
      label={label}
      name={name}
      id={id}
      type="password"
      autoComplete="new-password"
      hint={hint}
      errors={errors}
      className={className}
      advice={{ id: adviceId, content: judgement && <PasswordAdvice judgement={judgement} /> }}
      onFocus={(event) => {
        load();
        onFocus?.(event);
      }}
      onInput={(event) => {
        typed.current = event.currentTarget.value;
        load();
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(judge, PAUSE_MS);
        onInput?.(event);
      }}
      {...input}
    />
  );
}

function PasswordAdvice({ judgement }: { judgement: TPasswordJudgement }) {
  const { score, isAcceptable, warning, suggestions, problem } = judgement;
  if (score === null) return problem ? <p className="text-slate-700">{problem}</p> : null;
  return (
    <>
      <div aria-hidden="true" className="flex gap-1">
        {[0, 1, 2, 3].map((step) => (
          <span
            key={step}
            className={`h-1.5 flex-1 rounded ${step < score ? (isAcceptable ? 'bg-green-600' : 'bg-amber-500') : 'bg-slate-200'}`}
          />
        ))}
      </div>
      <p className={isAcceptable ? 'text-green-800' : 'text-slate-800'}>
        Strength: {STRENGTH_WORDS[score]}.{isAcceptable ? ' This password will be accepted.' : ' This password will be refused.'}
      </p>
      {warning && <p className="text-slate-800">{warning}</p>}
      {suggestions.length > 0 && (
        <ul className="list-disc pl-5 text-slate-700">
          {suggestions.map((suggestion) => (
            <li key={suggestion}>{suggestion}</li>
          ))}
        </ul>
      )}
    </>
  );
}
