import { manifestFactsSchema } from '../../../src/storage/records';
import { fixtureFacts, type FixtureName } from './fixtures';

describe('stored manifest facts', () => {
  it.each<FixtureName>([
    'runs-on-atlassian',
    'remote-and-egress',
    'roa-connect-modules',
    'roa-providers',
    'roa-customer-managed-egress',
  ])('keep every fact of %s through a JSON round trip', (fixture) => {
    const facts = fixtureFacts(fixture);
    const stored: unknown = JSON.parse(JSON.stringify(facts));
    expect(manifestFactsSchema.parse(stored)).toEqual(facts);
  });

  it('still read when stored before the Connect, provider and customer-managed egress facts', () => {
    const { connect, providers, customerManagedEgress, ...older } = fixtureFacts('no-egress');
    expect([connect, providers, customerManagedEgress]).not.toContain(undefined);
    const parsed = manifestFactsSchema.parse(JSON.parse(JSON.stringify(older)));
    expect(parsed).toEqual(older);
    expect('connect' in parsed).toBe(false);
  });
});
