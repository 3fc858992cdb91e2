/**
 * A loopback stand-in for the Google pieces the gmail and google-calendar checks touch:
 * - `POST /token`: the OAuth2 token endpoint (refresh_token grant only), answering like Google:
 *   a new access token for a valid refresh token, 400 `invalid_grant` for a revoked one,
 *   401 `invalid_client` for a wrong client ID/secret.
 * - `GET /gmail/v1/users/me/profile` and `GET /calendar/v3/users/me/calendarList`: accept only
 *   access tokens this server issued and has not expired (401 otherwise), and can be told to
 *   answer with Google's rate-limit errors instead.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GoogleApiOptions {
  clientId: string;
  clientSecret: string;
  /** Refresh tokens the endpoint honours; any other one is treated as revoked. */
  validRefreshTokens: string[];
  emailAddress?: string;
  calendarSummary?: string;
}

export type RateLimitMode = 'none' | '403-rateLimitExceeded' | '403-userRateLimitExceeded' | '429';

export interface GoogleApi {
  /** Origin, e.g. http://127.0.0.1:40123; token URL is `${origin}/token`. */
  origin: string;
  tokenUrl: string;
  gmailBaseUrl: string;
  calendarBaseUrl: string;
  /** Mints an access token the APIs accept, as if an earlier refresh had happened. */
  issueAccessToken: () => string;
  /** Makes every issued access token invalid, as an hour passing would. */
  expireAccessTokens: () => void;
  setRateLimit: (mode: RateLimitMode) => void;
  tokenRequests: () => number;
  close: () => Promise<void>;
}

export async function startGoogleApi(options: GoogleApiOptions): Promise<GoogleApi> {
  const validAccessTokens = new Set<string>();
  let rateLimit: RateLimitMode = 'none';
  let tokenRequests = 0;

  const issueAccessToken = () => {
    const token = `ya29.${randomBytes(12).toString('hex')}`;
    validAccessTokens.add(token);
    return token;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(payload));

    if (req.method === 'POST' && url.pathname === '/token') {
      tokenRequests++;
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'refresh_token') {
        return json(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
      }
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return json(401, { error: 'invalid_client', error_description: 'Unauthorized' });
      }
      const refreshToken = form.get('refresh_token') ?? '';
      if (!options.validRefreshTokens.includes(refreshToken)) {
        // Google answers a revoked and an unknown refresh token the same way.
        return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      }
      return json(200, {
        access_token: issueAccessToken(),
        expires_in: 3599,
        scope: 'https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/calendar.readonly',
        token_type: 'Bearer',
      });
    }

    const isGmail = req.method === 'GET' && url.pathname === '/gmail/v1/users/me/profile';
    const isCalendar = req.method === 'GET' && url.pathname === '/calendar/v3/users/me/calendarList';
    if (!isGmail && !isCalendar) return json(404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });

    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined || !validAccessTokens.has(token)) {
      return json(
        401,
        {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.',
            errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization' }],
            status: 'UNAUTHENTICATED',
          },
        },
        { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      );
    }
    if (rateLimit === '429') {
      return json(
        429,
        { error: { code: 429, message: 'Too many concurrent requests for user.', errors: [{ reason: 'rateLimitExceeded' }], status: 'RESOURCE_EXHAUSTED' } },
        { 'retry-after': '7' },
      );
    }
    if (rateLimit !== 'none') {
      const reason = rateLimit === '403-rateLimitExceeded' ? 'rateLimitExceeded' : 'userRateLimitExceeded';
      return json(403, {
        error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason }], status: 'PERMISSION_DENIED' },
      });
    }
    if (isGmail) {
      return json(200, { emailAddress: options.emailAddress ?? 'ops@example.com', messagesTotal: 42, threadsTotal: 17, historyId: '12345' });
    }
    if (url.searchParams.get('maxResults') !== '1') {
      return json(400, { error: { code: 400, message: 'expected maxResults=1 in this test server', status: 'INVALID_ARGUMENT' } });
    }
    return json(200, {
      kind: 'calendar#calendarList',
      etag: '"p33c9v1"',
      nextPageToken: 'next',
      items: [{ kind: 'calendar#calendarListEntry', id: 'ops@example.com', summary: options.calendarSummary ?? 'Operations', accessRole: 'owner', primary: true }],
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    tokenUrl: `${origin}/token`,
    gmailBaseUrl: `${origin}/gmail/v1`,
    calendarBaseUrl: `${origin}/calendar/v3`,
    issueAccessToken,
    expireAccessTokens: () => validAccessTokens.clear(),
    setRateLimit: (mode) => {
      rateLimit = mode;
    },
    tokenRequests: () => tokenRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
