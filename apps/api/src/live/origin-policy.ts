/**
 * Which browsers may open the live socket: a page of the same origin as the API (the dashboard
 * served by the API, or by a proxy that keeps the Host header), or one listed in CORS_ORIGINS.
 * A client that sends no Origin is not a browser (a dialer, a test's socket.io-client, a TV app):
 * the Origin check protects browsers against other sites' pages, and such a client still needs a token.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    // "null" (a sandboxed frame, a file) or garbage
    return false;
  }
}
