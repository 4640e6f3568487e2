import { DEFAULT_ALERT_THRESHOLDS } from './alert-thresholds';
import { prospectWaitReason, type HotLeadClocks } from './prospect-waiting';

const NOW = '2026-11-23T10:00:00Z';
const ago = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();
const lead = (over: Partial<HotLeadClocks>): HotLeadClocks => ({
  stage: 'prospect',
  ownerSeniority: 'junior',
  prospectSince: ago(1),
  lastTouchedAt: ago(1),
  ...over,
});
const reason = (over: Partial<HotLeadClocks>) => prospectWaitReason(lead(over), NOW, DEFAULT_ALERT_THRESHOLDS);

describe('prospectWaitReason (defaults: hand-off 15 min, follow-up 2 h)', () => {
  it('does not count a prospect a junior has just qualified', () => {
    expect(reason({ ownerSeniority: 'junior', prospectSince: ago(1) })).toBeNull();
    expect(reason({ ownerSeniority: 'junior', prospectSince: ago(15) })).toBeNull();
  });

  it('counts a prospect without a senior owner past the hand-off SLA, however recently it was touched', () => {
    expect(reason({ ownerSeniority: 'junior', prospectSince: ago(16), lastTouchedAt: ago(0) })).toBe('no_senior');
    expect(reason({ ownerSeniority: null, prospectSince: ago(16) })).toBe('no_senior');
    expect(reason({ ownerSeniority: null, prospectSince: ago(5) })).toBeNull();
  });

  it('keeps the hand-off clock of a prospect that became an opportunity', () => {
    expect(reason({ stage: 'opportunity', ownerSeniority: 'junior', prospectSince: ago(20), lastTouchedAt: ago(2) })).toBe('no_senior');
  });

  it('counts a senior’s lead only once untouched past the follow-up SLA, whenever it became a prospect', () => {
    expect(reason({ ownerSeniority: 'senior', prospectSince: ago(24 * 60), lastTouchedAt: ago(119) })).toBeNull();
    expect(reason({ ownerSeniority: 'senior', prospectSince: ago(24 * 60), lastTouchedAt: ago(121) })).toBe('not_followed_up');
  });

  it('counts unknown times as past the SLA', () => {
    expect(reason({ ownerSeniority: 'junior', prospectSince: null })).toBe('no_senior');
    expect(reason({ ownerSeniority: 'senior', lastTouchedAt: null })).toBe('not_followed_up');
  });

  it('follows the campaign’s SLAs, strictly past them', () => {
    const t = { prospectHandoffSlaSeconds: 60, prospectFollowUpSlaSeconds: 600 };
    expect(prospectWaitReason(lead({ prospectSince: ago(1) }), NOW, t)).toBeNull();
    expect(prospectWaitReason(lead({ prospectSince: ago(2) }), NOW, t)).toBe('no_senior');
    expect(prospectWaitReason(lead({ ownerSeniority: 'senior', lastTouchedAt: ago(11) }), new Date(NOW), t)).toBe('not_followed_up');
  });
});
