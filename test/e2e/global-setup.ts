import { ensureBuild } from './ui-build';

/** `npm run test:e2e`: the browser tests need the built admin page; build it once, up front. */
export default function globalSetup(): void {
  ensureBuild();
}
