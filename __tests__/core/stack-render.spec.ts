/**
 * Environment stacks render in one resolution pass (lib/core/stack-render.ts)
 * and the JSON is cdktf's own, or they fall back to cdktf's render.
 */
import { Aspects, Lazy, TerraformResource, Testing, type App, type IAspect } from "cdktf";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Id } from "@cdktf/provider-random/lib/id";
import type { Construct } from "constructs";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { addEnvironment } from "../../lib/app";
import { loadEnvironments } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/schema";
import { EnvironmentStack } from "../../lib/core/environment-stack";
import { STOCK_RENDER_VARIABLE } from "../../lib/core/stack-render";
import { shippedEnvironment, stacksOf } from "../helpers/synth";

type Json = { [key: string]: any };

/** Runs `work` with COINSTACKS_STOCK_RENDER set to `value` (unset when undefined). */
function withStockRender<T>(value: string | undefined, work: () => T): T {
  const previous = process.env[STOCK_RENDER_VARIABLE];
  if (value === undefined) delete process.env[STOCK_RENDER_VARIABLE];
  else process.env[STOCK_RENDER_VARIABLE] = value;
  try {
    return work();
  } finally {
    if (previous === undefined) delete process.env[STOCK_RENDER_VARIABLE];
    else process.env[STOCK_RENDER_VARIABLE] = previous;
  }
}

/** What App.synth does before writing: prepare every stack, run the aspects of each, render each. */
function renderApp(app: App): Record<string, Json> {
  const stacks = stacksOf(app);
  stacks.forEach((stack) => stack.prepareStack());
  stacks.forEach((stack) => invokeAspects(stack));
  return Object.fromEntries(stacks.map((stack) => [stack.node.id, stack.toTerraform()]));
}

function appOf(environments: EnvironmentConfig[], change: (app: App) => void = () => {}): App {
  const app = Testing.app();
  for (const env of environments) addEnvironment(app, env);
  change(app);
  return app;
}

/** One random_id whose byte length is produced lazily, counting how often it is resolved. */
class LazyProbeStack extends EnvironmentStack {
  resolutions = 0;
  constructor(scope: Construct) {
    super(scope, "probe", { env: shippedEnvironment("local") });
    new RandomProvider(this, "random");
    new Id(this, "id", { byteLength: Lazy.numberValue({ produce: () => ++this.resolutions && 8 }) });
  }
}

/** The probe stack prepared once and rendered twice, as synth does (policy checks, then the file). */
function renderProbeTwice(): LazyProbeStack {
  const stack = new LazyProbeStack(Testing.app());
  stack.prepareStack();
  stack.toTerraform();
  stack.toTerraform();
  return stack;
}

describe("stack render", () => {
  it("writes for every stack of every shipped environment exactly what cdktf's own preparation and render write", () => {
    const environments = loadEnvironments();
    const stock = withStockRender("1", () => renderApp(appOf(environments)));
    const singlePass = withStockRender(undefined, () => renderApp(appOf(environments)));
    expect(Object.keys(singlePass)).toEqual(Object.keys(stock));
    for (const [id, json] of Object.entries(singlePass)) expect({ id, json }).toStrictEqual({ id, json: stock[id] });
  });

  it("resolves each attribute once, however often the stack is rendered", () => {
    expect(withStockRender(undefined, renderProbeTwice).resolutions).toBe(1);
  });

  it("resolves through cdktf's preparation and render, three times, when COINSTACKS_STOCK_RENDER=1", () => {
    expect(withStockRender("1", renderProbeTwice).resolutions).toBe(3);
  });

  it("lists the cross-stack outputs that later stacks add to the cluster stack after it was rendered", () => {
    const json = renderApp(appOf([shippedEnvironment("dev")]));
    const outputs = Object.keys(json["dev-cluster"]!.output ?? {}).filter((name) => name.startsWith("cross-stack-output-"));
    expect(outputs.length).toBeGreaterThan(0);
    expect(Object.values(json["dev-cluster"]!["//"].outputs["dev-cluster"])).toEqual(expect.arrayContaining(outputs));
  });

  it("keeps stack-level overrides, by rendering such a stack through cdktf", () => {
    const json = renderApp(
      appOf([shippedEnvironment("dev")], (app) => (app.node.findChild("dev-platform") as EnvironmentStack).addOverride("terraform.required_version", ">= 1.9.0")),
    );
    expect(json["dev-platform"]!.terraform.required_version).toBe(">= 1.9.0");
  });

  it("keeps what an aspect changes after preparation, by rendering through cdktf when an unknown aspect is attached", () => {
    const marker: IAspect = {
      visit: (node) => {
        if (TerraformResource.isTerraformResource(node)) node.addOverride("test_marker", "set by an aspect");
      },
    };
    const json = renderApp(appOf([shippedEnvironment("dev")], (app) => Aspects.of(app.node.findChild("dev-bitcoin")).add(marker)));
    const resources = Object.values(json["dev-bitcoin"]!.resource as Record<string, Record<string, Json>>).flatMap((byName) => Object.values(byName));
    expect(resources.every((resource) => resource.test_marker === "set by an aspect")).toBe(true);
  });
});
