/**
 * Names that announce a credential (environment variables, config keys). A coin definition may not
 * give such a variable a value (lib/coinstack/resolve/service.ts), and the guardrails fail a pod that does
 * (lib/policy/checks/pod.ts): credentials reach containers as mounted files.
 */
export const CREDENTIAL_NAME = /PASS|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i;
