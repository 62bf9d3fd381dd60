/**
 * The ledger audit report: the audit result of `GET /api/v1/ledger/audit` (the log recomputed from
 * storage against its signed checkpoints), the checkpoints signed in the period with their witness
 * cosignatures, and the commands an auditor runs to check it themselves.
 */
import { Ledger } from '../../ledger/index.js';
import { L } from './labels.js';
import { reportDoc, table } from './report-blocks.js';
import type { ReportContext } from './report-context.js';
import { type ReportDoc, text } from './report-doc.js';

export async function buildLedgerAuditReport(ctx: ReportContext): Promise<ReportDoc> {
  const ledger = await Ledger.open({ store: ctx.store.ledger, clock: { now: () => ctx.now } });
  const audit = await ledger.audit();
  const cps = (await ledger.checkpoints(10_000)).filter((c) => {
    const t = Date.parse(c.created_at);
    return t >= ctx.from && t < ctx.to;
  });
  return reportDoc(ctx, 'ledger-audit', text('Ledger audit', '账本审计报告'), [
    {
      title: text('Audit result', '审计结果'),
      paragraphs: [
        audit.ok
          ? text(
              'The log recomputed from storage matches every signed checkpoint: no entry was changed, removed or inserted.',
              '从存储重算的日志与所有已签名检查点一致：没有条目被修改、删除或插入。',
            )
          : text(
              `The log does not match its checkpoints: the first problem is at entry ${audit.first?.index ?? '?'} (${audit.first?.detail ?? ''}).`,
              `日志与检查点不一致：第一个问题位于条目 ${audit.first?.index ?? '?'}（${audit.first?.detail ?? ''}）。`,
            ),
        text(
          'Verify it yourself: xinzhi ledger audit --db <db>; xinzhi ledger prove --index <n> > bundle.json; xinzhi ledger verify bundle.json; xinzhi ledger consistency --from <size1> --to <size2>.',
          '自行验证：xinzhi ledger audit --db <db>；xinzhi ledger prove --index <n> > bundle.json；xinzhi ledger verify bundle.json；xinzhi ledger consistency --from <size1> --to <size2>。',
        ),
      ],
      facts: [
        { label: text('Result', '结果'), value: audit.ok ? 'OK' : 'FAILED' },
        { label: text('Entries', '条目数'), value: audit.entries },
        { label: text('Checkpoints', '检查点数'), value: audit.checkpoints },
        { label: text('Latest checkpoint size', '最新检查点大小'), value: audit.latest_checkpoint_size },
      ],
      tables: [
        table(
          'problems',
          text('Problems found', '发现的问题'),
          [
            ['index', text('Entry', '条目'), 'integer'],
            ['kind', text('Kind', '类型')],
            ['detail', text('Detail', '详情')],
          ],
          audit.problems.map((p) => [p.index, p.kind, p.detail]),
          text('None.', '无。'),
        ),
      ],
    },
    {
      title: text('Checkpoints in the period', '本期检查点'),
      tables: [
        table(
          'checkpoints',
          text('Checkpoints and cosignatures', '检查点与见证联署'),
          [
            ['id', text('Checkpoint', '检查点'), 'integer'],
            ['size', text('Tree size', '树大小'), 'integer'],
            ['root', text('Root hash', '根哈希')],
            ['created', L.since, 'time'],
            ['signers', text('Signed by (log, witnesses)', '签名者（日志、见证）')],
          ],
          cps.map((c) => [
            c.id,
            c.size,
            c.root,
            Date.parse(c.created_at),
            c.signers.map((s) => s.name).join(', '),
          ]),
          L.noRows,
        ),
      ],
    },
  ]);
}
