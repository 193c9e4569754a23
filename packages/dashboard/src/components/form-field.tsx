/**
 * @module A labelled control with an optional hint. The label points at the control by id
 * rather than wrapping it, so a select's current option and the hint stay out of the
 * control's accessible name; the hint is its description.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
}

export function FormField({
  label,
  hint,
  class: className,
  children,
}: {
  label: string;
  hint?: string | undefined;
  class?: string;
  children: (props: ControlProps) => ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class={className ? `form-field ${className}` : 'form-field'}>
      <label for={id}>{label}</label>
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
      {hint ? (
        <span id={hintId} class="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
