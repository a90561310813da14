import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createLocalPlatform, } from '/work/main/src/local/platform';
import { entitiesFromManifest } from '/work/main/src/local/kvs-entities';
const manifest = parse(readFileSync('/work/main/manifest.yml', 'utf8'));
const p = createLocalPlatform({ dbPath: ':memory:', entities: entitiesFromManifest(manifest), users: [{accountId:'local-admin', displayName:'Local admin', admin:true},{accountId:'v',displayName:'v',admin:false}] });
(async () => {
  const { handler } = await import('/work/main/src/index');
  const call = (as: string, functionKey: string, payload: unknown) => p.runAsUser(as, () => handler({ call: { functionKey, payload }, context: { extension: { type: 'jira:adminPage' }, moduleKey: 'x', localId: 'y' } } as never, { principal: { accountId: as } } as never));
  const c = await call('local-admin', 'createAssessment', { appName: 'Demo' }) as any;
  console.log(JSON.stringify(c).slice(0, 600));
  console.log(JSON.stringify(await call('v', 'whoAmI', {})));
  const rs = await call('local-admin', 'getRuleSet', {}) as any;
  console.log(rs.data.ruleSet.questions.length, rs.data.ruleSet.questions.slice(0,4));
  console.log(JSON.stringify(await call('local-admin', 'listAssessments', {})).slice(0,300));
  p.close();
})();
