/**
 * What two-factor authentication is and how to get an authenticator app, shown before "Enable"
 * (MailRoute's guide tells its users the same). Plain links: the stores are only navigated to,
 * nothing is loaded from them, so the page's Content-Security-Policy is untouched.
 */
const APPS: Record<'Android' | 'iPhone', { store: string; apps: { name: string; href: string }[] }> = {
  Android: {
    store: 'Google Play',
    apps: [
      { name: 'Google Authenticator', href: 'https://play.google.com/store/apps/details?id=com.google.android.apps.authenticator2' },
      { name: 'Microsoft Authenticator', href: 'https://play.google.com/store/apps/details?id=com.azure.authenticator' },
      { name: '2FAS Auth', href: 'https://play.google.com/store/apps/details?id=com.twofasapp' },
      { name: 'Aegis Authenticator', href: 'https://play.google.com/store/apps/details?id=com.beemdevelopment.aegis' },
    ],
  },
  iPhone: {
    store: 'the App Store',
    apps: [
      { name: 'Google Authenticator', href: 'https://apps.apple.com/app/google-authenticator/id388497605' },
      { name: 'Microsoft Authenticator', href: 'https://apps.apple.com/app/microsoft-authenticator/id983156458' },
      { name: '2FAS Auth', href: 'https://apps.apple.com/app/2fas-auth/id1217793794' },
    ],
  },
};

export function TwoFactorGuide() {
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h3 className="font-semibold">What is two-factor authentication?</h3>
        <p className="text-sm text-slate-700">
          Signing in then takes two things: something you know (your password) and something you have (your phone). After your
          password, you type the 6-digit code an authenticator app on your phone shows; the code changes every 30 seconds. Someone
          who learns your password still cannot open your mailbox without your phone.
        </p>
      </div>
      <div className="space-y-2">
        <h3 className="font-semibold">Install an authenticator app</h3>
        <div className="grid gap-4 sm:grid-cols-2">
          {(Object.keys(APPS) as (keyof typeof APPS)[]).map((platform) => (
            <div key={platform} className="space-y-1 text-sm">
              <h4 className="font-medium">On {platform}</h4>
              <ol className="list-decimal space-y-1 pl-5 text-slate-700">
                <li>
                  Open {APPS[platform].store} and install one of these apps:
                  <ul aria-label={`Authenticator apps for ${platform}`} className="list-disc pl-5">
                    {APPS[platform].apps.map((app) => (
                      <li key={app.name}>
                        <a href={app.href} className="text-blue-700 underline" rel="noopener noreferrer">
                          {app.name}
                        </a>
                      </li>
                    ))}
                  </ul>
                </li>
                <li>Come back to this page and choose Enable.</li>
                <li>In the app, tap + (Add) and scan the QR code we show you.</li>
              </ol>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
