/** Manual / auto buttons of a loop, the pressed one showing its mode. */
import { useI18n } from '../../i18n/i18n.js';

type Mode = 'manual' | 'auto';
const MODES: readonly Mode[] = ['manual', 'auto'];

export function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (mode: Mode) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="toolbar plain">
      <legend className="sr-only">{t('control.mode')}</legend>
      {MODES.map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => onChange(m)}
          data-testid={m === 'manual' ? 'to-manual' : 'to-auto'}
        >
          {t(m === 'manual' ? 'control.manual' : 'control.auto')}
        </button>
      ))}
    </fieldset>
  );
}
