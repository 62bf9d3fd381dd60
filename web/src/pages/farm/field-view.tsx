/** One field, polled every minute: its figures, water balance, schedule, ET and pests. */
import { client, ok } from '../../api/client.js';
import { Async } from '../../components/status.js';
import { useApi } from '../../lib/use-api.js';
import { EtSection } from './et-section.js';
import { FieldKpis } from './field-kpis.js';
import { PestSection } from './pest-section.js';
import { ScheduleSection } from './schedule-section.js';
import { WaterSection } from './water-section.js';

export function FieldView({ id }: { id: string }) {
  const state = useApi(
    `farm/field ${id}`,
    (signal) => ok(client.GET('/api/v1/farm/field', { params: { query: { field: id } }, signal })),
    60_000,
  );
  return (
    <Async state={state}>
      {(f) => {
        const days = [...f.history, ...f.plan];
        const past = f.history.length;
        return (
          <>
            <FieldKpis f={f} />
            <WaterSection days={days} past={past} />
            <ScheduleSection f={f} />
            <EtSection days={days} past={past} />
            <PestSection f={f} />
          </>
        );
      }}
    </Async>
  );
}
