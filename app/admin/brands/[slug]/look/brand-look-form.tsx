'use client';

import { useActionState, useState } from 'react';
import { BRAND_LOGO_MAX_BYTES } from '@/lib/brands/brand-logo-limit';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { BrandedPrompt } from '@/components/branded-prompt';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { PROMPT_CLASS_NAMES } from '@/lib/brands/prompt-class-names';
import type { BrandLook } from '@/lib/brands/read-brand-look';
import { updateBrandLookAction, type BrandLookResult } from '../actions';

export type BrandLookValues = { name: string; primaryColor: string; supportContact: string; css: string };

/**
 * Name, colour, support contact, logo and stylesheet of the sign-in page and token prompt.
 * "Preview" shows the prompt with the stylesheet as the sanitiser would serve it, without saving;
 * after either, what the sanitiser dropped is listed with its reason.
 */
export function BrandLookForm({
  slug,
  look,
  values,
  nonce,
  needsCode,
  isUploadTooLarge = false,
}: {
  slug: string;
  look: BrandLook;
  values: BrandLookValues;
  nonce: string | null;
  needsCode: boolean;
  /** The page was reached after a post too large for the server to read (proxy.ts): say so on the logo. */
  isUploadTooLarge?: boolean;
}) {
  const [state, action] = useActionState<FormState<BrandLookResult>, FormData>(updateBrandLookAction, INITIAL_FORM_STATE);
  // A file over the limit is refused here, before it is sent, with the verb's own message: sent,
  // anything over the server's 1 MB body limit would meet Next's generic error instead.
  const [isLogoTooLarge, setIsLogoTooLarge] = useState(isUploadTooLarge && state.status === 'idle');
  const serverErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const fieldErrors = isLogoTooLarge ? { ...serverErrors, logo: [APP_ERRORS.BRAND_LOGO_TOO_LARGE.message] } : serverErrors;
  const result = state.status === 'success' ? state.data : null;
  // Controlled, so what was typed survives Preview and errors (React resets a form after its
  // action); without JavaScript the server renders the typed values from the action's state.
  const typed = state.status === 'error' ? state.values : result?.preview?.values;
  const [name, setName] = useState(typed?.name ?? values.name);
  const [primaryColor, setPrimaryColor] = useState(typed?.primaryColor ?? values.primaryColor);
  const [supportContact, setSupportContact] = useState(typed?.supportContact ?? values.supportContact);
  const [css, setCss] = useState(typed?.css ?? values.css);
  const errorsOf = (field: string) =>
    fieldErrors?.[field]?.length ? (
      <p id={`look-${field}-error`} className="text-sm text-red-700">
        {fieldErrors[field].join(' ')}
      </p>
    ) : null;

  return (
    <div className="space-y-6">
      <form action={action} className="space-y-4">
        <FormMessage state={state} />
        {result?.saved && (
          <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
            Look saved.
          </p>
        )}
        {result && result.dropped.length > 0 && (
          <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            <p className="font-semibold">
              {result.saved ? 'Saved without these parts of the stylesheet:' : 'The preview leaves out these parts of the stylesheet:'}
            </p>
            <ul className="list-disc space-y-1 pl-5">
              {result.dropped.map((entry, index) => (
                <li key={index}>
                  <code className="break-all">{entry.what}</code>: {entry.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        <input type="hidden" name="slug" value={slug} />
        <TextField label="Name" name="name" id="look-name" value={name}
          onChange={(event) => setName(event.target.value)} maxLength={80} required errors={fieldErrors?.name} />
        <TextField
          label="Primary colour"
          name="primaryColor"
          id="look-primaryColor"
          hint="# and six hexadecimal digits, like #1d4ed8. Used for the Verify button."
          value={primaryColor}
          onChange={(event) => setPrimaryColor(event.target.value)}
          maxLength={7}
          errors={fieldErrors?.primaryColor}
        />
        <TextField
          label="Support contact"
          name="supportContact"
          id="look-supportContact"
          hint="An e-mail address or an https address."
          value={supportContact}
          onChange={(event) => setSupportContact(event.target.value)}
          errors={fieldErrors?.supportContact}
        />
        <div className="space-y-1">
          <label htmlFor="look-logo" className="block text-sm font-medium text-slate-800">
            Logo
          </label>
          <p id="look-logo-hint" className="text-sm text-slate-600">
            A PNG, JPEG or SVG of at most 200 kB. An SVG with scripts, event handlers, embedded content or links to other files is refused.
            Preview does not keep a chosen file: choose it again before saving.
          </p>
          {look.logoUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- served by us; next/image adds an inline style the CSP refuses
            <img src={look.logoUrl} alt={`Current logo of ${look.name}`} className="h-10 w-auto max-w-[200px]" />
          )}
          <input
            id="look-logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/svg+xml"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              const isTooLarge = file !== undefined && file.size > BRAND_LOGO_MAX_BYTES;
              event.currentTarget.setCustomValidity(isTooLarge ? APP_ERRORS.BRAND_LOGO_TOO_LARGE.message : '');
              setIsLogoTooLarge(isTooLarge);
            }}
            aria-describedby={['look-logo-hint', fieldErrors?.logo?.length ? 'look-logo-error' : ''].filter(Boolean).join(' ')}
            aria-invalid={fieldErrors?.logo?.length ? true : undefined}
            className="block text-sm"
          />
          {errorsOf('logo')}
          {look.logoUrl && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="removeLogo" className="h-4 w-4" /> Remove logo
            </label>
          )}
        </div>
        <div className="space-y-1">
          <label htmlFor="look-css" className="block text-sm font-medium text-slate-800">
            Custom CSS for the token prompt
          </label>
          <p id="look-css-hint" className="text-sm text-slate-600">
            At most 20 kB. Style the prompt through its class names ({Object.values(PROMPT_CLASS_NAMES).join(', ')}); rules are kept inside
            .{PROMPT_CLASS_NAMES.wrapper}, and anything that loads files, reads the page or hides the prompt is dropped.
          </p>
          <textarea
            id="look-css"
            name="css"
            rows={10}
            value={css}
            onChange={(event) => setCss(event.target.value)}
            spellCheck={false}
            aria-describedby={['look-css-hint', fieldErrors?.css?.length ? 'look-css-error' : ''].filter(Boolean).join(' ')}
            aria-invalid={fieldErrors?.css?.length ? true : undefined}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
          />
          {errorsOf('css')}
        </div>
        <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="look-code" />
        <div className="flex gap-3">
          <SubmitButton name="intent" value="save">
            Save look
          </SubmitButton>
          <SubmitButton name="intent" value="preview" variant="secondary">
            Preview
          </SubmitButton>
        </div>
      </form>
      {result?.preview && (
        <section aria-labelledby="look-preview-heading" className="space-y-3 rounded-md border border-dashed border-slate-300 p-4">
          <h3 id="look-preview-heading" className="font-semibold">
            Preview (not saved)
          </h3>
          <BrandedPrompt
            look={{ ...look, primaryColor: result.preview.primaryColor, servedCss: result.preview.css }}
            preview={{ nonce }}
            title="Two-step verification"
            footer={<span className="text-sm text-blue-700 underline">Sign in as someone else</span>}
          >
            <p className="text-slate-700">Open your authenticator app and enter the current code for {look.name}.</p>
            <div className="space-y-4">
              <TextField label="Token (preview)" name="preview-code" id="look-preview-code" disabled className={PROMPT_CLASS_NAMES.field} />
              <button type="button" disabled className={`rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white ${PROMPT_CLASS_NAMES.button}`}>
                Verify
              </button>
            </div>
          </BrandedPrompt>
        </section>
      )}
    </div>
  );
}
