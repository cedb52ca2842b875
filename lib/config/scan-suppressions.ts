/**
 * config/scanner/suppressions.yaml: findings of the security scanner (checkov, .github/workflows/scan.yml)
 * accepted for a resource, each with its reason. A finding the project's own checks cover is accepted
 * by that check's waiver in config/<env>.yaml instead; this file is for the scanner's other rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError, defaultMessage, formatIssues } from "./messages";
import { matching, reasonFor } from "./rules";

export const SCAN_SUPPRESSIONS_FILE = join(__dirname, "..", "..", "config", "scanner", "suppressions.yaml");

const suppressionSchema = z.strictObject({
  /** The scanner's rule id. */
  rule: matching(/^(CKV2?_[A-Z0-9]+_\d+|AVD-[A-Z0-9]+-\d{4})$/, "a scanner rule id such as CKV_K8S_43"),
  /** `<stack>/<type>.<name>` as the triage prints it; `*` matches any characters. */
  resource: matching(/^[a-z0-9*][a-z0-9*-]*\/[a-z0-9_*]+\.[A-Za-z0-9_*-]+$/, "a resource address <stack>/<type>.<name> (* matches any characters)"),
  reason: reasonFor("accepting the finding"),
});

const fileSchema = z.strictObject({ suppressions: z.array(suppressionSchema).default([]) });

export type ScanSuppressionConfig = z.output<typeof suppressionSchema>;

/** The suppressions of `text` (the file's content), or a ConfigError naming every bad key. */
export function parseScanSuppressions(text: string, file = "config/scanner/suppressions.yaml"): ScanSuppressionConfig[] {
  const data: unknown = parse(text) ?? {};
  const result = fileSchema.safeParse(data, { reportInput: true, error: defaultMessage });
  if (result.success) return result.data.suppressions;
  throw new ConfigError(formatIssues(file, result.error, data));
}

export function loadScanSuppressions(path = SCAN_SUPPRESSIONS_FILE): ScanSuppressionConfig[] {
  return parseScanSuppressions(readFileSync(path, "utf8"));
}
