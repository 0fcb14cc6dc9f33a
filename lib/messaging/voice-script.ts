import twilio from 'twilio';

const VOICE = { voice: 'Polly.Joanna', language: 'en-US' } as const;

// A call first asks for a key press, so an answering machine or voicemail never records the
// code; only after the key press does Twilio fetch the code from our webhook. The call speaks
// for the mailbox's brand.
export function callGreeting(brandName: string): string {
  return `Hello, this is ${brandName} with your sign-in code. Press any key to hear it.`;
}
export const CALL_NO_KEY = 'We did not hear a key press, so we will not read the code. Goodbye.';

/** The call's opening TwiML: ask for a key, then fetch the code from `codeUrl`. */
export function callGreetingTwiml({ codeUrl, brandName }: { codeUrl: string; brandName: string }): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, timeout: 10, action: codeUrl, method: 'POST', actionOnEmptyResult: false });
  gather.say(VOICE, callGreeting(brandName));
  response.say(VOICE, CALL_NO_KEY);
  return response.toString();
}

/** The code as the call says it: "1, 2, 3, 4, 5, 6", one digit at a time. */
export function spokenDigits(code: string): string {
  return code.split('').join(', ');
}

/** What the listener hears after the key press: the digits one by one, twice. */
export function codeSentences({ code, brandName }: { code: string; brandName: string }): string[] {
  const digits = spokenDigits(code);
  return [`Your ${brandName} code is: ${digits}.`, `Again, your code is: ${digits}.`, 'Goodbye.'];
}

export function callCodeTwiml({ code, brandName }: { code: string; brandName: string }): string {
  const response = new twilio.twiml.VoiceResponse();
  const [first, again, goodbye] = codeSentences({ code, brandName });
  response.say(VOICE, first as string);
  response.pause({ length: 1 });
  response.say(VOICE, again as string);
  response.say(VOICE, goodbye as string);
  return response.toString();
}

/** The whole call as the development outbox shows it. */
export function renderCallScript({ code, brandName }: { code: string; brandName: string }): string {
  return [
    `${brandName} says: "${callGreeting(brandName)}"`,
    '(waits up to 10 seconds for a key press; without one it says the goodbye below and hangs up)',
    `Without a key press: "${CALL_NO_KEY}"`,
    'After a key press:',
    ...codeSentences({ code, brandName }).map((sentence) => `  "${sentence}"`),
  ].join('\n');
}
