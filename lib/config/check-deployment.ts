/**
 * Refuses settings that would expose development conveniences or weaken cookies on a network.
 * Development mode keeps every code readable at /dev/outbox, so it serves loopback only unless
 * GATEHOUSE_ENV=development is set on purpose; production needs an https address (for __Host-
 * Secure cookies). Returns the problems, in sentences; empty means safe to start.
 */
export function checkDeployment({
  gatehouseEnv,
  gatehouseUrl,
  host,
}: {
  gatehouseEnv: string | undefined;
  gatehouseUrl: string | undefined;
  host: string;
}): string[] {
  const problems: string[] = [];
  const isLoopbackHost = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (gatehouseEnv === 'production') {
    if (!gatehouseUrl?.startsWith('https://')) {
      problems.push('GATEHOUSE_ENV=production needs GATEHOUSE_URL to be an https:// address, so session cookies are Secure and __Host- prefixed.');
    }
  } else if (gatehouseEnv === undefined && !isLoopbackHost) {
    problems.push(
      `Gatehouse would serve development mode (codes readable at /dev/outbox) on ${host}. Set GATEHOUSE_ENV=production for a real deployment, or GATEHOUSE_ENV=development to serve development mode on the network on purpose.`,
    );
  }
  return problems;
}
