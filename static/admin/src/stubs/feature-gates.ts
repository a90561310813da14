// Build-time stand-in for @atlaskit/feature-gate-js-client (Statsig). Nothing initialises
// Statsig inside the Forge iframe, so the real client answers every gate "false" and every
// experiment with its default; this answers the same without shipping ~30 KB gzip of client.
// Aliased in vite.config.ts; the Atlaskit callers use only the members below.
const FeatureGates = {
  checkGate: (_name: string): boolean => false,
  getExperimentValue: <T>(_experiment: string, _parameter: string, defaultValue: T): T =>
    defaultValue,
  getExperiment: (_name: string) => ({
    get: <T>(_parameter: string, defaultValue: T): T => defaultValue,
  }),
  initializeCompleted: (): boolean => false,
  hasCheckGateErrorOccurred: (): boolean => false,
  hasGetExperimentValueErrorOccurred: (): boolean => false,
};

export default FeatureGates;
