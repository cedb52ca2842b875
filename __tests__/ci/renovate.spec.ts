/**
 * Issue 16: what Dependabot cannot read, Renovate updates (renovate.json): its regex managers must find
 * every pinned Helm chart and every pinned container image, which are derived here from the code (CHARTS,
 * the synthesized pods, the image tool declarations), not listed again. Renovate itself runs on GitHub.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { IMAGE_TOOLS } from "../../coinstacks/image-tools";
import { MONITOR_IMAGE } from "../../lib/coinstack/monitor-image";
import { CHARTS } from "../../lib/platform/charts";
import { shippedSynthesis } from "../helpers/synth";

const ROOT = join(__dirname, "..", "..");
const config = JSON.parse(readFileSync(join(ROOT, "renovate.json"), "utf8"));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [relative(ROOT, path)];
  });
}

/** `depName` and `currentValue` of every match of a regex manager, as Renovate reads the files its patterns select. */
function found(manager: any): { depName: string; currentValue: string; registryUrl?: string }[] {
  const patterns = (manager.managerFilePatterns as string[]).map((p) => new RegExp(p.slice(1, -1)));
  const selected = [...files(join(ROOT, "coinstacks")), ...files(join(ROOT, "lib")), ...files(join(ROOT, "config"))].filter((f) => patterns.some((p) => p.test(f)));
  return selected.flatMap((file) =>
    (manager.matchStrings as string[]).flatMap((source) => [...readFileSync(join(ROOT, file), "utf8").matchAll(new RegExp(source, "g"))].map((m) => m.groups as any)),
  );
}

const [charts, images] = config.customManagers;

it("updates only what Dependabot does not: the regex managers", () => {
  expect(config.enabledManagers).toEqual(["custom.regex"]);
});

it("finds every pinned Helm chart with its repository and exact version", () => {
  expect(found(charts)).toEqual(Object.values(CHARTS).map((c) => ({ depName: c.chart, currentValue: c.version, registryUrl: c.repository })));
});

it("finds every pinned container image: the synthesized pods', the monitor image and each image tool declaration", () => {
  const { stacks } = shippedSynthesis();
  const podImages = [...stacks.values()].flatMap((json) =>
    Object.values<any>(json.resource?.kubernetes_stateful_set_v1 ?? {}).flatMap((sts) => [...sts.spec.template.spec.container, ...(sts.spec.template.spec.init_container ?? [])].map((c: any) => c.image as string)),
  );
  const pinned = new Set([...podImages, MONITOR_IMAGE, ...Object.keys(IMAGE_TOOLS)].map((image) => image.replace(/^docker\.io\/(library\/)?/, "")));
  const matched = new Set(found(images).map((m) => `${m.depName}:${m.currentValue}`));
  expect([...pinned].filter((image) => !matched.has(image.replace(/@sha256:[a-f0-9]{64}$/, "")))).toEqual([]);
});
