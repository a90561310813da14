import { CURRENT_RULE_SET } from '../src/domain/rules/registry';
console.log(CURRENT_RULE_SET.elements);
for (const q of CURRENT_RULE_SET.questions) console.log(q.id, q.element, q.type, q.severity, q.notApplicableAllowed?'NA':'', q.evidence, q.legacy?'LEGACY':'', JSON.stringify(q.when ?? ''), q.whenText ?? '', '|', q.title, q.options?.map(o=>o.value).join(','));
