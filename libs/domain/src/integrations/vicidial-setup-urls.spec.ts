import { VICIDIAL_AGENT_EVENT_PARAMS, VICIDIAL_DISPO_PARAMS, VICIDIAL_KEY_PLACEHOLDER } from '@leadboard/contracts';
import { parseFormEncoded, queryStringOf } from './form-params';
import { vicidialSetupUrls } from './vicidial-setup-urls';

describe('vicidialSetupUrls', () => {
  const urls = vicidialSetupUrls('https://leadboard.example.com/');

  it('gives a Dispo Call URL with VAR, the key placeholder and every parameter placeholder (never pass)', () => {
    expect(urls.dispoUrl.startsWith('VARhttps://leadboard.example.com/api/v1/integrations/vicidial/dispo?key=')).toBe(true);
    const params = parseFormEncoded(queryStringOf(urls.dispoUrl));
    expect(params['key']).toBe(VICIDIAL_KEY_PLACEHOLDER);
    for (const p of VICIDIAL_DISPO_PARAMS) expect(params[p]).toBe(`--A--${p}--B--`);
    expect(urls.dispoUrl).not.toMatch(/pass/);
  });

  it('gives a No Agent Call URL whose status is VICIdial\'s --A--status--B--', () => {
    const params = parseFormEncoded(queryStringOf(urls.noAgentUrl));
    expect(urls.noAgentUrl.startsWith('VARhttps://leadboard.example.com/api/v1/integrations/vicidial/no-agent?')).toBe(true);
    expect(params).toMatchObject({ key: VICIDIAL_KEY_PLACEHOLDER, lead_id: '--A--lead_id--B--', status: '--A--status--B--', SQLdate: '--A--SQLdate--B--' });
  });

  it('gives an Agent Push URL through get2post.php, with no colon (VICIdial strips them)', () => {
    expect(urls.agentEventsUrl).toMatch(/^get2post\.php\?uniqueid=--A--epoch--B--\.--A--agent_log_id--B--&type=event&HTTPSURLTOPOST=leadboard\.example\.com\/api\/v1\/integrations\/vicidial\/agent-events\?key=/);
    expect(urls.agentEventsUrl).not.toContain(':');
    for (const p of VICIDIAL_AGENT_EVENT_PARAMS) expect(urls.agentEventsUrl).toContain(`${p}=--A--${p}--B--`);
    expect(vicidialSetupUrls('http://10.0.0.5').agentEventsUrl).toContain('HTTPURLTOPOST=10.0.0.5/api/v1/');
  });
});
