// Gatehouse's cookies. Over HTTPS they take the __Host- prefix, which the browser only accepts
// with Secure, Path=/ and no Domain, so no subdomain can set or shadow them. Plain-HTTP local
// development (http://localhost) cannot use Secure cookies, so it gets unprefixed names.
export type CookieSettings = {
  name: string;
  options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean };
};

export function cookieSettings(appUrl: string, baseName: 'session' | 'pending-login' | 'recovery'): CookieSettings {
  const isSecure = appUrl.startsWith('https://');
  return {
    name: `${isSecure ? '__Host-' : ''}gatehouse.${baseName}`,
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecure },
  };
}
