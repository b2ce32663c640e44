/**
 * axe-core in a real extension page: the serious and critical violations, as lines naming the
 * rule and the elements. The page's own CSP allows no inline script, so axe is evaluated by the
 * driver (not a page script).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestPage } from './harness/index.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function seriousAxeViolations(page: TestPage): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) {
    await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}
