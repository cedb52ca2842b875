/**
 * The rule "no stack may plan a kubernetes_manifest whose CRD a helm_release
 * of the same stack installs" lives in the policy checks (J3); re-exported for
 * the platform tests.
 */
export { CRD_GROUPS_BY_CHART, manifestsNeedingSameStackCrds } from "../../lib/policy/checks/helm";
