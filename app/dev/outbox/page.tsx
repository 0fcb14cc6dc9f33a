import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isDirectLocal } from '@/lib/http/request-context';
import { isOutboxAvailable } from '@/lib/notify/is-outbox-available';
import { listOutbox } from '@/lib/notify/list-outbox';

export const metadata: Metadata = { title: 'Development outbox' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/**
 * Everything Gatehouse would have sent, when no e-mail or SMS provider is configured. It holds
 * security codes, so it does not exist when GATEHOUSE_ENV=production, and answers only requests
 * made on this machine without a proxy.
 */
export default async function OutboxPage() {
  await connection();
  if (!isOutboxAvailable({ isDirectLocal: await isDirectLocal() })) notFound();
  const messages = await listOutbox();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Development outbox</h1>
        <p className="text-slate-600">
          Messages kept here instead of being sent, because no provider is configured. Newest first. This page does not exist in
          production.
        </p>
      </div>
      {messages.length === 0 && <p>No messages yet.</p>}
      <ul className="space-y-4">
        {messages.map((message) => (
          <li key={message.id}>
            <article aria-label={`${message.channel} to ${message.to}`} className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-sm text-slate-600">
                {message.channel} to <span className="font-medium text-slate-900">{message.to}</span>
                {message.from && (
                  <>
                    {' '}
                    from <span className="font-medium text-slate-900">{message.from}</span>
                  </>
                )}{' '}
                ·{' '}
                {dateFormat.format(message.createdAt)} UTC · {message.status}
              </p>
              {message.subject && <h2 className="mt-1 font-semibold">{message.subject}</h2>}
              <pre className="mt-2 whitespace-pre-wrap font-sans text-sm">{message.body}</pre>
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}
