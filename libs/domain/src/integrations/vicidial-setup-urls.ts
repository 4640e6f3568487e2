/**
 * The URLs an administrator pastes into VICIdial, built from Leadboard's public base URL. Each
 * parameter carries VICIdial's `--A--name--B--` placeholder; `key=` carries a placeholder for the
 * tenant's ingest key (the API never prints a real key here).
 */
import {
  VICIDIAL_AGENT_EVENT_PARAMS,
  VICIDIAL_DISPO_PARAMS,
  VICIDIAL_KEY_PLACEHOLDER,
  VICIDIAL_NO_AGENT_PARAMS,
  type VicidialSettingsView,
} from '@leadboard/contracts';

export const VICIDIAL_PATHS = {
  dispo: '/api/v1/integrations/vicidial/dispo',
  noAgent: '/api/v1/integrations/vicidial/no-agent',
  agentEvents: '/api/v1/integrations/vicidial/agent-events',
} as const;

/**
 * Parameters of the pasted No Agent Call URL: every one the endpoint reads but `dispo`, its synonym
 * (VICIdial fills `--A--status--B--` with the call's status).
 */
const NO_AGENT_URL_PARAMS = VICIDIAL_NO_AGENT_PARAMS.filter((name) => name !== 'dispo');

const placeholders = (names: readonly string[]) => names.map((n) => `${n}=--A--${n}--B--`).join('&');

export function vicidialSetupUrls(publicBaseUrl: string): Pick<VicidialSettingsView, 'dispoUrl' | 'noAgentUrl' | 'agentEventsUrl'> {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const key = `key=${VICIDIAL_KEY_PLACEHOLDER}`;
  // VICIdial's agent screen strips ':' from the Agent Push URL, so get2post.php takes the target
  // without its scheme (HTTPSURLTOPOST / HTTPURLTOPOST) and the target cannot carry a port.
  const secure = base.startsWith('https://');
  const target = base.replace(/^https?:\/\//, '');
  const relay = secure ? 'HTTPSURLTOPOST' : 'HTTPURLTOPOST';
  return {
    // `VAR` in front tells VICIdial to replace the placeholders.
    dispoUrl: `VAR${base}${VICIDIAL_PATHS.dispo}?${key}&${placeholders(VICIDIAL_DISPO_PARAMS)}`,
    noAgentUrl: `VAR${base}${VICIDIAL_PATHS.noAgent}?${key}&${placeholders(NO_AGENT_URL_PARAMS)}`,
    agentEventsUrl:
      `get2post.php?uniqueid=--A--epoch--B--.--A--agent_log_id--B--&type=event&${relay}=` +
      `${target}${VICIDIAL_PATHS.agentEvents}?${key}&${placeholders(VICIDIAL_AGENT_EVENT_PARAMS)}`,
  };
}
