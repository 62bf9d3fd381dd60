import { useEffect, useRef, useState } from 'react';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { draftFromPlan, type PlanDraft, type PlanResultOrProblems } from '../../lib/plan-draft.js';

export interface PlanYaml {
  readonly text: string;
  /** Why the text is not a plan the tables can show; the tables keep the last valid plan. */
  readonly error: string | undefined;
  edit(text: string): void;
}

/**
 * The plan document as YAML, kept in sync with the tables both ways: the tables' plan is written
 * out whenever it is valid, and YAML that reads as a plan replaces the tables' draft.
 */
export function usePlanYaml(
  checked: PlanResultOrProblems | undefined,
  setDraft: (d: PlanDraft) => void,
): PlanYaml {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  /** The last draft change came from the YAML editor: do not rewrite the text being typed. */
  const fromYaml = useRef(false);

  useEffect(() => {
    if (fromYaml.current) {
      fromYaml.current = false;
      return;
    }
    if (checked?.ok) {
      setText(stringifyYaml(checked.plan));
      setError(undefined);
    }
  }, [checked]);

  const edit = (next: string) => {
    setText(next);
    let obj: unknown;
    try {
      obj = parseYaml(next);
    } catch (e) {
      setError((e as Error).message.split('\n')[0]);
      return;
    }
    const r = draftFromPlan(obj);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    fromYaml.current = true;
    setDraft(r.draft);
  };
  return { text, error, edit };
}
