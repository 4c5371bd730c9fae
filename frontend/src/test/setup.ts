// Vitest set-up: DOM matchers, a clean DOM and storage between tests.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor give up only after a minute: they wait for a condition, not for a deadline.
configure({ asyncUtilTimeout: 60_000 });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});
