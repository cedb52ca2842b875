/**
 * What the consumers of the synthesized stacks (Terraform, Helm) refuse, each
 * located so an operator can find it: the stack, the address in it and the key.
 */

export interface AcceptanceProblem {
  /** Stack name, e.g. `dev-platform`. */
  readonly stack: string;
  /** Address in the stack: `helm_release.monitoring_helm_release_C1A1EE58`, `data.x.y`, `output.z`, `terraform.backend.s3`. */
  readonly address: string;
  /** Key path inside the address, e.g. `depends_on[1]` or `spec[0].template[0]`. */
  readonly key?: string;
  /** What the consumer said, in its words where it said anything. */
  readonly message: string;
}

export function formatProblem(problem: AcceptanceProblem): string {
  return `${problem.stack}: ${problem.address}${problem.key ? ` ${problem.key}` : ""}: ${problem.message}`;
}

/** Every problem at once, one line each. */
export function formatProblems(problems: readonly AcceptanceProblem[]): string {
  return problems.map(formatProblem).join("\n");
}
