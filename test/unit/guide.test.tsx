// @vitest-environment happy-dom
/**
 * The first-run guide's component (popup/guide/guide-app.tsx) against a fake background and the
 * real messages.json: Back/Next and the step list, the focus on each screen's heading, a named
 * picture on every teaching screen, and the last screen: choosing the PIN with the popup's rules
 * and request, or saying a PIN exists and offering to close.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import { GuideApp } from '../../popup/guide/guide-app';
import { App } from '../../popup/toolbar/app';
import { STEPS } from '../../popup/guide/steps';
import { makeStrings } from '../../popup/i18n/strings';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';
import { fakeVault } from './popup-fake-vault';

afterEach(cleanup);

const t = translatorFrom(messages as Messages);
const strings = makeStrings(t);
const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

const heading = () => screen.getByTestId('guide-heading');
const headingText = () => heading().textContent;
const current = () => document.querySelector('[aria-current="step"]')?.textContent;
const next = () => fireEvent.click(screen.getByTestId('guide-next'));
const back = () => fireEvent.click(screen.getByTestId('guide-back'));

function renderGuide(pin: string | null = null) {
  const { vault, api } = fakeVault({ pin });
  const onClose = vi.fn();
  render(<GuideApp api={api} t={t} onClose={onClose} />);
  return { vault, onClose };
}

/** Clicks Next until the last screen. */
function toLastScreen() {
  for (let i = 1; i < STEPS.length; i++) next();
}

describe('guide: navigation', () => {
  it('moves with Next and Back through every screen, marking the current step and focusing its heading', async () => {
    renderGuide();
    expect(headingText()).toBe(t('guidePasskeyTitle'));
    expect(screen.queryByTestId('guide-back')).toBeNull();
    expect(screen.getByTestId('guide-progress').textContent).toBe(`Step 1 of ${STEPS.length}`);

    for (const [i, step] of STEPS.entries()) {
      if (i > 0) next();
      if (step.kind === 'explain') {
        expect(headingText()).toBe(t(step.title));
        // The heading took the focus: a screen reader announces the new screen, Tab continues from it.
        expect(document.activeElement).toBe(heading());
        expect(current()).toContain(t(step.title));
        expect(document.querySelectorAll('[aria-current]')).toHaveLength(1);
        expect(screen.getByTestId('guide-progress').textContent).toBe(`Step ${i + 1} of ${STEPS.length}`);
        // One picture, named by what it shows, with nothing in it to tab to.
        const diagram = screen.getByTestId('diagram');
        expect(diagram.getAttribute('role')).toBe('img');
        expect(diagram.getAttribute('aria-label')).toBe(diagram.querySelector('title')?.textContent);
        expect(diagram.getAttribute('aria-label')!.length).toBeGreaterThan(40);
        for (const key of step.paragraphs) expect(document.body.textContent).toContain(t(key));
      }
    }
    expect(screen.queryByTestId('guide-next')).toBeNull();
    expect(await screen.findByTestId('pin-new')).toBeTruthy();

    back();
    expect(headingText()).toBe(t('guideAsideTitle'));
    expect(document.activeElement).toBe(heading());
  });

  it('jumps to a screen from the step list', () => {
    renderGuide();
    const steps = screen.getAllByTestId('guide-step');
    expect(steps).toHaveLength(STEPS.length);
    fireEvent.click(steps[4]!);
    expect(headingText()).toBe(t('guidePinTitle'));
    expect(steps[4]!.getAttribute('aria-current')).toBe('step');
    expect(steps[0]!.hasAttribute('aria-current')).toBe(false);
  });

  it('lays the page out in landmarks: a named step navigation and a main region named by the heading', () => {
    renderGuide();
    expect(screen.getByRole('navigation').getAttribute('aria-label')).toBe(t('guideStepsLabel'));
    const main = screen.getByRole('main');
    expect(document.getElementById(main.getAttribute('aria-labelledby')!)).toBe(heading());
    expect(screen.getByRole('banner').textContent).toContain(t('guideTitle'));
  });

  it('has no serious or critical axe violations on any screen', async () => {
    renderGuide();
    for (let i = 0; i < STEPS.length; i++) {
      if (i > 0) next();
      if (i === STEPS.length - 1) await screen.findByTestId('pin-new');
      // happy-dom computes no colours: contrast is checked in the real browsers (test/e2e/guide.test.ts).
      const results = await axe.run(document.body, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: false } } });
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id} (screen ${i + 1})`)).toEqual([]);
    }
  }, 30_000);
});

describe('guide: the PIN screen', () => {
  it('chooses the PIN with the popup’s rules and its vault:set-pin request, then offers to close', async () => {
    const { vault, onClose } = renderGuide(null);
    toLastScreen();
    const pin = await screen.findByTestId('pin-new');
    const confirm = screen.getByTestId('pin-confirm');
    // The screen's heading names the form and keeps the focus (the form takes none of its own).
    expect(headingText()).toBe(t('guidePinStepTitle'));
    expect(document.activeElement).toBe(heading());
    expect(screen.getByRole('form').getAttribute('aria-labelledby')).toBe(heading().id);
    expect(document.body.textContent).toContain(strings.pinOfflineNote);

    type(pin, 'abc');
    type(confirm, 'abc');
    fireEvent.click(screen.getByTestId('set-pin'));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.pinTooShort);
    type(pin, 'correct horse');
    type(confirm, 'correct hose');
    fireEvent.click(screen.getByTestId('set-pin'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(strings.pinMismatch));
    expect(vault.requests.filter((r) => r.type === 'vault:set-pin')).toEqual([]);

    type(confirm, 'correct horse');
    fireEvent.click(screen.getByTestId('set-pin'));
    await screen.findByTestId('guide-pin-set');
    expect(vault.requests).toContainEqual({ type: 'vault:set-pin', pin: 'correct horse' });
    expect(vault.pin).toBe('correct horse');
    expect(headingText()).toBe(t('guidePinSetTitle'));
    expect(document.activeElement).toBe(heading());
    expect(screen.queryByTestId('pin-new')).toBeNull();

    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('guide-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('says so when a PIN is already set, and offers to close instead of a form', async () => {
    const { vault, onClose } = renderGuide('1234');
    toLastScreen();
    await screen.findByTestId('guide-pin-already');
    expect(headingText()).toBe(t('guidePinAlreadyTitle'));
    expect(document.activeElement).toBe(heading());
    expect(screen.queryByTestId('pin-new')).toBeNull();
    expect(vault.requests.map((r) => r.type)).toEqual(['vault:status']);
    fireEvent.click(screen.getByTestId('guide-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('asks the vault’s state on arrival at the last screen, not when the guide opened', async () => {
    const { vault } = renderGuide(null);
    expect(vault.requests).toEqual([]);
    // A PIN chosen in the popup while the guide was open.
    vault.pin = '5678';
    toLastScreen();
    await screen.findByTestId('guide-pin-already');
  });
});

describe('guide: the way back to it from the toolbar popup', () => {
  it('the popup links to the guide from its first run on, and opens it through openGuide', async () => {
    const { api } = fakeVault({ pin: null });
    const openGuide = vi.fn();
    render(<App api={api} t={t} openGuide={openGuide} />);
    await screen.findByTestId('pin-new');
    const link = screen.getByTestId('guide-link');
    expect(link.getAttribute('href')).toBe('guide.html');
    expect(link.getAttribute('aria-label')).toBe(t('guideTitle'));
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(openGuide).toHaveBeenCalledTimes(1);
    // The tab comes from openGuide (tabs.create), not from the link's own navigation.
    expect(click.defaultPrevented).toBe(true);
  });
});
