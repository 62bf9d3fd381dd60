import { useI18n } from '../../i18n/i18n.js';
import type { PlanYaml } from './use-plan-yaml.js';

/** "Advanced": the plan document as YAML, editable, folded away by default. */
export function YamlEditor({
  yaml,
  open,
  onToggle,
  stale,
}: {
  yaml: PlanYaml;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** The tables have problems, so the YAML shows their last valid plan. */
  stale: boolean;
}) {
  const { t } = useI18n();
  return (
    <details
      className="advanced"
      open={open}
      onToggle={(e) => onToggle((e.target as HTMLDetailsElement).open)}
    >
      <summary data-testid="yaml-toggle">{t('planning.advancedYaml')}</summary>
      <label className="block">
        {t('planning.editor')}
        <textarea
          value={yaml.text}
          onChange={(e) => yaml.edit(e.target.value)}
          rows={16}
          spellCheck={false}
          className="code"
          data-testid="plan-editor"
          aria-invalid={yaml.error ? true : undefined}
        />
      </label>
      {yaml.error && (
        <p className="status error" role="alert" data-testid="yaml-error">
          {t('planning.yamlInvalid', { message: yaml.error })}
        </p>
      )}
      {stale && <p className="muted small">{t('planning.yamlStale')}</p>}
    </details>
  );
}
