import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { wibDate } from '../contexts/calendar/working-days.js';
import { startTestService, type TestService } from './support/service.js';

const REGISTER = `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`;
const CONNECT = `mutation($input: ConnectAgencyInput!) {
  connectAgency(input: $input) { connected connectedAt connections { from to } position }
}`;
const DISCONNECT = `mutation($input: DisconnectAgencyInput!) {
  disconnectAgency(input: $input) { connected connections { from to } position }
}`;
const CONNECTIVITY = `query($year: Int!, $min: String) { connectivity(year: $year, minPosition: $min) { type connected newlyConnected } }`;

/**
 * Connections take effect on the decree's WIB day, whenever they are recorded: connectivity(year)
 * counts them in the year they took effect. An agency disconnected during a year is not connected
 * at its end.
 */
describe('connections and disconnections by their effective dates', () => {
  let service: TestService;
  let admin: string;
  let bengkulu: string;
  let last = '0';
  const provinces = async (year: number) =>
    ((await service.ok(CONNECTIVITY, { year, min: last })).connectivity as { type: string }[]).find(
      (row) => row.type === 'PROVINCE',
    );

  beforeAll(async () => {
    service = await startTestService();
    admin = await service.token({ sub: 'admin-1', role: 'ADMIN' });
    bengkulu = (
      await service.ok(REGISTER, { input: { name: 'Provinsi Bengkulu', type: 'PROVINCE', regionCode: '17' } }, admin)
    ).registerAgency.id;
  }, 120_000);
  afterAll(async () => service?.stop());

  it('counts a connection recorded today in the year of its decree (2016), and as connected after', async () => {
    const { connectAgency } = await service.ok(
      CONNECT,
      { input: { agencyId: bengkulu, decree: 'SK 1/2016', effectiveDate: '2016-03-01' } },
      admin,
    );
    // 1 March 2016, 00:00 WIB.
    expect(connectAgency).toMatchObject({
      connected: true,
      connectedAt: '2016-02-29T17:00:00.000Z',
      connections: [{ from: '2016-02-29T17:00:00.000Z', to: null }],
    });
    last = connectAgency.position;
    expect(await provinces(2015)).toEqual({ type: 'PROVINCE', connected: 0, newlyConnected: 0 });
    expect(await provinces(2016)).toEqual({ type: 'PROVINCE', connected: 1, newlyConnected: 1 });
    expect(await provinces(2017)).toEqual({ type: 'PROVINCE', connected: 1, newlyConnected: 0 });
  });

  it('refuses effective dates in the future, and a disconnection before the connection took effect', async () => {
    const tomorrow = wibDate(new Date(Date.now() + 86_400_000));
    const other = (
      await service.ok(REGISTER, { input: { name: 'Kota Bengkulu', type: 'CITY', regionCode: '17.71' } }, admin)
    ).registerAgency.id;
    for (const [query, input] of [
      [CONNECT, { agencyId: other, effectiveDate: tomorrow }],
      [DISCONNECT, { agencyId: bengkulu, effectiveDate: tomorrow }],
      [DISCONNECT, { agencyId: bengkulu, effectiveDate: '2016-02-29' }],
      [CONNECT, { agencyId: other, effectiveDate: '2016-02-30' }],
    ] as const) {
      const error = await service.error(query, { input }, admin);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('takes a disconnection effective 30 June 2018 out of the end of 2018 and of the years after', async () => {
    const { disconnectAgency } = await service.ok(
      DISCONNECT,
      { input: { agencyId: bengkulu, reason: 'SK dicabut', effectiveDate: '2018-06-30' } },
      admin,
    );
    expect(disconnectAgency).toMatchObject({
      connected: false,
      connections: [{ from: '2016-02-29T17:00:00.000Z', to: '2018-06-29T17:00:00.000Z' }],
    });
    last = disconnectAgency.position;
    expect(await provinces(2016)).toEqual({ type: 'PROVINCE', connected: 1, newlyConnected: 1 });
    expect(await provinces(2017)).toEqual({ type: 'PROVINCE', connected: 1, newlyConnected: 0 });
    // Disconnected during 2018: not connected at its end.
    expect(await provinces(2018)).toEqual({ type: 'PROVINCE', connected: 0, newlyConnected: 0 });
    expect(await provinces(2019)).toEqual({ type: 'PROVINCE', connected: 0, newlyConnected: 0 });
  });

  it('shows the periods on the agency and in the directory alike', async () => {
    const periods = [{ from: '2016-02-29T17:00:00.000Z', to: '2018-06-29T17:00:00.000Z' }];
    const { agency } = await service.ok(`query($id: String!) { agency(id: $id) { connections { from to } } }`, {
      id: bengkulu,
    });
    expect(agency.connections).toEqual(periods);
    const { agencies } = await service.ok(
      `query($min: String) { agencies(filter: { search: "bengkulu" }, minPosition: $min) { edges { node { name connections { from to } } } } }`,
      { min: last },
    );
    expect(agencies.edges.map((edge: any) => edge.node)).toEqual([
      { name: 'Kota Bengkulu', connections: [] },
      { name: 'Provinsi Bengkulu', connections: periods },
    ]);
  });
});
