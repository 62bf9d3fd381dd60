/**
 * Collaboration page: shared delivery or pooled capacity (POST /collab/delivery, /collab/capacity,
 * docs/collaboration.md). The input is JSON, prefilled with an example; the answer is the table of
 * partners (alone, each allocation and what it saves or gains), the coalition table with what each
 * allocation charges or gives every group, whether the core is empty, and the sentences in the
 * page's language. Response types live here (api/types.ts is to be generated).
 */
import { useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAction } from '../lib/use-action.js';

type CaseResult = Schema<'CollabCase'>;

type Kind = 'delivery' | 'capacity';

const EXAMPLES: Record<Kind, unknown> = {
  delivery: {
    name: 'Shared delivery, three shippers',
    depot: [0, 0],
    capacity: 30,
    cost_per_km: 4,
    cost_per_vehicle: 150,
    currency: '¥',
    shippers: [
      {
        name: 'A',
        orders: [
          { at: [12, 3], demand: 6 },
          { at: [14, -2], demand: 5 },
          { at: [9, 6], demand: 4 },
        ],
      },
      {
        name: 'B',
        orders: [
          { at: [11, 8], demand: 5 },
          { at: [15, 4], demand: 7 },
          { at: [7, 10], demand: 3 },
        ],
      },
      {
        name: 'C',
        orders: [
          { at: [-6, 9], demand: 6 },
          { at: [-3, 12], demand: 4 },
          { at: [2, 11], demand: 5 },
        ],
      },
    ],
  },
  capacity: {
    name: 'Pooled capacity: two plants and a warehouse',
    currency: '¥',
    products: [
      { name: 'chilled', profit: 40, uses: { machine_h: 2, cold_m3: 3 } },
      { name: 'dry', profit: 25, uses: { machine_h: 1, dry_m3: 2 } },
      { name: 'mixed', profit: 55, uses: { machine_h: 3, cold_m3: 1, dry_m3: 1 } },
    ],
    partners: [
      { name: 'A', capacity: { machine_h: 120, cold_m3: 20 } },
      { name: 'B', capacity: { machine_h: 80, dry_m3: 150 } },
      { name: 'C', capacity: { cold_m3: 200, dry_m3: 40 } },
    ],
  },
};

const METHOD_NAMES: Record<string, { en: string; zh: string }> = {
  shapley: { en: 'Shapley', zh: 'Shapley' },
  nucleolus: { en: 'nucleolus', zh: '核仁' },
  owen: { en: 'Owen', zh: 'Owen' },
};

export default function CollaborationPage() {
  const { t, num, locale } = useI18n();
  const zh = locale.startsWith('zh');
  const [kind, setKind] = useState<Kind>('capacity');
  const [text, setText] = useState(JSON.stringify(EXAMPLES.capacity, null, 2));
  const [result, setResult] = useState<CaseResult>();
  const action = useAction();
  const choose = (k: Kind) => {
    setKind(k);
    setText(JSON.stringify(EXAMPLES[k], null, 2));
    setResult(undefined);
  };
  const run = async () => {
    // The case is whatever was typed: JSON.parse's error is the message the user sees.
    const answer = await action.run(() => {
      const body = JSON.parse(text);
      return kind === 'delivery'
        ? ok(client.POST('/api/v1/collab/delivery', { body }))
        : ok(client.POST('/api/v1/collab/capacity', { body }));
    });
    if (answer) setResult(answer);
  };
  const money = (x: number | undefined) => (x === undefined ? '' : `${result?.currency ?? ''}${num(x, 2)}`);
  const mName = (m: string) => (zh ? METHOD_NAMES[m]?.zh : METHOD_NAMES[m]?.en) ?? m;
  const cost = result?.kind === 'cost';
  return (
    <>
      <h1>{t('collab.title')}</h1>
      <p className="small muted">{t('collab.hint')}</p>
      <div className="toolbar" role="radiogroup">
        {(['delivery', 'capacity'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="collab-kind" checked={kind === k} onChange={() => choose(k)} />{' '}
            {t(`collab.${k}`)}
          </label>
        ))}
      </div>
      <label className="block">
        {t('collab.input')}
        <textarea
          className="ledger-bundle mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
      </label>
      <div className="toolbar">
        <button type="button" onClick={run} disabled={action.busy !== undefined}>
          {t('collab.run')}
        </button>
      </div>
      {action.error && <ErrorBox error={action.error} />}
      {result && (
        <section data-testid="collab-result">
          <h2>{result.title}</h2>
          <p className="small muted">{result.note}</p>
          <DataTable
            variant="compact"
            rows={result.players}
            rowKey={(p) => p}
            columns={[
              { key: 'partner', header: t('collab.partner'), rowHeader: true, cell: (p) => p },
              { key: 'alone', header: t('collab.alone'), num: true, cell: (p) => money(result.alone[p]) },
              ...result.allocations.map((a) => ({
                key: a.method,
                header: t(cost ? 'collab.pays' : 'collab.gets', { method: mName(a.method) }),
                num: true,
                cell: (p: string) => money(a.shares[p]),
              })),
              ...result.allocations.map((a) => ({
                key: `${a.method}-gain`,
                header: t(cost ? 'collab.saves' : 'collab.gains', { method: mName(a.method) }),
                num: true,
                cell: (p: string) => money(a.gains[p]),
              })),
            ]}
          />
          {result.coalitions.length > 0 && (
            <DataTable<CaseResult['coalitions'][number]>
              variant="compact"
              rows={result.coalitions}
              rowKey={(c) => c.coalition}
              columns={[
                {
                  key: 'coalition',
                  header: t('collab.coalition'),
                  rowHeader: true,
                  cell: (c) => c.coalition,
                },
                {
                  key: 'value',
                  header: t(cost ? 'collab.costAlone' : 'collab.worthAlone'),
                  num: true,
                  cell: (c) => money(c.value),
                },
                ...result.allocations.map((a) => ({
                  key: a.method,
                  header: t(cost ? 'collab.pays' : 'collab.gets', { method: mName(a.method) }),
                  num: true,
                  cell: (c: CaseResult['coalitions'][number]) => money(c.shares[a.method]),
                })),
              ]}
            />
          )}
          {result.core_empty !== null && (
            <p>
              {result.core_empty
                ? t('collab.coreEmpty', { eps: num(result.least_core_epsilon ?? 0, 2) })
                : t('collab.coreNonEmpty')}
            </p>
          )}
          <h3>{t('collab.inWords')}</h3>
          <ul>
            {(zh ? result.sentences.zh : result.sentences.en).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
