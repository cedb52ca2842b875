/**
 * Every synthesized stack of every shipped environment is valid Terraform for the real providers:
 * cdktf's `toBeValidTerraform()` (`terraform init`, then `terraform validate -json`) on each stack
 * written out by `Testing.fullSynth`.
 *
 * It needs Terraform and the provider registry, so it runs only where COINSTACKS_TERRAFORM_PROVIDERS=1
 * (the validate workflow); elsewhere, `npm test` included, it is reported as skipped.
 *
 * The matcher's bare `terraform init` would also initialize the backend, and the S3 backend needs AWS
 * credentials to do that (hashicorp/terraform-cdk#3909). Terraform appends TF_CLI_ARGS_init to every
 * `terraform init` it runs, so `-backend=false` there skips only the backend's initialization: the
 * configuration validated is the stack exactly as synthesized, backend block included.
 */
import { Testing, type TerraformStack } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type * as ConfigLoad from "../../lib/config/load";
import type * as SynthHelpers from "../helpers/synth";
import { COIN_NAMES } from "../../coinstacks/names";

const PROVIDERS_VARIABLE = "COINSTACKS_TERRAFORM_PROVIDERS";
const INIT_ARGUMENTS = "-backend=false -input=false -no-color";
/** A first init downloads the AWS provider (hundreds of MB) unless the plugin cache has it. */
const STACK_TIMEOUT_MS = 10 * 60 * 1000;

if (process.env[PROVIDERS_VARIABLE] !== "1") {
  describe.skip(`terraform validate with the real providers (skipped: needs Terraform and the registry; set ${PROVIDERS_VARIABLE}=1)`, () => {
    it("every stack of every shipped environment", () => undefined);
  });
} else {
  // Loaded only here, so that the skipped suite costs npm test nothing but this file.
  const { loadEnvironments } = require("../../lib/config/load") as typeof ConfigLoad;
  const { buildEnvironment, stacksOf } = require("../helpers/synth") as typeof SynthHelpers;

  describe("terraform validate with the real providers", () => {
    const previous = process.env.TF_CLI_ARGS_init;
    beforeAll(() => {
      process.env.TF_CLI_ARGS_init = INIT_ARGUMENTS;
    });
    afterAll(() => {
      if (previous === undefined) delete process.env.TF_CLI_ARGS_init;
      else process.env.TF_CLI_ARGS_init = previous;
    });

    describe.each(loadEnvironments({ coins: COIN_NAMES }).map((env) => [env.name, env] as const))("environment %s", (_name, env) => {
      const stacks = stacksOf(buildEnvironment(env).app);
      // As App.synth does before writing any stack: cross-stack references become remote-state data sources and outputs.
      stacks.forEach((stack) => stack.prepareStack());

      it.each(stacks.map((stack) => [stack.node.id, stack] as [string, TerraformStack]))(
        "%s is valid Terraform, validated with its backend block",
        (id, stack) => {
          const outdir = Testing.fullSynth(stack);
          try {
            const synthesized = JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
            expect(Object.keys(synthesized.terraform.backend ?? {})).toHaveLength(1);
            expect(outdir).toBeValidTerraform();
          } finally {
            rmSync(outdir, { recursive: true, force: true });
          }
        },
        STACK_TIMEOUT_MS,
      );
    });
  });
}
