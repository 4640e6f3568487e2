import { originAllowed } from './origin-policy';

describe('originAllowed', () => {
  it('admits clients that send no Origin (not browsers)', () => {
    expect(originAllowed(undefined, 'api.example.it', [])).toBe(true);
  });

  it('admits the same origin, and the origins listed in CORS_ORIGINS', () => {
    expect(originAllowed('https://leadboard.example.it', 'leadboard.example.it', [])).toBe(true);
    expect(originAllowed('http://127.0.0.1:4200', '127.0.0.1:4200', [])).toBe(true);
    expect(originAllowed('https://wall.example.it', 'api.example.it', ['https://wall.example.it'])).toBe(true);
  });

  it('refuses another site, another port, a sandboxed frame and garbage', () => {
    expect(originAllowed('https://evil.example', 'leadboard.example.it', ['https://wall.example.it'])).toBe(false);
    expect(originAllowed('http://127.0.0.1:4201', '127.0.0.1:4200', [])).toBe(false);
    expect(originAllowed('null', 'leadboard.example.it', [])).toBe(false);
    expect(originAllowed('not a url', 'leadboard.example.it', [])).toBe(false);
    expect(originAllowed('https://leadboard.example.it', undefined, [])).toBe(false);
  });
});
