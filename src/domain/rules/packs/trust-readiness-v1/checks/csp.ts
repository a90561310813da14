import { unsafeScriptLabels } from '../../../../manifest/data-flows';
import { disprove, NOTHING_SETTLED, type RegisteredCheck } from '../../../../checks/check-helpers';

/**
 * S11: `unsafe-eval` or `unsafe-inline` in permissions.content.scripts loosens the Custom UI
 * content security policy that Forge otherwise enforces, which Atlassian's security
 * requirements ask apps to keep. A clean policy proves nothing about input validation, the
 * other half of S11, so this check can only fail the question.
 */
export const cspCheck: RegisteredCheck = {
  id: 'csp',
  title: 'Content security policy allows no unsafe scripts',
  settles: ['S11'],
  run({ answers, manifest }) {
    const unsafe = unsafeScriptLabels(manifest.csp);
    if (unsafe.length === 0) return NOTHING_SETTLED;
    return disprove(
      'csp',
      answers,
      'S11',
      'the manifest lets Custom UI scripts use unsafe-eval or unsafe-inline; remove them from permissions.content.scripts',
      unsafe,
    );
  },
};
