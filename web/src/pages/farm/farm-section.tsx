/** A titled section of the field view; the heading names the section for screen readers. */
import type { ReactNode } from 'react';

export function FarmSection(props: { id: string; title: string; children: ReactNode }) {
  const heading = `farm-${props.id}-h`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{props.title}</h2>
      {props.children}
    </section>
  );
}
