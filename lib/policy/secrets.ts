/**
 * Secret scan: no credential literal in any synthesized `cdk.tf.json` or any
 * git-tracked file. Credentials are generated in Terraform (`random_password`)
 * or read from an existing Secret, so a literal anywhere is a leak. Terraform
 * references (`${random_password.x.result}`) and file paths are not literals.
 */

/** Names that announce a credential (environment variables, config keys). */
export const CREDENTIAL_NAME = /PASS|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY/i;

export interface SecretPattern {
  readonly id: string;
  readonly description: string;
  readonly pattern: RegExp;
}

/**
 * What a leaked credential looks like. Each pattern has a planted-literal test.
 * The assignment pattern needs a value of 8+ characters that is not a reference,
 * a path, a placeholder or a format string.
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { id: "aws-access-key-id", description: "AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  {
    id: "aws-secret-access-key",
    description: "AWS secret access key",
    pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/i,
  },
  { id: "private-key", description: "PEM private key", pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { id: "github-token", description: "GitHub token", pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{82}\b/ },
  { id: "slack-token", description: "Slack token", pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/ },
  { id: "jwt", description: "JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  {
    id: "credential-assignment",
    description: "credential-named key with a literal, password-like value",
    // key = "value", key: 'value' or key=value (config files); the value must look generated:
    // 8+ characters mixing letters with digits or symbols, not a name, reference, path or format string.
    pattern:
      /[\w.-]*(?:password|passwd|secret|token|api_?key|private_?key|rpcauth)["']?\s*[:=]\s*(?:"(?=[^"\s]*[0-9!@#%^&*+=~])(?=[^"\s]*[A-Za-z])(?![^"]*\$\{)[^"\s/]{8,}"|'(?=[^'\s]*[0-9!@#%^&*+=~])(?=[^'\s]*[A-Za-z])[^'\s/]{8,}'|(?=[^\s"',;]*[0-9!@#%^&*+=~])(?=[^\s"',;]*[A-Za-z])(?![$%<{(])[^\s"',;(){}/]{8,}(?=\s|$))/i,
  },
  {
    id: "hex-secret",
    description: "long hex string under a credential-named key",
    pattern: /(?:secret|token|key|password)["']?\s*[:=]\s*["']?[0-9a-f]{32,}\b/i,
  },
];

export interface SecretFinding {
  readonly file: string;
  readonly line: number;
  readonly pattern: string;
  /** The matched text, shortened so a report never reprints the whole secret. */
  readonly excerpt: string;
}

/** Lines of a file that may legitimately look like a credential: mark them with this comment. */
export const ALLOW_MARKER = "secret-scan: allow";

/** Every credential-looking literal in `text`, one finding per line and pattern. */
export function scanText(file: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.includes(ALLOW_MARKER)) return;
    for (const { id, pattern } of SECRET_PATTERNS) {
      const match = pattern.exec(line);
      if (match) findings.push({ file, line: index + 1, pattern: id, excerpt: `${match[0].slice(0, 12)}…` });
    }
  });
  return findings;
}

export function formatSecretFinding(finding: SecretFinding): string {
  return `${finding.file}:${finding.line}: ${finding.pattern}: ${finding.excerpt} looks like a credential; generate it in Terraform (random_password) or read it from an existing Secret`;
}
