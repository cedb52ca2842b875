/** The fingerprint of a plan (lib/ci/plan-fingerprint.ts): equal for plans that make the same changes, different otherwise. */
import { type FingerprintedPlan, planFingerprint } from "../../lib/ci/plan-fingerprint";

const plan: FingerprintedPlan = {
  resource_changes: [
    { address: "kubernetes_config_map_v1.scripts", change: { actions: ["update"], after: { data: { "a.sh": "new" }, metadata: [{ name: "bitcoin-scripts" }] }, after_unknown: {} } },
    { address: "aws_backup_plan.daemon", change: { actions: ["create"], after: { name: "coinstacks-prod-bitcoin-daemon" }, after_unknown: { id: true } } },
    { address: "kubernetes_namespace_v1.coin", change: { actions: ["no-op"], after: { metadata: [{ name: "coin-bitcoin" }] } } },
  ],
  output_changes: { cluster_name: { actions: ["no-op"], after: "coinstacks-prod" } },
};
const copy = (): any => structuredClone(plan);

describe("a plan's fingerprint", () => {
  it("is the same for the same changes, whatever order Terraform lists them or their keys in", () => {
    const reordered = copy();
    reordered.resource_changes.reverse();
    reordered.resource_changes[2].change.after = { metadata: [{ name: "bitcoin-scripts" }], data: { "a.sh": "new" } };
    expect(planFingerprint(reordered)).toBe(planFingerprint(plan));
  });
  it("ignores what does not change (no-op resources and outputs)", () => {
    const quieter = copy();
    quieter.resource_changes.pop();
    quieter.output_changes = {};
    expect(planFingerprint(quieter)).toBe(planFingerprint(plan));
  });
  it("changes with a value after apply, with the actions, and with a resource more", () => {
    const value = copy();
    value.resource_changes[0].change.after.data["a.sh"] = "other";
    const actions = copy();
    actions.resource_changes[1].change.actions = ["delete", "create"];
    const more = copy();
    more.resource_changes.push({ address: "aws_backup_selection.daemon", change: { actions: ["create"], after: {} } });
    for (const changed of [value, actions, more]) expect(planFingerprint(changed)).not.toBe(planFingerprint(plan));
  });
  it("changes when an output the plan changes gets another value (what a downstream stack reads)", () => {
    const output = copy();
    output.output_changes = { cluster_name: { actions: ["update"], after: "renamed" } };
    const other = copy();
    other.output_changes = { cluster_name: { actions: ["update"], after: "other" } };
    expect(planFingerprint(output)).not.toBe(planFingerprint(other));
  });
  it("is a sha256 in hex, revealing no value of the plan", () => {
    expect(planFingerprint(plan)).toMatch(/^[0-9a-f]{64}$/);
  });
});
