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

/** A key path inside an address: object keys and list indexes, outermost first. */
export type KeyPath = readonly (string | number)[];

/** `spec[0].template[0].metadata["app.kubernetes.io/name"]`: how Terraform and Helm users write a path. */
export function formatKeyPath(path: KeyPath): string {
  return path
    .map((part, index) => {
      if (typeof part === "number") return `[${part}]`;
      if (/^[A-Za-z_][\w-]*$/.test(part)) return index === 0 ? part : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join("");
}
