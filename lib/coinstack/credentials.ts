import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct } from "constructs";
import { EphemeralPassword, writeOnlyRevision } from "../core/ephemeral-password";
import type { ResolvedCoinstack } from "./resolve";

/** Where the credentials Secret is mounted; scripts read `/secrets/<key>`. */
export const SECRETS_DIR = "/secrets";

/**
 * The coinstack's credentials. Values come from ephemeral `random_password` blocks and reach the
 * Secret through the write-only `data_wo`, so they are in neither the synthesized JSON, the plan nor
 * the state; `coins.<coin>.credentials.rotation` sets `data_wo_revision`, the one thing Terraform
 * keeps. With `existingSecret` in config nothing is created here.
 */
export class Credentials extends Construct {
  /** Name of the Secret the pods mount; undefined when the coinstack needs none. */
  readonly secretName?: string;
  readonly secret?: SecretV1;
  /** The revision of the generated values, for the pod-template annotation; undefined when not generated here. */
  readonly revision?: number;

  constructor(scope: Construct, id: string, props: { coinstack: ResolvedCoinstack; namespace: string }) {
    super(scope, id);
    const { coinstack } = props;
    if (coinstack.secrets.length === 0) return;
    if (coinstack.settings.existingSecret) {
      this.secretName = coinstack.settings.existingSecret;
      return;
    }
    const data: Record<string, string> = {};
    for (const secret of coinstack.secrets) {
      data[secret.key] = new EphemeralPassword(this, secret.key, { length: secret.length ?? 32, hex: secret.hex }).result;
    }
    this.revision = writeOnlyRevision(coinstack.settings.credentials.rotation);
    this.secret = new SecretV1(this, "secret", {
      metadata: { name: coinstack.names.secret, namespace: props.namespace, labels: coinstack.names.labels },
      dataWo: data,
      dataWoRevision: this.revision,
    });
    this.secretName = coinstack.names.secret;
  }
}
