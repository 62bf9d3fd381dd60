/** Ledger requests the browser tests post. */

/**
 * `POST /ledger/events` body: `org` observed `epc` at `location` and found it conformant, on
 * 1 May 2024 at 13:00 in UTC+8.
 */
export const inspectionEvent = (org: string, epc: string, location: string) => ({
  org,
  event: {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    eventTime: '2024-05-01T05:00:00Z',
    eventTimeZoneOffset: '+08:00',
    epcList: [epc],
    bizStep: 'inspecting',
    disposition: 'conformant',
    bizLocation: { id: location },
  },
});
