/**
 * terraformText: literal text escaped for Terraform's templates, cdktf tokens
 * kept as expressions. (That Terraform reads the result back as the original
 * text is proven with the real binary in acceptance/terraform.spec.ts.)
 */
import { Testing, TerraformStack } from "cdktf";
import { StringResource } from "@cdktf/provider-random/lib/string-resource";
import { terraformJson, terraformText, terraformTextDeep } from "../../lib/core/terraform-text";

describe("terraformText", () => {
  it("escapes an interpolation opener as $${", () => {
    expect(terraformText('. "${PROBE_LIB:-/probe-lib.sh}"')).toBe('. "$${PROBE_LIB:-/probe-lib.sh}"');
  });

  it("escapes a directive opener as %%{", () => {
    expect(terraformText("curl -w '%{http_code}'")).toBe("curl -w '%%{http_code}'");
  });

  it("escapes text that already looks escaped, so it too reads back unchanged", () => {
    expect(terraformText("$${x} %%{y}")).toBe("$$${x} %%%{y}");
  });

  it("leaves text without openers alone", () => {
    expect(terraformText("100% of $HOME {braces}")).toBe("100% of $HOME {braces}");
  });

  it("keeps a cdktf token an expression and escapes the literal text around it", () => {
    const stack = new TerraformStack(Testing.app(), "text");
    const random = new StringResource(stack, "random", { length: 8 });
    new StringResource(stack, "holder", { length: 8, keepers: { note: terraformText(`\${literal} ${random.result} %{x}`) } });
    const keepers = JSON.parse(Testing.synth(stack)).resource.random_string.holder.keepers;
    expect(keepers.note).toBe("$${literal} ${random_string.random.result} %%{x}");
  });

  it("walks plain objects and arrays, keys included, and leaves class instances alone", () => {
    const instance = new Date(0);
    expect(terraformTextDeep({ "${k}": ["${a}", { b: "%{c}" }], n: 1, instance })).toEqual({ "$${k}": ["$${a}", { b: "%%{c}" }], n: 1, instance });
  });

  it("serializes JSON documents (policies, chart values) as literal text", () => {
    expect(terraformJson({ Resource: "arn:aws:s3:::bucket/${aws:username}" })).toBe('{"Resource":"arn:aws:s3:::bucket/$${aws:username}"}');
  });
});
