import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { getEnv } from '@/lib/config/env';

export type TwilioSender = {
  client: twilio.Twilio;
  authToken: string;
  messagingServiceSid?: string;
  fromNumber?: string;
};

/** Sends every request of the real client to another base URL (a local fake in tests). */
class RedirectedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = options.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, this.baseUrl.replace(/\/$/, ''));
    return super.request<TData>({ ...options, uri });
  }
}

/** The configured Twilio account, or null when texts and calls go to the outbox. */
export function getTwilioSender(): TwilioSender | null {
  const env = getEnv();
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) return null;
  const client = twilio(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, {
    httpClient: env.TWILIO_BASE_URL ? new RedirectedRequestClient(env.TWILIO_BASE_URL) : undefined,
    autoRetry: false,
  });
  return {
    client,
    authToken: env.TWILIO_AUTH_TOKEN,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
    fromNumber: env.TWILIO_FROM_NUMBER,
  };
}
