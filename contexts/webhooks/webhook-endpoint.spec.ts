import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../domain-error.js';
import { INITIAL_REPORT } from '../reports/report.state.js';
import {
  evolveEndpoint,
  webhookEndpointDecider,
  type WebhookEndpoint,
  type WebhookEndpointCommand,
  type WebhookEndpointEvent,
} from './webhook-endpoint.js';
import { endpointReaches, type EndpointOwner } from './webhook-message.js';

const admin: EndpointOwner = { principal: 'staff:admin-1', role: 'ADMIN', keyAgencies: null };
const city: EndpointOwner = { principal: 'integrator:city-app', role: 'INTEGRATOR', keyAgencies: ['agency-a'] };
const create: WebhookEndpointCommand = {
  type: 'CreateWebhookEndpoint',
  endpointId: 'e1',
  owner: admin,
  url: 'https://hooks.example.org/lapor',
  eventTypes: ['report.resolved', 'report.submitted', 'report.resolved'],
  agencyIds: null,
  description: null,
  keyId: 'k1',
  publicKey: 'whpk_1',
};

function given(...events: WebhookEndpointEvent[]): WebhookEndpoint {
  return events.reduce(
    (state, event) => evolveEndpoint(state, event, '2026-12-01T00:00:00.000Z'),
    webhookEndpointDecider.initial,
  );
}
const decide = (command: WebhookEndpointCommand, state: WebhookEndpoint) =>
  webhookEndpointDecider.decide(command, state, {});
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  throw new Error('not refused');
};

describe('a webhook endpoint', () => {
  const [created] = decide(create, given());
  const enabled = given(created!);

  it('is created with its message types sorted once each', () => {
    expect(created).toMatchObject({
      type: 'WebhookEndpointCreated',
      data: { eventTypes: ['report.resolved', 'report.submitted'] },
    });
  });

  it('refuses message types that do not exist, and empty lists', () => {
    expect(refusal(() => decide({ ...create, eventTypes: ['report.exploded'] }, given()))).toBe('BAD_USER_INPUT');
    expect(refusal(() => decide({ ...create, eventTypes: [] }, given()))).toBe('BAD_USER_INPUT');
    expect(refusal(() => decide({ ...create, agencyIds: [] }, given()))).toBe('BAD_USER_INPUT');
  });

  it('lets an API key limited to agencies choose only among them', () => {
    expect(refusal(() => decide({ ...create, owner: city, agencyIds: ['agency-b'] }, given()))).toBe('FORBIDDEN');
    expect(decide({ ...create, owner: city, agencyIds: ['agency-a'] }, given())).toHaveLength(1);
  });

  it('records a change only when something changes', () => {
    expect(decide({ type: 'UpdateWebhookEndpoint', url: create.url }, enabled)).toEqual([]);
    expect(decide({ type: 'UpdateWebhookEndpoint', eventTypes: null }, enabled)).toEqual([
      { type: 'WebhookEndpointUpdated', data: expect.objectContaining({ eventTypes: null, url: create.url }) },
    ]);
  });

  it('keeps the replaced key until it expires', () => {
    const [rotated] = decide(
      {
        type: 'RotateWebhookSecret',
        keyId: 'k2',
        publicKey: 'whpk_2',
        previousKeyExpiresAt: '2026-12-02T00:00:00.000Z',
      },
      enabled,
    );
    expect(given(created!, rotated!)).toMatchObject({
      keyId: 'k2',
      previousKey: { keyId: 'k1', publicKey: 'whpk_1', expiresAt: '2026-12-02T00:00:00.000Z' },
    });
  });

  it('is disabled once with its reason, and enabled again', () => {
    const [disabled] = decide({ type: 'DisableWebhookEndpoint', reason: 'GONE', note: 'HTTP 410' }, enabled);
    const state = given(created!, disabled!);
    expect(state.disabled).toMatchObject({ reason: 'GONE', note: 'HTTP 410' });
    expect(decide({ type: 'DisableWebhookEndpoint', reason: 'FAILING', note: null }, state)).toEqual([]);
    expect(decide({ type: 'EnableWebhookEndpoint' }, state)).toEqual([{ type: 'WebhookEndpointEnabled', data: {} }]);
    expect(decide({ type: 'EnableWebhookEndpoint' }, enabled)).toEqual([]);
  });

  it('is gone for good once deleted', () => {
    const deleted = given(created!, { type: 'WebhookEndpointDeleted', data: {} });
    expect(refusal(() => decide({ type: 'EnableWebhookEndpoint' }, deleted))).toBe('NOT_FOUND');
    expect(refusal(() => decide(create, deleted))).toBe('CONFLICT');
  });
});

describe('who an endpoint hears of', () => {
  const report = { ...INITIAL_REPORT, submittedBy: 'integrator:sms', agencyId: null, confidential: false };
  const all = { eventTypes: null, agencyIds: null };

  it('an admin’s endpoint: every report, narrowed by its types and agencies', () => {
    expect(endpointReaches({ owner: admin, ...all }, 'report.submitted', report, [])).toBe(true);
    expect(
      endpointReaches(
        { owner: admin, eventTypes: ['report.resolved'], agencyIds: null },
        'report.submitted',
        report,
        [],
      ),
    ).toBe(false);
    expect(
      endpointReaches({ owner: admin, eventTypes: null, agencyIds: ['agency-a'] }, 'report.submitted', report, []),
    ).toBe(false);
    expect(
      endpointReaches({ owner: admin, eventTypes: null, agencyIds: ['agency-a'] }, 'report.forwarded', report, [
        'agency-a',
        'agency-b',
      ]),
    ).toBe(true);
  });

  it('an integrator’s endpoint: what it submitted, and the non-confidential reports with its key’s agencies', () => {
    const sms: EndpointOwner = { principal: 'integrator:sms', role: 'INTEGRATOR', keyAgencies: null };
    expect(endpointReaches({ owner: sms, ...all }, 'report.submitted', report, [])).toBe(true);
    expect(endpointReaches({ owner: city, ...all }, 'report.submitted', report, [])).toBe(false);
    const routed = { ...report, agencyId: 'agency-a' };
    expect(endpointReaches({ owner: city, ...all }, 'report.dispositioned', routed, ['agency-a'])).toBe(true);
    expect(
      endpointReaches({ owner: city, ...all }, 'report.dispositioned', { ...routed, confidential: true }, ['agency-a']),
    ).toBe(false);
    // Forwarded away from its agency: told once more, of where it went.
    expect(
      endpointReaches({ owner: city, ...all }, 'report.forwarded', { ...routed, agencyId: 'agency-b' }, [
        'agency-a',
        'agency-b',
      ]),
    ).toBe(true);
    const ownRoutedElsewhere = { ...report, submittedBy: city.principal, agencyId: 'agency-b' };
    expect(endpointReaches({ owner: city, ...all }, 'report.resolved', ownRoutedElsewhere, ['agency-b'])).toBe(false);
  });
});
