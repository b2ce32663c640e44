/** The popup's entry: renders the app at once, and again when the active tab's host is known. */
import { render } from 'preact';
import { activeTabHost } from './active-tab-host';
import { runtimeApi } from './api';
import { App } from './app';

const root = document.getElementById('root') ?? document.body;

function draw(currentHost: string | null) {
  render(<App api={runtimeApi} currentHost={currentHost} />, root);
}

draw(null);
void activeTabHost().then((host) => {
  if (host !== null) draw(host);
});
