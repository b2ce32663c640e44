// Drives Passkeep Testing (npm run build:testing, docs/testing-build.md) from any test runner
// that can evaluate a function in a page: Playwright, Puppeteer, WebdriverIO, Selenium.
//
//   const id = await page.evaluate(passkeepTesting, { command: 'addVirtualAuthenticator',
//     params: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
//               hasUserVerification: true, isUserVerified: true } });
//
// The page must be on one of Passkeep Testing's allowed origins (localhost and *.localhost by
// default). Commands and parameters are the WebDriver WebAuthn extension's
// (https://w3c.github.io/webauthn/#sctn-automation): addVirtualAuthenticator,
// removeVirtualAuthenticator, addCredential, getCredentials, removeCredential,
// removeAllCredentials, setUserVerified, setCredentialProperties. A failure rejects with an
// Error whose name is the WebDriver error code ("invalid argument") or, for a page off the
// allowed origins, "NotAllowedError".

/**
 * Runs in the page (it is serialised by the driver: no closures). Posts the command to the
 * testing build's content script and waits for its answer on the same window.
 * @param {{ command: string, params?: object, timeoutMs?: number }} request
 */
export function passkeepTesting({ command, params = {}, timeoutMs = 10000 }) {
  return new Promise((resolve, reject) => {
    const id = `${Date.now()}-${Math.random()}`;
    const timer = setTimeout(() => {
      removeEventListener('message', onMessage);
      reject(new Error(`Passkeep Testing did not answer ${command}: is the testing build (not the store Passkeep) installed?`));
    }, timeoutMs);
    function onMessage(event) {
      const data = event.data;
      if (event.source !== window || !data || data.passkeepTesting !== 'result' || data.id !== id) return;
      removeEventListener('message', onMessage);
      clearTimeout(timer);
      if (data.ok) resolve(data.value);
      else reject(Object.assign(new Error(data.error.message), { name: data.error.name }));
    }
    addEventListener('message', onMessage);
    postMessage({ passkeepTesting: 'command', id, command, params }, location.origin);
  });
}

