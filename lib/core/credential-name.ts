/**
 * Names that announce a credential (environment variables, config keys). A coin definition may not
 * give such a variable a value (lib/coinstack/resolve/service.ts), and the guardrails fail a pod that does
 * (lib/policy/checks/pod.ts): credentials reach containers as mounted files.
 */
export const CREDENTIAL_NAME = /PASS|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i;

/** A variable that names where a credential lives (POSTGRES_PASSWORD_FILE, SECRETS_DIR), not the credential. */
const LOCATION_NAME = /_(DIR|FILE|PATH)$/;

/**
 * Whether an environment variable holds a credential: a credential's name with a value, unless the
 * name says it is a location and the value is an absolute path (the file the image reads it from).
 */
export function holdsCredential(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) && value !== "" && !(LOCATION_NAME.test(name) && value.startsWith("/"));
}
