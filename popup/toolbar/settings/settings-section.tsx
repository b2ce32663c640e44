import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** One titled part of the settings, a landmark-free region named by its heading. */
export function SettingsSection({ title, testid, children }: { title: string; testid: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class="settings-section" aria-labelledby={id} data-testid={testid}>
      <h3 id={id} class="section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}
