/**
 * v2 settles the same question with the same meaning as v1 (the ids it reads and settles are
 * unchanged), so it runs v1's check. A v2-only change of meaning gets its own file here.
 */
export { cspCheck } from '../../trust-readiness-v1/checks/csp';
