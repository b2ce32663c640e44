/**
 * Testing build only: the warning on every page of Passkeep Testing (popup, prompt, guide, its
 * settings). scripts/build-testing.mjs adds this script to each page's HTML; the store build's
 * pages never load it. English only: its strings must not reach the store build's _locales.
 */
export const BANNER_TEXT = 'Passkeep Testing: for automated tests only. Never keep real passkeys here.';
const SETTINGS_PAGE = 'testing.html';

function showBanner(): void {
  const banner = document.createElement('div');
  banner.dataset.testid = 'testing-banner';
  banner.setAttribute('role', 'note');
  Object.assign(banner.style, {
    // Orange and black stripes, as the testing icon: not to be mistaken for the store Passkeep.
    background: 'repeating-linear-gradient(135deg, #f59e0b 0 12px, #fbbf24 12px 24px)',
    color: '#111',
    font: '600 12px/1.35 system-ui, sans-serif',
    padding: '4px 8px',
    borderBottom: '2px solid #111',
    textAlign: 'center',
  });
  banner.textContent = `${BANNER_TEXT} `;
  if (!location.pathname.endsWith(`/${SETTINGS_PAGE}`)) {
    const link = document.createElement('a');
    link.href = SETTINGS_PAGE;
    link.target = '_blank';
    link.textContent = 'Testing settings';
    link.style.color = '#111';
    banner.append(link);
  }
  document.body.prepend(banner);
  // A page of a fixed size that hides its overflow (the toolbar popup) grows by the banner,
  // so that none of its own controls is pushed out of sight.
  const body = getComputedStyle(document.body);
  if (body.overflow === 'hidden') document.body.style.height = `${parseFloat(body.height) + banner.offsetHeight}px`;
  if (!document.title.startsWith('Passkeep Testing')) document.title = document.title.replace(/^Passkeep/, 'Passkeep Testing');
}

showBanner();
